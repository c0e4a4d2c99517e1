"""What follows each step of the administrative penalty procedure: case numbers, time limits,
documents and notifications. Hooks run inside the transition's transaction."""

import datetime as dt

from casemgmt.calendar.counting import Rule
from casemgmt.documents.services import document_issue
from casemgmt.org.models import Role

from ..choices import ClockPause, Outcome, SuspensionGround
from ..rules import limits
from ..rules import penalty as rules
from . import deadlines as dl
from .common import assign_case_number, bureau_heads, bureau_name, bureau_staff, notify_users
from .decisions import penalty_decision_create, penalty_decision_serve
from .execution import court_window_open

ONE_DAY = dt.timedelta(days=1)


def filing_clock_paused(case, log, payload):
    measure = ClockPause(payload["measure"]).label
    dl.stop_clock(
        case,
        dl.FILING,
        start=payload["paused_from"],
        reason=f"{measure}期间不计入立案期限" + (f"：{log.reason}" if log.reason else ""),
        actor=log.actor,
        field="paused_from",
    )


def filing_clock_resumed(case, log, payload):
    dl.restart_clock(case, dl.FILING, last_stopped_day=payload["completed_on"], actor=log.actor, field="completed_on")


def filing_period_extended(case, log, payload):
    dl.extend(
        case,
        dl.FILING,
        amount=limits.FILING_EXTENSION_WORKING_DAYS,
        rule=Rule.WORKING_DAYS,
        reason=log.reason,
        approved_by=log.actor,
    )


def case_filed(case, log, payload):
    assign_case_number(case, actor=log.actor)
    document_issue(
        case,
        "filing_approval",
        actor=log.actor,
        extra={
            "bureau": bureau_name(case),
            "number": case.case_number,
            "parties": case.respondents,
            "officers": list(case.officers.all()),
        },
    )
    dl.meet(case, dl.FILING, on=case.filed_on)
    decision_limit_open(case)
    notify_users(
        case.officers.all(),
        title=f"立案指派：{case}",
        body=f"{log.actor.display_name if log.actor else '系统'} 决定立案，由您承办。",
        url=case.get_absolute_url(),
        key=f"enforcement:{case.pk}:filed",
    )


def decision_limit_open(case) -> None:
    """The time limit for the decision, counted from filing (also for an imported open case)."""
    dl.open_limit(
        case,
        dl.DECISION,
        label="作出处理决定期限",
        basis=limits.DECISION_BASIS,
        start=case.filed_on,
        rule=Rule.CALENDAR_DAYS,
        amount=limits.DECISION_DAYS,
        responsible=case.lead_officer,
    )


def service_limit_open(case) -> None:
    """The time limit for serving the penalty decision (also for an imported decided case)."""
    dl.open_limit(
        case,
        dl.SERVICE,
        label="处罚决定书送达期限",
        basis=limits.SERVICE_BASIS,
        start=case.decided_on,
        rule=Rule.WORKING_DAYS,
        amount=limits.SERVICE_WORKING_DAYS,
        responsible=case.lead_officer,
    )


def filing_declined(case, log, payload):
    dl.meet(case, dl.FILING)


def suspended(case, log, payload):
    ground = SuspensionGround(payload["ground"]).label
    dl.stop_clock(
        case,
        dl.DECISION,
        start=payload["suspended_from"],
        reason=f"中止：{ground}" + (f"（{log.reason}）" if log.reason else ""),
        actor=log.actor,
        field="suspended_from",
    )


def resumed(case, log, payload):
    # The limit counts again from the day of resumption: the suspension ends the day before.
    dl.restart_clock(
        case, dl.DECISION, last_stopped_day=payload["resumed_on"] - ONE_DAY, actor=log.actor, field="resumed_on"
    )


def investigation_terminated(case, log, payload):
    dl.cancel_open(case, reason=f"终止调查：{log.reason}")


def submitted_for_review(case, log, payload):
    dl.open_limit(
        case,
        dl.REVIEW,
        label="法制审核期限",
        basis=limits.REVIEW_BASIS,
        start=case.submitted_for_review_on,
        rule=Rule.WORKING_DAYS,
        amount=limits.REVIEW_WORKING_DAYS,
    )
    notify_users(
        bureau_staff(case, Role.LEGAL_REVIEWER),
        title=f"待法制审核：{case}",
        url=case.get_absolute_url(),
        key=f"enforcement:{case.pk}:review:{log.pk}",
    )


def reviewed(case, log, payload):
    dl.meet(case, dl.REVIEW)


def notified(case, log, payload):
    window = dl.open_limit(
        case,
        dl.STATEMENT,
        label="当事人陈述、申辩、申请听证期限",
        basis=limits.STATEMENT_BASIS,
        start=case.notice_served_on,
        rule=Rule.WORKING_DAYS,
        amount=limits.STATEMENT_WORKING_DAYS,
        mirror="statement_due",
    )
    document_issue(
        case,
        "penalty_prior_notice",
        actor=log.actor,
        extra={
            "bureau": bureau_name(case),
            "party": case.principal_party,
            "window_due": window.due,
            "window_provisional": window.provisional,
        },
    )


def statement_recorded(case, log, payload):
    # A statement does not end the window (a hearing may still be asked for); a waiver of both does.
    if rules.rights_waived(case):
        dl.meet(case, dl.STATEMENT, on=case.statement_recorded_on)


def hearing_requested(case, log, payload):
    dl.meet(case, dl.STATEMENT, on=case.hearing_requested_on)
    dl.stop_clock(
        case,
        dl.DECISION,
        start=case.hearing_requested_on,
        reason="听证期间不计入办案期限",
        actor=log.actor,
        field="requested_on",
    )


def hearing_held(case, log, payload):
    dl.restart_clock(case, dl.DECISION, last_stopped_day=case.hearing_held_on, actor=log.actor, field="held_on")


def hearing_ended(case, log, payload):
    dl.restart_clock(case, dl.DECISION, last_stopped_day=case.hearing_ended_on, actor=log.actor, field="ended_on")


def decided(case, log, payload):
    dl.meet(case, dl.STATEMENT)
    dl.meet(case, dl.DECISION, on=case.decided_on)
    if case.outcome == Outcome.PENALTY:
        penalty_decision_create(case, actor=log.actor, payload=payload)
        service_limit_open(case)
    elif case.outcome == Outcome.NO_PENALTY:
        document_issue(
            case,
            "no_penalty_decision",
            actor=log.actor,
            extra={
                "bureau": bureau_name(case),
                "party": case.principal_party,
                "decision_text": payload["decision_text"],
            },
        )


def served(case, log, payload):
    decision = penalty_decision_serve(
        case.penalty_decision, served_on=payload["served_on"], method=payload["service_method"]
    )
    dl.meet(case, dl.SERVICE, on=decision.served_on)
    document_issue(
        case,
        "penalty_service_receipt",
        actor=log.actor,
        extra={"bureau": bureau_name(case), "decision": decision, "party": decision.party},
    )


def payment_demanded(case, log, payload):
    """The demand does not move the court-enforcement window (it runs from the end of the review and
    lawsuit periods, opened at service); a case served before that rule has its window opened now."""
    court_window_open(case)


def court_applied(case, log, payload):
    dl.meet(case, dl.COURT, on=case.court_applied_on)


def court_concluded(case, log, payload):
    dl.cancel_open(case, reason="人民法院执行终结", kinds=[dl.PAYMENT])


def criminal_transfer_proposed(case, log, payload):
    dl.open_limit(
        case,
        dl.CRIMINAL_DECISION,
        label="移送涉嫌犯罪案件审批期限",
        basis=limits.CRIMINAL_BASIS,
        start=case.criminal_proposed_on,
        rule=Rule.CALENDAR_DAYS,
        amount=limits.CRIMINAL_DECISION_DAYS,
    )
    notify_users(
        bureau_heads(case),
        title=f"涉嫌犯罪案件移送待审批：{case}",
        body="应当自接到报告之日起三日内作出批准移送或者不批准移送的决定。",
        url=case.get_absolute_url(),
        key=f"enforcement:{case.pk}:criminal:{log.pk}",
    )


def criminal_transfer_approved(case, log, payload):
    dl.meet(case, dl.CRIMINAL_DECISION)
    dl.open_limit(
        case,
        dl.CRIMINAL_TRANSFER,
        label="向公安机关移送期限（批准后24小时内）",
        basis=limits.CRIMINAL_BASIS,
        start=case.criminal_approved_at,
        rule=Rule.HOURS,
        amount=limits.CRIMINAL_TRANSFER_HOURS,
        responsible=case.lead_officer,
    )


def criminal_transfer_rejected(case, log, payload):
    dl.meet(case, dl.CRIMINAL_DECISION)


def transferred_to_police(case, log, payload):
    dl.meet(case, dl.CRIMINAL_TRANSFER, on=case.police_transferred_at)
    dl.cancel_open(case, reason="涉嫌犯罪已移送公安机关", kinds=[dl.DECISION, dl.REVIEW])


def closed(case, log, payload):
    dl.cancel_open(case, reason="结案")
