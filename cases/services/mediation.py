"""Writes of mediation cases (DOMAIN §2): registration, corrections of the case's details, the
case opened by an assistance request's referral, and the effects that keep deadlines and
sessions in step with the workflow's transitions (declared in cases.effects).

State changes go through casemgmt.workflow.services.fire_transition; every other write through
casemgmt.workflow.steps.audited_write. Sessions live in .sessions, the report to the court in
.court."""

import contextlib
import datetime as dt

from django.conf import settings
from django.db import transaction

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import (
    deadline_assign,
    deadline_cancel,
    deadline_extend,
    deadline_open,
    deadlines_for_object_close,
)
from casemgmt.errors import Conflict, Invalid
from casemgmt.notifications.services import notification_create
from casemgmt.org.models import Role
from casemgmt.org.scoping import answering_users
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.steps import audited_write

from ..models import AssistanceRequest, MediationCase
from ..rules import mediation as rules
from .common import JURISDICTION_FIXED, actor_of, check_registration, editable_fields, party
from .sessions import sessions_call_off_ahead

State = MediationCase.State
Source = MediationCase.Source

LOCAL_PRACTICE = "本地诉调对接规范（本地设置）"
COURT_PERIOD = "court_entrusted_period"
CONFIRMATION_WINDOW = "judicial_confirmation_window"
CONFIRMATION_REVIEW = "judicial_confirmation_review"
COURT_REPORT = "court_report"


def _limit(name: str, default: int) -> int:
    # Read when used, never at import: tests and deployments change them.
    return int(getattr(settings, name, default))


def court_entrusted_days() -> int:
    return _limit("MEDIATION_COURT_ENTRUSTED_DAYS", 30)


def court_extension_days() -> int:
    return _limit("MEDIATION_COURT_ENTRUSTED_EXTENSION_DAYS", 30)


def judicial_confirmation_days() -> int:
    return _limit("MEDIATION_JUDICIAL_CONFIRMATION_DAYS", 30)


def court_review_days() -> int:
    return _limit("MEDIATION_COURT_REVIEW_DAYS", 15)


def court_review_extension_days() -> int:
    return _limit("MEDIATION_COURT_REVIEW_EXTENSION_DAYS", 10)


def court_report_working_days() -> int:
    return _limit("MEDIATION_COURT_REPORT_WORKING_DAYS", 3)


def _active_deadline(case, kind: str):
    return next((d for d in deadlines_for(case) if d.kind == kind and d.is_active), None)


def judicial_confirmation_due(case: MediationCase) -> dt.date | None:
    """Last day both parties may apply for judicial confirmation (30 days from the agreement
    taking effect): the window's deadline when opened, else counted from the effective date."""
    window = next((d for d in deadlines_for(case) if d.kind == CONFIRMATION_WINDOW), None)
    if window is not None:
        return window.due
    if case.agreement_effective_on is None:
        return None
    return compute_due(case.agreement_effective_on, Rule.CALENDAR_DAYS, judicial_confirmation_days()).due


# --- cases ---------------------------------------------------------------------------

# What may be corrected while the case is open (the parties only until it is accepted).
EDITABLE = {
    "court_name",
    "court_case_number",
    "applicant",
    "respondent",
    "contact_phone",
    "title",
    "ip_type",
    "facts",
    "claims",
}
FIXED = {"jurisdiction": JURISDICTION_FIXED, "source": ("source", "案件来源登记后不能更改。")}


def _normalize(fields: dict) -> dict:
    """The court case number in its one spelling when it is one (a bad one is reported by
    _validate_case), so that the history records what is stored."""
    number = fields.get("court_case_number")
    if number:
        with contextlib.suppress(ValueError):
            fields["court_case_number"] = rules.clean_court_case_number(number)
    return fields


def _validate_case(case: MediationCase) -> None:
    """Rules that hold for every saved case, whoever writes it (API, effects, demo)."""
    errors = {}
    if case.applicant_id == case.respondent_id:
        errors["respondent"] = ["申请人与被申请人不能是同一当事人。"]
    if case.is_court_entrusted:
        if not case.court_name.strip():
            errors["court_name"] = ["法院委派或委托的案件须填写法院名称。"]
        if not case.court_case_number:
            errors["court_case_number"] = ["法院委派或委托的案件须填写法院案号。"]
        else:
            try:
                rules.clean_court_case_number(case.court_case_number)
            except ValueError as exc:
                errors["court_case_number"] = [str(exc)]
    elif case.court_name or case.court_case_number:
        errors["source"] = ["只有法院委派或委托的案件才填写法院名称和案号。"]
    if errors:
        raise Invalid("输入有误。", errors)


@transaction.atomic
def mediation_create(
    *,
    actor=None,
    applicant,
    respondent,
    jurisdiction,
    source=Source.DIRECT,
    reason: str = "",
    opened_by=None,
    **fields,
) -> MediationCase:
    """Register an application for mediation; parties are Party rows or registry dicts.

    By hand (`actor`: the intake clerk or the head of the area), or as the effect of another
    object's transition (`opened_by`: that transition's history row, whose permission allowed it
    and whose actor is recorded). Raises Forbidden or Invalid; on success one "create" row."""
    if opened_by is not None:
        actor = actor_of(opened_by)
    case = MediationCase(
        jurisdiction=jurisdiction,
        created_by=actor if getattr(actor, "pk", None) else None,
        source=source,
        **_normalize(fields),
    )
    if opened_by is None:
        check_registration(case, actor, rules.registration, forbidden="您无权在该区划登记调解申请。")
    case.applicant = party(applicant)
    case.respondent = party(respondent)
    _validate_case(case)
    case.save()
    record_creation(case, actor=actor, reason=reason or "登记调解申请")
    index_on_commit(case)
    return case


def mediation_update(case: MediationCase, *, actor, reason: str = "", **fields) -> MediationCase:
    """Correct the case's details while it is open, the parties only until acceptance; one
    history row with each change (old → new). The jurisdiction and the source stay as registered.

    Raises NotFound, Forbidden, or Invalid (a concluded case, a field that cannot be edited,
    nothing changed)."""
    with audited_write(
        case,
        "edit",
        "修改调解案件信息",
        actor=actor,
        permission=rules.case_editors,
        reason=reason,
        forbidden="只有分中心工作人员和本案调解员可以修改案件信息。",
        require_change=True,
    ) as write:
        locked = write.obj
        if locked.state not in MediationCase.OPEN_STATES:
            raise Invalid("输入有误。", {"state": ["调解已结束的案件不能修改。"]})
        values = _normalize(editable_fields(locked, fields, editable=EDITABLE, fixed=FIXED))
        for name in ("applicant", "respondent"):
            if name in values:
                values[name] = party(values[name])
        changed_parties = [
            name
            for name in ("applicant", "respondent")
            if name in values and values[name].pk != getattr(locked, f"{name}_id")
        ]
        if changed_parties and locked.state not in MediationCase.PARTY_EDIT_STATES:
            raise Invalid("输入有误。", {name: ["案件受理后当事人不能再更改。"] for name in changed_parties})
        write.edit(locked, save=False, **values)
        _validate_case(locked)
        locked.save()
    return locked


def mediation_from_assistance_referral(request, log, payload):
    """An assistance request referred to mediation becomes a mediation case of the same
    parties and facts, linked both ways, starting at 'applied'."""
    if request.referral_target != AssistanceRequest.ReferralTarget.MEDIATION:
        return
    if request.respondent_id is None:
        raise Invalid("输入有误。", {"referral_target": ["转交调解须列明对方当事人。"]})
    case = mediation_create(
        opened_by=log,
        applicant=request.applicant,
        respondent=request.respondent,
        jurisdiction=request.jurisdiction,
        source=Source.ASSISTANCE_REFERRAL,
        assistance_request=request,
        contact_phone=request.contact_phone,
        title=request.title,
        ip_type=request.ip_type,
        facts=request.facts,
        claims=request.claims,
        reason=log.reason or f"维权援助申请 {request.tracking_code} 转交调解",
    )
    clerks = answering_users(Role.INTAKE_CLERK, request.jurisdiction)
    for clerk in clerks:
        notification_create(
            recipient=clerk,
            title=f"维权援助转来调解：{case.title}",
            body="请征询被申请人是否同意调解。",
            url=case.get_absolute_url(),
            dedupe_key=f"mediation-referral:{case.pk}",
        )


# --- deadlines kept in step with the workflow ------------------------------------------


def accepted(case, log, payload):
    if case.is_court_entrusted:
        deadline_open(
            case,
            kind=COURT_PERIOD,
            label="委托调解期限",
            legal_basis=f"法院委派/委托调解期限{court_entrusted_days()}日，经双方同意并经法院准许可延长"
            f"{court_extension_days()}日（{LOCAL_PRACTICE}）",
            start=case.accepted_on,
            rule=Rule.CALENDAR_DAYS,
            amount=court_entrusted_days(),
            responsible=case.mediator,
        )


def mediator_assigned(case, log, payload):
    for deadline in deadlines_for(case):
        if deadline.is_active:
            deadline_assign(deadline, responsible=case.mediator)
    # The previous mediator's sessions still ahead are called off; the new one plans their own.
    sessions_call_off_ahead(case, except_mediator=case.mediator)
    notification_create(
        recipient=case.mediator,
        title=f"新指派调解：{case}",
        body=f"{log.actor.display_name if log.actor else '系统'} 指派您主持该案调解。",
        url=case.get_absolute_url(),
    )


def court_period_extended(case, log, payload):
    deadline = _active_deadline(case, COURT_PERIOD)
    if deadline is None:
        raise Conflict("该案没有进行中的委托调解期限。")
    deadline_extend(
        deadline,
        amount=court_extension_days(),
        rule=Rule.CALENDAR_DAYS,
        reason=f"双方当事人同意延长，法院批准：{payload['court_approval']}",
        approved_by=log.actor,
    )


def confirmation_window_open(case) -> None:
    """The parties' 30 days to apply for judicial confirmation, from the agreement taking effect
    (also opened for an agreement imported from Excel, cases.services.mediation_import)."""
    deadline_open(
        case,
        kind=CONFIRMATION_WINDOW,
        label="申请司法确认期限",
        legal_basis="《人民调解法》第三十三条、《民事诉讼法》第二百零五条：自调解协议生效之日起三十日内共同申请",
        start=case.agreement_effective_on,
        rule=Rule.CALENDAR_DAYS,
        amount=judicial_confirmation_days(),
        responsible=case.mediator,
    )


def concluded(case, log, payload):
    deadlines_for_object_close(case, kinds=[COURT_PERIOD])
    sessions_call_off_ahead(case)
    if log.transition == "record_agreement":
        confirmation_window_open(case)
    if case.is_court_entrusted and case.court_reported_on is None and _active_deadline(case, COURT_REPORT) is None:
        deadline_open(
            case,
            kind=COURT_REPORT,
            label="向法院反馈调解结果",
            legal_basis=f"法院委派/委托调解结果应及时反馈委派/委托法院（{LOCAL_PRACTICE}）",
            start=case.concluded_on,
            rule=Rule.WORKING_DAYS,
            amount=court_report_working_days(),
            responsible=case.mediator,
        )


def confirmation_requested(case, log, payload):
    deadlines_for_object_close(case, kinds=[CONFIRMATION_WINDOW], on=case.confirmation_applied_on)
    # Shown for information: the court, not the centre, answers for this limit.
    deadline_open(
        case,
        kind=CONFIRMATION_REVIEW,
        label="法院审查司法确认申请",
        legal_basis=f"法院自受理之日起{court_review_days()}日内作出是否确认的决定，特殊情况经院长批准可延长"
        f"{court_review_extension_days()}日（《最高人民法院关于人民调解协议司法确认程序的若干规定》）",
        start=case.confirmation_applied_on,
        rule=Rule.CALENDAR_DAYS,
        amount=court_review_days(),
        responsible=case.mediator,
    )


def court_review_extended(case, log, payload):
    deadline = _active_deadline(case, CONFIRMATION_REVIEW)
    if deadline is None:
        raise Conflict("该案没有进行中的法院审查期限。")
    deadline_extend(
        deadline,
        amount=court_review_extension_days(),
        rule=Rule.CALENDAR_DAYS,
        reason=log.reason,
        approved_by=log.actor,
    )


def confirmation_ruled(case, log, payload):
    deadlines_for_object_close(case, kinds=[CONFIRMATION_REVIEW], on=case.confirmation_ruled_on)


def performed(case, log, payload):
    # Performed without asking the court: the confirmation window no longer matters.
    window = _active_deadline(case, CONFIRMATION_WINDOW)
    if window is not None:
        deadline_cancel(window, reason="调解协议已履行完毕，无需申请司法确认。")
