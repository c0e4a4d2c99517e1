"""Writes of the publication pipeline, a kernel service used by every workflow that publishes:
entering an item (masked, with its 20-working-day limit), requiring its withdrawal when the
underlying act changes (3 working days), expiring it, and the reactions to its transitions.

State changes by users go through casemgmt.workflow.services.fire_transition; the system's own
(expiry) through `_fire_as_system`, which does the same minus the user checks."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.models import Deadline
from casemgmt.calendar.services import deadline_cancel, deadline_mark_met, deadline_open
from casemgmt.notifications.services import notification_create
from casemgmt.org.models import User
from casemgmt.search.indexing import delete_on_commit, index_on_commit
from casemgmt.workflow.exceptions import InvalidPayload, WrongState
from casemgmt.workflow.hooks import hooks_for, on_transition
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import record_creation
from casemgmt.workflow.transitions import transition_specs

from . import rules
from .kinds import get_publication_kind
from .masking import published_equals_source_apart_from_masks
from .models import Publication, PublicationVersion
from .permissions import REVIEWERS
from .selectors import active_publication_of

PUBLISH_LIMIT = "publication"
WITHDRAWAL_LIMIT = "publication_withdrawal"
State = Publication.State


def publication_create(
    *,
    subject,
    kind: str,
    title: str,
    summary: dict,
    source_text: str,
    source_date: dt.date,
    period_months: int,
    masking: dict | None = None,
    actor=None,
) -> Publication:
    """Enter `subject` (a saved object with a jurisdiction) into the pipeline: the text is masked
    now, a reviewer publishes it; the limit of 20 working days runs from `source_date`.

    `masking` holds what masking must know besides the text: other_person_names,
    person_addresses, personal_values [[value, category]], keep_terms (see masking.py).
    Raises WrongState when the subject already has a pending or published item."""
    if get_publication_kind(kind) is None:
        raise ValueError(f"unknown publication kind {kind!r}")
    if active_publication_of(subject) is not None:
        raise WrongState("该事项已在公示流程中。")
    publication = Publication(
        jurisdiction_id=subject.jurisdiction_id,
        created_by=actor,
        kind=kind,
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        title=title[:300],
        summary=summary,
        source_date=source_date,
        period_months=period_months,
        masking=masking or {},
    )
    publication.set_source_text(source_text)
    if not published_equals_source_apart_from_masks(
        publication.source_text, publication.published_text, publication.masked_spans
    ):
        raise WrongState("屏蔽后的公示文本与原文不一致。")
    with transaction.atomic():
        publication.save()
        record_creation(publication, actor=actor, reason="进入公示审核")
        deadline_open(
            publication,
            kind=PUBLISH_LIMIT,
            label="审核公示期限",
            legal_basis=rules.PUBLICATION_BASIS,
            start=source_date,
            rule=Rule.WORKING_DAYS,
            amount=rules.publication_working_days(),
        )
        _notify_reviewers(
            publication,
            title=f"待审核公示：{publication.title}",
            body="请核对自动屏蔽的个人信息后审核公示。",
            key=f"publication:{publication.pk}:pending",
        )
        index_on_commit(publication)
    return publication


def publication_withdrawal_required(subject, reason: str, *, actor=None, on: dt.date | None = None):
    """The published act was changed, revoked or found unlawful on `on` (default today): its
    publication must be withdrawn within 3 working days, and can no longer be published or
    corrected. Returns the publication concerned, or None when `subject` has none pending or
    published. Raises InvalidPayload (400) without a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidPayload("输入有误。", {"reason": ["请填写应撤回公示的事由。"]})
    on = on or rules.today()
    with transaction.atomic():
        publication = active_publication_of(subject)
        if publication is None:
            return None
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.withdrawal_required_on is not None:
            return publication
        publication.withdrawal_required_on = on
        publication.withdrawal_required_reason = reason
        publication.save(update_fields=["withdrawal_required_on", "withdrawal_required_reason", "updated_at"])
        _log_step(
            publication, name="withdrawal_required", label="决定被变更或撤销，应撤回公示", actor=actor, reason=reason
        )
        deadline_open(
            publication,
            kind=WITHDRAWAL_LIMIT,
            label="撤回公示期限",
            legal_basis=rules.WITHDRAWAL_BASIS,
            start=on,
            rule=Rule.WORKING_DAYS,
            amount=rules.withdrawal_working_days(),
        )
        _notify_reviewers(
            publication,
            title=f"应撤回公示：{publication.title}",
            body=f"{reason}（应在三个工作日内撤回）",
            key=f"publication:{publication.pk}:withdrawal",
            level="warning",
        )
    return publication


def publications_expire() -> int:
    """Periodic pass: stop publishing what has run its period. Returns how many expired.
    (The public never sees them past their last day anyway: the public selectors check the date.)"""
    due = Publication.objects.filter(state=State.PUBLISHED, public_until__lt=rules.today()).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        try:
            _fire_as_system(Publication(pk=pk), "expire", reason="公示期满")
        except WrongState:
            continue  # changed meanwhile (withdrawn, ended): nothing left to expire
        count += 1
    return count


def _fire_as_system(instance: Publication, name: str, *, reason: str) -> Publication:
    """fire_transition for the system's own transitions (no user: no visibility or permission
    check): lock, state, conditions, transition, log with no actor, hooks, indexing."""
    spec = transition_specs(Publication)[name]
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=instance.pk)
        if not spec.allowed_from(locked.state):
            raise WrongState(f"当前状态“{locked.state_label}”下不能执行“{spec.label}”。")
        blocked = [c.message for c in spec.conditions if not c(locked)]
        if blocked:
            raise WrongState("；".join(blocked))
        source = locked.state
        getattr(locked, name)(actor=None, payload={})
        locked.save()
        log = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(Publication),
            object_id=locked.pk,
            jurisdiction_id=locked.jurisdiction_id,
            transition=name,
            transition_label=spec.label,
            source=source,
            target=locked.state,
            actor=None,
            reason=reason,
        )
        for hook in hooks_for(Publication, name):
            hook(locked, log, {})
        index_on_commit(locked)
    return locked


# --- reactions to transitions (inside the transition's transaction) ------------------------------


@on_transition(Publication, "publish")
def _published(publication, log, payload):
    _meet(publication, PUBLISH_LIMIT, on=publication.public_from)
    _record_version(publication, actor=log.actor, reason="")


@on_transition(Publication, "correct")
def _corrected(publication, log, payload):
    _record_version(publication, actor=log.actor, reason=log.reason)


@on_transition(Publication, "withdraw")
def _withdrawn(publication, log, payload):
    _meet(publication, WITHDRAWAL_LIMIT, on=rules.today())
    _cancel(publication, PUBLISH_LIMIT, reason="撤回，不再公示")
    delete_on_commit(publication)


@on_transition(Publication, "expire", "end_by_repair")
def _ended(publication, log, payload):
    reason = "公示期满" if log.transition == "expire" else "信用修复，提前停止公示"
    _cancel(publication, WITHDRAWAL_LIMIT, reason=reason)
    delete_on_commit(publication)


def _record_version(publication: Publication, *, actor, reason: str) -> PublicationVersion:
    return PublicationVersion.objects.create(
        publication=publication,
        number=publication.version,
        summary=publication.summary,
        source_text=publication.source_text,
        published_text=publication.published_text,
        masked_spans=publication.masked_spans,
        reason=reason,
        created_by=actor,
    )


def _limits(publication: Publication, kind: str):
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Publication),
        object_id=publication.pk,
        kind=kind,
        status__in=(Deadline.Status.OPEN, Deadline.Status.OVERDUE),
    )


def _meet(publication: Publication, kind: str, *, on: dt.date) -> None:
    for deadline in _limits(publication, kind):
        deadline_mark_met(deadline, on=max(on, deadline.start))


def _cancel(publication: Publication, kind: str, *, reason: str) -> None:
    for deadline in _limits(publication, kind):
        deadline_cancel(deadline, reason=reason)


def _log_step(publication: Publication, *, name: str, label: str, actor, reason: str = "") -> TransitionLog:
    """A history row for a step that changes no state."""
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(Publication),
        object_id=publication.pk,
        jurisdiction_id=publication.jurisdiction_id,
        transition=name,
        transition_label=label,
        source=publication.state,
        target=publication.state,
        actor=actor,
        reason=reason,
        at=timezone.now(),
    )


def _notify_reviewers(publication: Publication, *, title: str, body: str, key: str, level: str = "info") -> None:
    reviewers = User.objects.filter(is_active=True, role__in=REVIEWERS, jurisdiction_id=publication.jurisdiction_id)
    for user in reviewers:
        notification_create(
            recipient=user, title=title, body=body, url=publication.get_absolute_url(), level=level, dedupe_key=key
        )
