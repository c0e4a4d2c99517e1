"""What follows each step of patent-dispute adjudication: case numbers, time limits, the ruling
document and the mediation of damages, which can only be mediated, never adjudicated."""

from casemgmt.calendar.counting import Rule
from casemgmt.documents.services import document_issue
from casemgmt.iprights import IPType
from cases.services.mediation import mediation_create

from ..rules import limits
from . import deadlines as dl
from .common import assign_case_number, bureau_name, notify_users
from .deadlines import as_payload_errors
from .decision_content import party_line


def ruling_limit_open(case) -> None:
    """The time limit for the ruling, counted from acceptance (also for an imported open case)."""
    dl.open_limit(
        case,
        dl.DECISION,
        label="作出裁决期限",
        basis=limits.ADJUDICATION_BASIS,
        start=case.filed_on,
        rule=Rule.MONTHS,
        amount=limits.adjudication_decision_months(),
        responsible=case.lead_officer,
    )


def request_accepted(case, log, payload):
    assign_case_number(case, actor=log.actor)
    dl.meet(case, dl.FILING, on=case.filed_on)
    dl.open_limit(
        case,
        dl.RESPONDENT_SERVICE,
        label="向被请求人送达请求书期限",
        basis=limits.ADJUDICATION_BASIS,
        start=case.filed_on,
        rule=Rule.WORKING_DAYS,
        amount=limits.adjudication_service_working_days(),
        responsible=case.lead_officer,
    )
    ruling_limit_open(case)
    notify_users(
        case.officers.all(),
        title=f"合议组指派：{case}",
        body="您被指定为该专利侵权纠纷行政裁决案件的合议组成员。",
        url=case.get_absolute_url(),
        key=f"enforcement:{case.pk}:panel",
    )


def request_rejected(case, log, payload):
    dl.meet(case, dl.FILING)


def respondent_served(case, log, payload):
    dl.meet(case, dl.RESPONDENT_SERVICE, on=case.respondent_served_on)
    dl.open_limit(
        case,
        dl.ANSWER,
        label="被请求人答辩期限",
        basis=limits.ADJUDICATION_BASIS,
        start=case.respondent_served_on,
        rule=Rule.CALENDAR_DAYS,
        amount=limits.adjudication_answer_days(),
    )


def answered(case, log, payload):
    dl.meet(case, dl.ANSWER, on=case.answered_on)


def mediation_started(case, log, payload):
    """Open the linked mediation case in the branch centre's mediation workflow; the link runs
    both ways (case.mediation, mediation.adjudications)."""
    with as_payload_errors():
        mediation = _open_mediation(case, log)
    case.mediation = mediation
    case.save(update_fields=["mediation", "updated_at"])


def _open_mediation(case, log):
    # A cascade of the start_mediation transition: its permission allowed it and its actor is recorded.
    return mediation_create(
        opened_by=log,
        applicant=case.right_holders[0],
        respondent=case.respondents[0],
        jurisdiction=case.jurisdiction,
        reason=f"专利侵权纠纷行政裁决案件 {case.case_number} 中当事人同意调解",
        title=f"{case.title}（行政裁决中调解）"[:200],
        facts=case.facts,
        claims=case.mediation_scope,
        ip_type=IPType.PATENT,
    )


def adjudication_ended(case, log, payload):
    reason = "请求人撤回请求" if log.transition == "withdraw_request" else "终止审理"
    dl.cancel_open(case, reason=f"{reason}：{log.reason}")


def adjudication_decided(case, log, payload):
    dl.meet(case, dl.DECISION, on=case.decided_on)
    # A ruling names both sides, as a court judgment does: who asked (请求人) and who answers (被请求人).
    parties = [party_line(p, "请求人") for p in case.right_holders] + [
        party_line(p, "被请求人") for p in case.respondents
    ]
    document = document_issue(
        case, "adjudication_ruling", actor=log.actor, extra={"bureau": bureau_name(case), "party_lines": parties}
    )
    case.ruling_number = document.number_text
    case.save(update_fields=["ruling_number", "updated_at"])


def ruling_served(case, log, payload):
    dl.open_limit(
        case,
        dl.LAWSUIT,
        label="当事人起诉期限",
        basis="《专利法》第六十五条",
        start=case.ruling_served_on,
        rule=Rule.CALENDAR_DAYS,
        amount=limits.adjudication_lawsuit_days(),
        mirror="lawsuit_due",
    )


def ruling_final(case, log, payload):
    dl.meet(case, dl.LAWSUIT)
