"""The one door for state changes."""

import copy

from django.db import transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from casemgmt.errors import Conflict, Invalid

from .effects import effects_for
from .exceptions import UnknownTransition
from .history import history_append
from .steps import check_access, lock
from .transitions import transition_specs


def fire_transition(
    instance, name: str, *, actor, reason: str = "", payload: dict | None = None, context: dict | None = None
):
    """Lock the row, check visibility, permission, state, payload and conditions, fire the
    django-fsm-2 transition, save, append to the history and run the transition's declared
    effects in order, all in one transaction. Returns the updated object.

    `actor` is a user, or a SystemActor for the system's own transitions (those whose
    permission is SystemOnly). Raises UnknownTransition/Invalid, Forbidden, NotFound or
    Conflict (casemgmt.errors); on any error nothing is written."""
    model = type(instance)
    spec = transition_specs(model).get(name)
    if spec is None or not spec.applies_to(instance):
        raise UnknownTransition("没有这个操作。", {"transition": [f"未知的操作：{name}"]})
    reason = (reason or "").strip()
    payload = dict(payload or {})

    with transaction.atomic():
        locked = lock(instance)
        check_access(locked, actor, spec.permission, forbidden=f"您无权执行“{spec.label}”。")
        if not spec.allowed_from(locked.state):
            raise Conflict(f"当前状态“{locked.state_label}”下不能执行“{spec.label}”。")

        errors = {}
        if spec.reason_required and not reason:
            errors["reason"] = ["请填写理由。"]
        cleaned = {}
        if spec.payload is not None:
            serializer = spec.payload(data=payload, context={"instance": locked, "actor": actor, **(context or {})})
            if not serializer.is_valid():
                errors.update(serializer.errors)
            else:
                cleaned = dict(serializer.validated_data)
        if errors:
            raise Invalid("输入有误。", errors)

        blocked = [c.message for c in spec.conditions if not c(locked)]
        if blocked:
            raise Conflict("；".join(blocked))

        source = locked.state
        before = _snapshot(locked)
        try:
            getattr(locked, name)(actor=actor, payload=cleaned)
            locked.save(update_fields=_changed_fields(locked, before))
        except (TransitionNotAllowed, ConcurrentTransition):
            raise Conflict("对象已被他人修改，请刷新后重试。") from None

        log = history_append(
            locked,
            transition=name,
            label=spec.label,
            source=source,
            target=locked.state,
            actor=actor,
            reason=reason,
            payload=cleaned,
        )
        for effect in effects_for(model, name):
            effect(locked, log, cleaned)
        _index_after_commit(locked)
    return locked


def _snapshot(instance) -> dict:
    # JSON values may be changed in place: compare against copies.
    return {
        f.attname: copy.deepcopy(value) if isinstance(value := getattr(instance, f.attname), dict | list) else value
        for f in instance._meta.concrete_fields
    }


def _changed_fields(instance, before: dict) -> list[str]:
    """The fields the transition set, and those stamped on every save (auto_now): the UPDATE
    writes only these rather than the whole row."""
    return [
        f.name
        for f in instance._meta.concrete_fields
        if not f.primary_key and (getattr(f, "auto_now", False) or getattr(instance, f.attname) != before[f.attname])
    ]


def _index_after_commit(instance) -> None:
    from casemgmt.search.indexing import index_on_commit

    index_on_commit(instance)
