"""Mediation cases and arbitration referrals built through the services and transitions, so each
has its history rows and deadlines, plus the usual payload of every mediation transition."""

import datetime as dt

from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition
from cases.models import MediationCase

from .factories import CITY, OrganizationFactory, jurisdiction

COURT = "晋城市中级人民法院"
COURT_CASE_NUMBER = "(2026)晋05民初123号"


def party() -> dict:
    org = OrganizationFactory.build()
    return {"kind": "organization", "name": org.name, "credit_code": org.credit_code}


def mediation_case(*, jurisdiction_code: str = CITY, actor=None, court: bool = False, **fields) -> MediationCase:
    """An applied mediation case (court-entrusted before litigation with court=True)."""
    from cases.services.mediation import mediation_create

    defaults = {
        "title": "光学镜头外观设计专利许可费纠纷",
        "facts": "申请人主张被申请人生产的车载镜头模组使用其外观设计，双方就许可费数额协商未果。",
        "claims": "请求被申请人支付许可使用费并签订许可合同。",
        "ip_type": "patent",
    }
    if court:
        defaults |= {"source": "court_pre_litigation", "court_name": COURT, "court_case_number": COURT_CASE_NUMBER}
    defaults.update(fields)
    return mediation_create(
        actor=actor, applicant=party(), respondent=party(), jurisdiction=jurisdiction(jurisdiction_code), **defaults
    )


def today() -> dt.date:
    return timezone.localdate()


# Who fires each transition in a path: the intake clerk, the centre head or the mediator.
ACTOR_ROLE = {
    "consult_respondent": Role.INTAKE_CLERK,
    "record_consent": Role.INTAKE_CLERK,
    "record_refusal": Role.INTAKE_CLERK,
    "withdraw": Role.INTAKE_CLERK,
    "accept": Role.CENTRE_HEAD,
    "decline": Role.CENTRE_HEAD,
    "assign_mediator": Role.CENTRE_HEAD,
    "reassign_mediator": Role.CENTRE_HEAD,
}


def payload_for(name: str, *, mediator=None) -> dict:
    """A valid body (reason included) for each mediation transition."""
    day = today().isoformat()
    return {
        "consult_respondent": {"reason": "电话联系被申请人征询意见"},
        "record_consent": {"responded_on": day, "method": "written", "note": "被申请人书面同意调解"},
        "record_refusal": {"responded_on": day, "method": "phone", "reason": "被申请人明确拒绝调解"},
        "accept": {"reason": "双方同意调解，属于受理范围"},
        "decline": {"reason": "纠纷已由人民法院受理，不属于调解范围"},
        "assign_mediator": {"mediator": getattr(mediator, "pk", None), "reason": "指派调解员"},
        "reassign_mediator": {"mediator": getattr(mediator, "pk", None), "reason": "原调解员回避"},
        "start_mediation": {"reason": "开始调解"},
        "extend_court_period": {
            "applicant_consented": True,
            "respondent_consented": True,
            "court_approval": "晋城市中级人民法院立案庭同意延长",
            "court_approved_on": day,
            "reason": "双方同意延长调解期限",
        },
        "record_agreement": {
            "agreement_text": "被申请人于三十日内支付许可使用费八万元，双方签订普通许可合同。",
            "agreement_effective_on": day,
            "reason": "双方签署调解协议",
        },
        "terminate": {"termination_reason": "双方对赔偿数额分歧过大，调解不成。", "reason": "调解不成"},
        "request_judicial_confirmation": {
            "confirmation_court": "晋城市城区人民法院",
            "confirmation_applied_on": day,
            "reason": "双方共同申请司法确认",
        },
        "extend_court_review": {"reason": "法院通知审查期限延长十日"},
        "record_confirmation": {
            "confirmation_case_number": "(2026)晋0502民特12号",
            "confirmation_ruled_on": day,
            "confirmation_result": "调解协议有效",
            "reason": "法院裁定确认有效",
        },
        "record_confirmation_rejection": {
            "confirmation_case_number": "(2026)晋0502民特13号",
            "confirmation_ruled_on": day,
            "reason": "协议内容损害第三人利益，法院驳回申请",
        },
        "resume_mediation": {"reason": "双方同意变更协议内容"},
        "record_performance": {"performed_on": day, "performance_note": "款项已付清", "reason": "履行完毕"},
        "apply_enforcement": {
            "enforcement_court": "晋城市城区人民法院",
            "enforcement_applied_on": day,
            "partially_performed": True,
            "performance_note": "已支付三万元，余款未付",
            "reason": "被申请人未按期履行",
        },
        "refer": {"kind": "litigation", "receiving_body": "晋城市中级人民法院", "reason": "调解不成，引导诉讼"},
        "withdraw": {"reason": "申请人书面申请撤回"},
    }[name]


# How to reach each state from 'applied'.
PATHS = {
    "applied": [],
    "consulting_respondent": ["consult_respondent"],
    "declined": ["consult_respondent", "record_refusal"],
    "accepted": ["consult_respondent", "record_consent", "accept", "assign_mediator"],
    "in_mediation": ["consult_respondent", "record_consent", "accept", "assign_mediator", "start_mediation"],
}
PATHS["agreement_reached"] = PATHS["in_mediation"] + ["record_agreement"]
PATHS["terminated"] = PATHS["in_mediation"] + ["terminate"]
PATHS["judicial_confirmation_requested"] = PATHS["agreement_reached"] + ["request_judicial_confirmation"]
PATHS["confirmed"] = PATHS["judicial_confirmation_requested"] + ["record_confirmation"]
PATHS["confirmation_rejected"] = PATHS["judicial_confirmation_requested"] + ["record_confirmation_rejection"]
PATHS["performed"] = PATHS["confirmed"] + ["record_performance"]
PATHS["enforcement_applied"] = PATHS["confirmed"] + ["apply_enforcement"]
PATHS["referred"] = PATHS["terminated"] + ["refer"]
PATHS["withdrawn"] = ["withdraw"]


def advance(case: MediationCase, names, *, clerk, head, mediator) -> MediationCase:
    """Fire the transitions in order, each by the role that does it in practice."""
    actors = {Role.INTAKE_CLERK: clerk, Role.CENTRE_HEAD: head}
    for name in names:
        body = payload_for(name, mediator=mediator)
        reason = body.pop("reason", "")
        actor = actors.get(ACTOR_ROLE.get(name), mediator)
        case = fire_transition(case, name, actor=actor, reason=reason, payload=body)
    return case


def mediation_in_state(state: str, *, clerk, head, mediator, **fields) -> MediationCase:
    return advance(mediation_case(actor=clerk, **fields), PATHS[state], clerk=clerk, head=head, mediator=mediator)


def session_times(*, days_ahead: int = 7, hour: int = 9, hours: int = 2) -> tuple[dt.datetime, dt.datetime]:
    """A local session slot `days_ahead` days from today (negative: in the past)."""
    start = timezone.make_aware(dt.datetime.combine(today() + dt.timedelta(days=days_ahead), dt.time(hour)))
    return start, start + dt.timedelta(hours=hours)
