"""Writes of mediation cases and their sessions (DOMAIN §2). State changes go through
casemgmt.workflow.services.fire_transition; the hooks here keep the deadlines, sessions and
links in step with them."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import (
    deadline_assign,
    deadline_cancel,
    deadline_extend,
    deadline_mark_met,
    deadline_open,
    deadlines_for_object_close,
)
from casemgmt.notifications.services import notification_create
from casemgmt.org.models import Role, User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons
from casemgmt.parties.models import Party
from casemgmt.parties.services import party_get_or_create
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.exceptions import InvalidPayload, ObjectNotVisible, TransitionForbidden, WrongState
from casemgmt.workflow.hooks import on_transition
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import record_creation

from ..models import AssistanceRequest, MediationCase, MediationSession
from ..rules import mediation as rules

State = MediationCase.State
Source = MediationCase.Source

LOCAL_PRACTICE = "本地诉调对接规范（本地设置）"
COURT_PERIOD = "court_entrusted_period"
CONFIRMATION_WINDOW = "judicial_confirmation_window"
CONFIRMATION_REVIEW = "judicial_confirmation_review"
COURT_REPORT = "court_report"
# A single session longer than this is a typing error, not a mediation.
MAX_SESSION = dt.timedelta(hours=12)


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


def _party(value) -> Party:
    return value if isinstance(value, Party) else party_get_or_create(**value)


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


def _validate_case(case: MediationCase) -> None:
    """Rules that hold for every saved case, whoever writes it (API, hooks, demo)."""
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
                case.court_case_number = rules.clean_court_case_number(case.court_case_number)
            except ValueError as exc:
                errors["court_case_number"] = [str(exc)]
    elif case.court_name or case.court_case_number:
        errors["source"] = ["只有法院委派或委托的案件才填写法院名称和案号。"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mediation_create(
    *, actor, applicant, respondent, jurisdiction, source=Source.DIRECT, reason: str = "登记调解申请", **fields
) -> MediationCase:
    """Register an application for mediation; parties are Party rows or registry dicts."""
    case = MediationCase(
        jurisdiction=jurisdiction,
        created_by=actor,
        applicant=_party(applicant),
        respondent=_party(respondent),
        source=source,
        **fields,
    )
    _validate_case(case)
    case.save()
    record_creation(case, actor=actor, reason=reason)
    index_on_commit(case)
    return case


@transaction.atomic
def mediation_update(case: MediationCase, *, actor, **fields) -> MediationCase:
    """Edit descriptive fields while the case is open; the parties only until acceptance."""
    locked = MediationCase.objects.select_for_update().get(pk=case.pk)
    if locked.state not in MediationCase.OPEN_STATES:
        raise ValidationError({"state": ["调解已结束的案件不能修改。"]})
    for name in ("applicant", "respondent"):
        if name in fields:
            fields[name] = _party(fields[name])
    changed_parties = [
        name
        for name in ("applicant", "respondent")
        if name in fields and fields[name].pk != getattr(locked, f"{name}_id")
    ]
    if changed_parties and locked.state not in MediationCase.PARTY_EDIT_STATES:
        raise ValidationError({name: ["案件受理后当事人不能再更改。"] for name in changed_parties})
    for name, value in fields.items():
        setattr(locked, name, value)
    _validate_case(locked)
    locked.save()
    index_on_commit(locked)
    return locked


@on_transition(AssistanceRequest, "refer")
def _mediation_from_assistance_referral(request, log, payload):
    """An assistance request referred to mediation becomes a mediation case of the same
    parties and facts, linked both ways, starting at 'applied'."""
    if request.referral_target != AssistanceRequest.ReferralTarget.MEDIATION:
        return
    if request.respondent_id is None:
        raise InvalidPayload("输入有误。", {"referral_target": ["转交调解须列明对方当事人。"]})
    case = mediation_create(
        actor=log.actor,
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
    clerks = User.objects.filter(is_active=True, role=Role.INTAKE_CLERK, jurisdiction_id=request.jurisdiction_id)
    for clerk in clerks:
        notification_create(
            recipient=clerk,
            title=f"维权援助转来调解：{case.title}",
            body="请征询被申请人是否同意调解。",
            url=case.get_absolute_url(),
            dedupe_key=f"mediation-referral:{case.pk}",
        )


# --- deadlines kept in step with the workflow ------------------------------------------


@on_transition(MediationCase, "accept")
def _accepted(case, log, payload):
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


@on_transition(MediationCase, "assign_mediator", "reassign_mediator")
def _mediator_assigned(case, log, payload):
    for deadline in deadlines_for(case):
        if deadline.is_active:
            deadline_assign(deadline, responsible=case.mediator)
    # The previous mediator's sessions still ahead are called off; the new one plans their own.
    _cancel_future_sessions(case, exclude_mediator=case.mediator)
    notification_create(
        recipient=case.mediator,
        title=f"新指派调解：{case}",
        body=f"{log.actor.display_name if log.actor else '系统'} 指派您主持该案调解。",
        url=case.get_absolute_url(),
    )


@on_transition(MediationCase, "extend_court_period")
def _court_period_extended(case, log, payload):
    deadline = _active_deadline(case, COURT_PERIOD)
    if deadline is None:
        raise WrongState("该案没有进行中的委托调解期限。")
    deadline_extend(
        deadline,
        amount=court_extension_days(),
        rule=Rule.CALENDAR_DAYS,
        reason=f"双方当事人同意延长，法院批准：{payload['court_approval']}",
        approved_by=log.actor,
    )


@on_transition(MediationCase, "record_agreement", "terminate", "withdraw", "decline", "record_refusal")
def _concluded(case, log, payload):
    deadlines_for_object_close(case, kinds=[COURT_PERIOD])
    _cancel_future_sessions(case)
    if log.transition == "record_agreement":
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


@on_transition(MediationCase, "request_judicial_confirmation")
def _confirmation_requested(case, log, payload):
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


@on_transition(MediationCase, "extend_court_review")
def _court_review_extended(case, log, payload):
    deadline = _active_deadline(case, CONFIRMATION_REVIEW)
    if deadline is None:
        raise WrongState("该案没有进行中的法院审查期限。")
    deadline_extend(
        deadline,
        amount=court_review_extension_days(),
        rule=Rule.CALENDAR_DAYS,
        reason=log.reason,
        approved_by=log.actor,
    )


@on_transition(MediationCase, "record_confirmation", "record_confirmation_rejection")
def _confirmation_ruled(case, log, payload):
    deadlines_for_object_close(case, kinds=[CONFIRMATION_REVIEW], on=case.confirmation_ruled_on)


@on_transition(MediationCase, "record_performance")
def _performed(case, log, payload):
    # Performed without asking the court: the confirmation window no longer matters.
    window = _active_deadline(case, CONFIRMATION_WINDOW)
    if window is not None:
        deadline_cancel(window, reason="调解协议已履行完毕，无需申请司法确认。")


# --- the result reported back to the court ---------------------------------------------


def _record_event(case: MediationCase, *, name: str, label: str, actor, reason: str, payload: dict) -> TransitionLog:
    """A history row for a step that does not change the state."""
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(MediationCase),
        object_id=case.pk,
        jurisdiction_id=case.jurisdiction_id,
        transition=name,
        transition_label=label,
        source=case.state,
        target=case.state,
        actor=actor,
        reason=reason,
        payload=payload,
    )


def _locked_case(case: MediationCase, actor) -> MediationCase:
    try:
        locked = MediationCase.objects.select_for_update().get(pk=case.pk)
    except MediationCase.DoesNotExist:
        raise ObjectNotVisible("未找到。") from None
    if not may_see_jurisdiction(actor, locked.jurisdiction_id):
        raise ObjectNotVisible("未找到。")
    return locked


@transaction.atomic
def mediation_report_to_court(case: MediationCase, *, actor, reported_on: dt.date, report: str) -> MediationCase:
    """A court-entrusted case's outcome was reported to the entrusting court: recorded once,
    with a history row, and the reporting deadline met."""
    locked = _locked_case(case, actor)
    if not rules.assigned_mediator(locked, actor):
        raise TransitionForbidden("您无权向法院反馈本案调解结果。")
    if not locked.is_court_entrusted:
        raise WrongState("本案不是法院委派或委托的调解案件，无需向法院反馈。")
    if locked.concluded_on is None:
        raise WrongState(f"当前状态“{locked.state_label}”下调解尚无结果，不能反馈法院。")
    if locked.court_reported_on is not None:
        raise WrongState(f"已于 {locked.court_reported_on:%Y-%m-%d} 向法院反馈调解结果。")
    errors = {}
    report = (report or "").strip()
    if not report:
        errors["report"] = ["请填写反馈法院的调解结果。"]
    if reported_on > timezone.localdate():
        errors["reported_on"] = ["日期不能晚于今天。"]
    elif reported_on < locked.concluded_on:
        errors["reported_on"] = [f"日期不能早于调解结束日期（{locked.concluded_on:%Y-%m-%d}）。"]
    if errors:
        raise ValidationError(errors)
    locked.court_reported_on = reported_on
    locked.court_report = report
    locked.save(update_fields=["court_reported_on", "court_report", "updated_at"])
    _record_event(
        locked,
        name="report_to_court",
        label="向法院反馈调解结果",
        actor=actor,
        reason=report,
        payload={"reported_on": reported_on.isoformat(), "court": locked.court_name},
    )
    for deadline in deadlines_for(locked):
        if deadline.kind == COURT_REPORT and deadline.is_active:
            deadline_mark_met(deadline, on=max(reported_on, deadline.start))
    index_on_commit(locked)
    return locked


# --- sessions ----------------------------------------------------------------------------


def _may_run_sessions(case: MediationCase, actor, session: MediationSession | None = None) -> bool:
    if rules.assigned_mediator(case, actor):
        return True
    # A co-mediator keeps the minutes of the session they chaired.
    return session is not None and actor is not None and session.mediator_id == actor.pk and actor.is_active


def _check_mediator(case: MediationCase, mediator) -> None:
    if mediator is None:
        raise ValidationError({"mediator": ["本案尚未指派调解员，请指定主持调解员。"]})
    if not (mediator.is_active and mediator.role == Role.HANDLER):
        raise ValidationError({"mediator": ["主持调解员须为在岗的调解员。"]})
    if not may_see_jurisdiction(mediator, case.jurisdiction_id):
        raise ValidationError({"mediator": ["该调解员不负责本案所属区划。"]})
    reasons = conflict_reasons(mediator, [case.applicant, case.respondent])
    if reasons:
        raise ValidationError({"mediator": reasons})


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ["结束时间须晚于开始时间。"]})
    if ends_at - starts_at > MAX_SESSION:
        raise ValidationError({"ends_at": ["单次调解会议不能超过12小时。"]})


def _check_free(mediator, starts_at: dt.datetime, ends_at: dt.datetime, *, exclude=None) -> None:
    """Refuse a booking that overlaps another session of the same mediator. The caller holds
    the mediator's row locked, so two bookings of one mediator are checked one after the other."""
    clashes = MediationSession.objects.filter(
        mediator=mediator, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("mediation")
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    other = clashes.order_by("starts_at").first()
    if other is not None:
        start, end = timezone.localtime(other.starts_at), timezone.localtime(other.ends_at)
        raise ValidationError(
            {
                "starts_at": [
                    f"调解员{mediator.display_name}在 {start:%Y-%m-%d %H:%M}至{end:%H:%M} 已安排“{other.mediation}”"
                    "的调解会议，时间冲突。"
                ]
            }
        )


def _check_minutes(minutes: str, starts_at: dt.datetime) -> None:
    if minutes and starts_at > timezone.now():
        raise ValidationError({"minutes": ["调解会议尚未开始，不能记录笔录。"]})


def _lock_mediator(mediator) -> User:
    return User.objects.select_for_update().get(pk=mediator.pk)


@transaction.atomic
def mediation_session_create(
    case: MediationCase,
    *,
    actor,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    participants: str = "",
    minutes: str = "",
    mediator=None,
) -> MediationSession:
    """Schedule a session (or record one just held, with its minutes)."""
    locked = _locked_case(case, actor)
    if not _may_run_sessions(locked, actor):
        raise TransitionForbidden("只有本案调解员或分中心负责人可以安排调解会议。")
    if locked.state not in MediationCase.SESSION_STATES:
        raise WrongState(f"当前状态“{locked.state_label}”下不能安排调解会议。")
    mediator = mediator or locked.mediator
    _check_mediator(locked, mediator)
    _check_times(starts_at, ends_at)
    _check_minutes(minutes, starts_at)
    mediator = _lock_mediator(mediator)
    _check_free(mediator, starts_at, ends_at)
    session = MediationSession.objects.create(
        mediation=locked,
        mediator=mediator,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        participants=participants,
        minutes=minutes,
        recorded_by=actor if minutes else None,
        recorded_at=timezone.now() if minutes else None,
        created_by=actor,
    )
    index_on_commit(locked)
    return session


SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "mediator")


@transaction.atomic
def mediation_session_update(session: MediationSession, *, actor, **fields) -> MediationSession:
    """Reschedule a session while the mediation runs, or write up its minutes afterwards."""
    case = _locked_case(session.mediation, actor)
    locked = MediationSession.objects.select_for_update().get(pk=session.pk)
    if not _may_run_sessions(case, actor, locked):
        raise TransitionForbidden("只有主持调解员或分中心负责人可以修改调解会议。")
    if locked.cancelled_at is not None:
        raise WrongState("该调解会议已取消。")
    rescheduling = any(name in fields and fields[name] != getattr(locked, name) for name in SCHEDULE_FIELDS)
    allowed = MediationCase.SESSION_STATES if rescheduling else MediationCase.MINUTES_STATES
    if case.state not in allowed:
        raise WrongState(f"当前状态“{case.state_label}”下不能修改调解会议。")
    previous_minutes = locked.minutes
    for name, value in fields.items():
        setattr(locked, name, value)
    if rescheduling:
        _check_mediator(case, locked.mediator)
        _check_times(locked.starts_at, locked.ends_at)
        locked.mediator = _lock_mediator(locked.mediator)
        _check_free(locked.mediator, locked.starts_at, locked.ends_at, exclude=locked)
    if locked.minutes != previous_minutes:
        _check_minutes(locked.minutes, locked.starts_at)
        locked.recorded_by = actor
        locked.recorded_at = timezone.now()
    locked.save()
    index_on_commit(case)
    return locked


def _cancel_future_sessions(case: MediationCase, *, exclude_mediator=None) -> int:
    sessions = case.sessions.filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
    if exclude_mediator is not None:
        sessions = sessions.exclude(mediator=exclude_mediator)
    return sessions.update(cancelled_at=timezone.now())
