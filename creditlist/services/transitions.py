"""What follows each transition of an entry: documents, deadlines, notifications and the early
removal application. Hooks run inside the transition's transaction, in the order
creditlist.effects declares (`func(entry, log, payload)`)."""

from casemgmt.documents.services import document_issue

from .. import rules
from ..choices import ApplicationStatus
from . import common
from .removal import application_decide


def _issue(entry, kind: str, log, **extra):
    return document_issue(
        entry,
        kind,
        actor=log.actor,
        extra={"bureau": common.bureau_name(entry), "party": entry.party, "entry": entry, **extra},
    )


def notice_served(entry, log, payload):
    """The pre-listing notice (列入告知书) is numbered and issued; the party's window to state a
    defence or ask for a hearing runs from its service."""
    window = common.open_limit(
        entry,
        common.STATEMENT,
        label="当事人陈述、申辩、申请听证期限",
        basis=rules.STATEMENT_BASIS,
        start=entry.notice_served_on,
        amount=rules.statement_working_days(),
        mirror="statement_due",
    )
    _issue(
        entry,
        "credit_listing_notice",
        log,
        window_due=window.due,
        window_provisional=window.provisional,
        window_days=rules.statement_working_days(),
    )


def party_replied(entry, log, payload):
    day = entry.rights_waived_on or entry.objection_received_on or entry.hearing_requested_on
    common.meet(entry, common.STATEMENT, on=day)


def party_heard(entry, log, payload):
    # The window lapsed unused (or the reply was recorded): it no longer runs.
    common.meet(entry, common.STATEMENT, on=entry.statement_due)


def consent_requested(entry, log, payload):
    """Reported to the level above: the party's window no longer runs; the city bureau's heads are
    told of a county's request (the province answers the city's outside the system)."""
    party_heard(entry, log, payload)
    parent = entry.jurisdiction.parent_id
    if parent is not None:
        common.notify(
            common.staff_in(parent, "agency_head"),
            entry,
            title=f"请审查是否同意列入严重违法失信名单：{entry}",
            body=f"{common.bureau_name(entry)}报请同意将{entry.party.name}列入严重违法失信名单。",
            key=f"creditlist:{entry.pk}:consent",
        )


def listed(entry, log, payload):
    """The listing decision (列入决定书) is numbered and issued; it must be published within 20
    working days."""
    party_heard(entry, log, payload)
    document = _issue(entry, "credit_listing_decision", log, measures=list(entry.measures.all()))
    entry.listing_document = document
    entry.listing_number = document.number_text
    entry.save(update_fields=["listing_document", "listing_number", "updated_at"])
    common.open_limit(
        entry,
        common.PUBLICATION,
        label="公示严重违法失信名单期限",
        basis=rules.PUBLICATION_BASIS,
        start=entry.listed_on,
        amount=rules.publication_working_days(),
    )
    common.notify(
        common.staff_of(entry, "credit_officer"),
        entry,
        title=f"待公示：{entry}",
        body=f"列入决定已作出，应于二十个工作日内公示（列入日期 {entry.listed_on:%Y-%m-%d}）。",
        key=f"creditlist:{entry.pk}:listed",
    )


def published(entry, log, payload):
    common.meet(entry, common.PUBLICATION, on=entry.published_on)


def removal_requested(entry, log, payload):
    common.open_limit(
        entry,
        common.REMOVAL_DECISION,
        label="提前移出申请审查期限",
        basis=rules.REMOVAL_DECISION_BASIS,
        start=rules.today(),
        amount=rules.removal_decision_working_days(),
    )
    common.notify(
        common.staff_of(entry, "legal_reviewer", "agency_head"),
        entry,
        title=f"待审查提前移出申请：{entry}",
        body="当事人申请提前移出严重违法失信名单，请审查并作出决定。",
        key=f"creditlist:{entry.pk}:removal:{log.pk}",
    )


def removal_approved(entry, log, payload):
    common.meet(entry, common.REMOVAL_DECISION)
    application = application_decide(
        entry, status=ApplicationStatus.APPROVED, reason=log.reason or "符合提前移出条件", actor=log.actor
    )
    entry.end_reason = log.reason or "准予提前移出（信用修复）"
    entry.save(update_fields=["end_reason", "updated_at"])
    _issue(entry, "credit_removal_decision", log, application=application)
    common.cancel_open(entry, reason="已提前移出")


def removal_refused(entry, log, payload):
    common.meet(entry, common.REMOVAL_DECISION)
    application_decide(entry, status=ApplicationStatus.REFUSED, reason=log.reason, actor=log.actor)


def ended(entry, log, payload):
    """Dismissed, refused by the level above, revoked or expired: the reason is kept, the open
    limits stop (a revocation's own limit is met: the system acted at once), and an application
    under examination is closed."""
    if log.transition == "revoke":
        common.meet(entry, common.REVOCATION)
    reason = log.reason or ("列入期限届满" if log.transition == "expire" else "")
    entry.end_reason = reason
    entry.save(update_fields=["end_reason", "updated_at"])
    common.cancel_open(entry, reason=f"{log.transition_label}：{reason}" if reason else log.transition_label)
    application_decide(entry, status=ApplicationStatus.CLOSED, reason=f"{log.transition_label}，申请终结", actor=None)
