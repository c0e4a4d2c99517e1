"""Writes of the publication pipeline, a kernel service used by every workflow that publishes:
entering an item (masked, with its 20-working-day limit), requiring its withdrawal when the
underlying act changes (3 working days), expiring it, and the reactions to its transitions.

State changes go through casemgmt.workflow.services.fire_transition, the system's own (expiry)
as the system actor; other writes through casemgmt.workflow.steps.audited_write. What follows each
transition is declared in order by `EFFECTS` (registered by the app's ready)."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.models import Deadline
from casemgmt.calendar.services import deadline_cancel, deadline_mark_met, deadline_open
from casemgmt.errors import Conflict, Invalid
from casemgmt.notifications.services import notification_create
from casemgmt.org.models import User
from casemgmt.search.indexing import delete_on_commit, index_on_commit
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.permissions import SystemOnly
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.steps import audited_write

from . import rules
from .kinds import get_publication_kind
from .masking import published_equals_source_apart_from_masks
from .models import Publication, PublicationVersion
from .permissions import REVIEWERS
from .public_cache import public_answers_changed
from .selectors import active_publication_of

PUBLISH_LIMIT = "publication"
WITHDRAWAL_LIMIT = "publication_withdrawal"
REPLACEMENT_LIMIT = "publication_replacement"
State = Publication.State
SYSTEM = SystemOnly()


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
    person_addresses, personal_values [[value, category]], keep_terms, public_codes (see masking.py).
    Raises Conflict when the subject already has a pending or published item."""
    if get_publication_kind(kind) is None:
        raise ValueError(f"unknown publication kind {kind!r}")
    if active_publication_of(subject) is not None:
        raise Conflict("该事项已在公示流程中。")
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
        raise Conflict("屏蔽后的公示文本与原文不一致。")
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


def publication_withdrawal_required(subject, reason: str, *, on: dt.date | None = None):
    """The published act was changed, revoked or found unlawful on `on` (default today): its
    publication must be withdrawn within 3 working days, and can no longer be published or
    corrected. A cascade: the system records it, naming the cause. Returns the publication
    concerned, or None when `subject` has none pending or published. Raises Invalid without a
    reason."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("输入有误。", {"reason": ["请填写应撤回公示的事由。"]})
    on = on or rules.today()
    publication = active_publication_of(subject)
    if publication is None or publication.withdrawal_required_on is not None:
        return publication
    with audited_write(
        publication,
        "withdrawal_required",
        "决定被变更或撤销，应撤回公示",
        actor=SystemActor("公示的决定被变更、撤销或确认违法的，应当在三个工作日内撤回（行政处罚信息公示规定）"),
        permission=SYSTEM,
        reason=reason,
    ) as write:
        publication = write.obj
        write.edit(publication, withdrawal_required_on=on, withdrawal_required_reason=reason)
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


def publication_replacement_required(
    subject, source_text: str, reason: str, *, on: dt.date | None = None, summary: dict | None = None
):
    """The published act was changed (变更) on `on` (default today) and `source_text` is the act as
    changed (`summary` its summary as changed, if that changed too): the public text must be replaced
    by it within 3 working days (a reviewer corrects the publication, checking the masking). A
    pending item simply takes the new text and summary before it is reviewed. A cascade: the system records it, naming the cause. Returns the publication
    concerned, or None when `subject` has none pending or published. Raises Invalid without a
    reason or a text."""
    reason = (reason or "").strip()
    source_text = (source_text or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = ["请填写决定变更的事由。"]
    if not source_text:
        errors["changed_text"] = ["请提供变更后的决定书文本。"]
    if errors:
        raise Invalid("输入有误。", errors)
    on = on or rules.today()
    publication = active_publication_of(subject)
    if publication is None or publication.withdrawal_required_on is not None:
        return publication
    with audited_write(
        publication,
        "replacement_required",
        "决定被变更，应更新公示内容",
        actor=SystemActor("公示的决定被变更的，应当在三个工作日内更新公示内容（行政处罚信息公示规定）"),
        permission=SYSTEM,
        reason=reason,
    ) as write:
        publication = write.obj
        if publication.state == State.PENDING:
            # Not public yet: the reviewer will publish the changed text.
            masked = publication.mask(source_text)
            write.edit(publication, changed_on=on, source_text=source_text, published_text=masked.text, save=False)
            if summary:
                write.edit(publication, summary=summary, save=False)
            publication.masked_spans = masked.spans
            publication.search_text = publication.searchable_text()
            publication.save()
            index_on_commit(publication)
        else:
            write.edit(publication, changed_on=on, replacement_text=source_text, replacement_summary=summary or {})
            for deadline in _limits(publication, REPLACEMENT_LIMIT):
                deadline_cancel(deadline, reason="决定再次变更，按最新的变更决定更新")
            deadline_open(
                publication,
                kind=REPLACEMENT_LIMIT,
                label="更新公示内容期限",
                legal_basis=rules.WITHDRAWAL_BASIS,
                start=on,
                rule=Rule.WORKING_DAYS,
                amount=rules.withdrawal_working_days(),
            )
        _notify_reviewers(
            publication,
            title=f"应更新公示：{publication.title}",
            body=f"{reason}（应在三个工作日内按变更后的决定更正公示内容）",
            key=f"publication:{publication.pk}:replacement:{on.isoformat()}",
            level="warning",
        )
    return publication


def publications_expire() -> int:
    """Periodic pass: stop publishing what has run its period. Returns how many expired.
    (The public never sees them past their last day anyway: the public selectors check the date.)"""
    due = Publication.objects.filter(state=State.PUBLISHED, public_until__lt=rules.today()).values_list("pk", flat=True)
    system = SystemActor("公示期满，停止公示（行政处罚信息公示规定）")
    count = 0
    for pk in list(due):
        try:
            fire_transition(Publication(pk=pk), "expire", actor=system, reason="公示期满")
        except Conflict:
            continue  # changed meanwhile (withdrawn, ended): nothing left to expire
        count += 1
    return count


REMASK_REASON = "屏蔽规则更新：按现行规则重新屏蔽个人信息"


def publications_apply_current_masking(*, dry_run: bool = False) -> list[int]:
    """Mask every public text again from its source where today's rules hide more than the rules
    it was published under (e.g. a person's address a kept term used to release). Each is a new
    public version through the system's transition. Returns the ids changed (or, dry, to change)."""
    outdated = [
        publication.pk
        for publication in Publication.objects.filter(state=State.PUBLISHED).only(
            "pk", "source_text", "published_text", "masking"
        )
        if rules.masking_outdated(publication)
    ]
    if dry_run:
        return outdated
    system = SystemActor("屏蔽规则更新后重新屏蔽已公示文本")
    changed = []
    for pk in outdated:
        try:
            fire_transition(Publication(pk=pk), "apply_current_masking", actor=system, reason=REMASK_REASON)
        except Conflict:
            continue  # withdrawn, ended or re-masked meanwhile
        changed.append(pk)
    return changed


# --- reactions to transitions (inside the transition's transaction) ------------------------------


def on_published(publication, log, payload):
    _meet(publication, PUBLISH_LIMIT, on=publication.public_from)
    _record_version(publication, actor=log.actor, reason="")


def on_corrected(publication, log, payload):
    _meet(publication, REPLACEMENT_LIMIT, on=rules.today())
    _record_version(publication, actor=log.actor, reason=log.reason)


def on_remasked(publication, log, payload):
    _record_version(publication, actor=None, reason=log.reason)
    _notify_reviewers(
        publication,
        title=f"公示文本已重新屏蔽：{publication.title}",
        body="屏蔽规则更新后，系统按现行规则重新屏蔽了该公示的个人信息，并公示为新版本。",
        key=f"publication:{publication.pk}:remasked:{publication.version}",
    )


def on_withdrawn(publication, log, payload):
    _meet(publication, WITHDRAWAL_LIMIT, on=rules.today())
    _cancel(publication, PUBLISH_LIMIT, reason="撤回，不再公示")
    _cancel(publication, REPLACEMENT_LIMIT, reason="撤回，不再公示")
    delete_on_commit(publication)


def on_ended(publication, log, payload):
    reason = "公示期满" if log.transition == "expire" else "信用修复，提前停止公示"
    _cancel(publication, WITHDRAWAL_LIMIT, reason=reason)
    _cancel(publication, REPLACEMENT_LIMIT, reason=reason)
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


def _notify_reviewers(publication: Publication, *, title: str, body: str, key: str, level: str = "info") -> None:
    reviewers = User.objects.filter(is_active=True, role__in=REVIEWERS, jurisdiction_id=publication.jurisdiction_id)
    for user in reviewers:
        notification_create(
            recipient=user, title=title, body=body, url=publication.get_absolute_url(), level=level, dedupe_key=key
        )


# What follows each transition of a publication, in order (declared by PublicationConfig.ready).
EFFECTS = {
    "publish": [on_published, public_answers_changed],
    "correct": [on_corrected, public_answers_changed],
    "apply_current_masking": [on_remasked, public_answers_changed],
    "withdraw": [on_withdrawn, public_answers_changed],
    "expire": [on_ended, public_answers_changed],
    "end_by_repair": [on_ended, public_answers_changed],
}
