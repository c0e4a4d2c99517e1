"""The door for every write that is not a state change: a step (a payment, a time-limit
extension), a field edit, a child record (a seizure, an evidence item, a mediation session).

    with audited_write(case, "seizure_extend", "延长查封、扣押期限", actor=actor,
                       permission=rules.seizure_approvers, reason=reason) as write:
        seizure = ...                      # write.obj is the locked row
        if problem:
            raise Invalid(...)             # nothing is written, no history row
        write.edit(seizure, extension_days=days, ...)   # old → new recorded
        write.after_commit(notify)

It locks the row, checks that the actor may see it (NotFound) and may do this (Forbidden),
lets the body validate and write, then appends exactly one history row (actor as they are now,
reason, payload, changes old → new) and indexes the object after commit. Any error inside rolls
the whole write back. The system actor (actors.SystemActor) skips visibility, and passes the
permission only where it names SystemOnly."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction

from casemgmt.errors import Forbidden, Invalid, NotFound
from casemgmt.org.scoping import may_see_jurisdiction

from .actors import is_system
from .history import history_append


def lock(model_or_instance, pk=None):
    """The row, locked for this transaction (NotFound when it is gone)."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    pk = model_or_instance.pk if pk is None else pk
    try:
        return model.objects.select_for_update(of=("self",)).get(pk=pk)
    except model.DoesNotExist:
        raise NotFound() from None


def visible_to(obj, user) -> bool:
    """The user may see the object: its jurisdiction is theirs, or the object lets them in across
    jurisdictions (`also_visible_to(user)`: e.g. an inspector of one county drawn for a city task)."""
    if not hasattr(obj, "jurisdiction_id") or may_see_jurisdiction(user, obj.jurisdiction_id):
        return True
    also = getattr(obj, "also_visible_to", None)
    return bool(also is not None and also(user))


def check_access(obj, actor, permission, *, forbidden: str) -> None:
    """Visibility (NotFound) then permission (Forbidden). A permission may also raise a domain
    error itself (e.g. Conflict when the case is in no state for it)."""
    if not is_system(actor):
        if actor is None or not getattr(actor, "is_authenticated", False):
            raise NotFound()
        if not visible_to(obj, actor):
            raise NotFound()
    if permission is None or not permission(obj, actor):
        raise Forbidden(forbidden)


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    return value


@dataclass
class Write:
    """What the body of an audited write records besides its own writes."""

    obj: object
    actor: object
    name: str
    label: str
    reason: str
    payload: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    _effects: list = field(default_factory=list)

    def record(self, **values) -> None:
        """Add to the payload the history keeps (what was created, the amount paid…)."""
        self.payload.update(values)

    def change(self, name: str, old, new, *, label: str = "") -> None:
        if old != new:
            self.changes.append({"field": name, "label": label or name, "old": _plain(old), "new": _plain(new)})

    def edit(self, target, *, save: bool = True, **values) -> list[str]:
        """Set fields of `target` (the object or a child row), record each one that changes with its
        old and new value, and save just those. Returns the names of the changed fields."""
        changed = []
        for name, new in values.items():
            old = getattr(target, name)
            if old == new:
                continue
            f = target._meta.get_field(name)
            prefix = "" if target is self.obj else f"{target._meta.verbose_name}·"
            self.change(name, old, new, label=f"{prefix}{f.verbose_name}")
            setattr(target, name, new)
            changed.append(f.name)
        if save and changed:
            if any(f.name == "updated_at" for f in target._meta.concrete_fields):
                changed.append("updated_at")
            target.save(update_fields=changed)
        return [name for name in changed if name != "updated_at"]

    def after_commit(self, func: Callable[[], None]) -> None:
        self._effects.append(func)


@contextmanager
def audited_write(
    obj,
    name: str,
    label: str,
    *,
    actor,
    permission: Callable | None,
    reason: str = "",
    reason_required: bool = False,
    forbidden: str = "",
    require_change: bool = False,
):
    """Lock `obj`, check visibility and `permission(obj, actor)`, yield a Write whose `obj` is
    the locked row; on leaving the block append one history row and index after commit.

    `require_change`: an edit that changes nothing is refused (Invalid) rather than logged."""
    from casemgmt.search.indexing import index_on_commit

    reason = (reason or "").strip() if isinstance(reason, str) else ""
    with transaction.atomic():
        locked = lock(obj)
        check_access(locked, actor, permission, forbidden=forbidden or f"您无权{label}。")
        if reason_required and not reason:
            raise Invalid(errors={"reason": ["请填写理由。"]})
        write = Write(obj=locked, actor=actor, name=name, label=label, reason=reason)
        yield write
        if require_change and not write.changes:
            raise Invalid("没有修改任何内容。", {"non_field_errors": ["没有修改任何内容。"]})
        history_append(
            locked,
            transition=name,
            label=label,
            actor=actor,
            reason=reason or label,
            payload=write.payload,
            changes=write.changes,
        )
        index_on_commit(locked)
        for effect in write._effects:
            transaction.on_commit(effect)
