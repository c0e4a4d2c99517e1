"""Mediation sessions (调解会议) and their minutes: booked and edited through the door for
non-state writes, each write one history row on the mediation case. A mediator is never booked
twice at once: the overlap check runs with the mediator's row locked."""

import datetime as dt

from django.utils import timezone

from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.org.models import Role
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons
from casemgmt.workflow.steps import audited_write, lock

from ..models import MediationCase, MediationSession
from ..rules import mediation as rules

# A single session longer than this is a typing error, not a mediation.
MAX_SESSION = dt.timedelta(hours=12)
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "mediator")
EDITABLE = {*SCHEDULE_FIELDS, "participants", "minutes"}


def _check_mediator(case: MediationCase, mediator) -> None:
    if mediator is None:
        raise Invalid("输入有误。", {"mediator": ["本案尚未指派调解员，请指定主持调解员。"]})
    if not (mediator.is_active and mediator.role == Role.HANDLER):
        raise Invalid("输入有误。", {"mediator": ["主持调解员须为在岗的调解员。"]})
    if not may_see_jurisdiction(mediator, case.jurisdiction_id):
        raise Invalid("输入有误。", {"mediator": ["该调解员不负责本案所属区划。"]})
    reasons = conflict_reasons(mediator, [case.applicant, case.respondent])
    if reasons:
        raise Invalid("输入有误。", {"mediator": reasons})


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise Invalid("输入有误。", {"ends_at": ["结束时间须晚于开始时间。"]})
    if ends_at - starts_at > MAX_SESSION:
        raise Invalid("输入有误。", {"ends_at": ["单次调解会议不能超过12小时。"]})


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
        message = (
            f"调解员{mediator.display_name}在 {start:%Y-%m-%d %H:%M}至{end:%H:%M} 已安排“{other.mediation}”"
            "的调解会议，时间冲突。"
        )
        raise Invalid("输入有误。", {"starts_at": [message]})


def _check_minutes(minutes: str, starts_at: dt.datetime) -> None:
    if minutes and starts_at > timezone.now():
        raise Invalid("输入有误。", {"minutes": ["调解会议尚未开始，不能记录笔录。"]})


def _when(session: MediationSession) -> str:
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


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
    reason: str = "",
) -> MediationSession:
    """Schedule a session (or record one just held, with its minutes): one history row on the
    case naming the session. Raises NotFound, Forbidden (not the case's mediator or the head),
    Conflict (the case is not accepted or in mediation) or Invalid."""
    with audited_write(
        case,
        "session_create",
        "安排调解会议",
        actor=actor,
        permission=rules.runs_sessions,
        reason=reason,
        forbidden="只有本案调解员或分中心负责人可以安排调解会议。",
    ) as write:
        locked = write.obj
        if locked.state not in MediationCase.SESSION_STATES:
            raise Conflict(f"当前状态“{locked.state_label}”下不能安排调解会议。")
        mediator = mediator or locked.mediator
        _check_mediator(locked, mediator)
        _check_times(starts_at, ends_at)
        _check_minutes(minutes, starts_at)
        mediator = lock(mediator)
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
        write.record(session=session.pk, time=_when(session), place=place, mediator=mediator.display_name)
    return session


def mediation_session_update(session: MediationSession, *, actor, reason: str = "", **fields) -> MediationSession:
    """Reschedule a session while the mediation runs, or write up its minutes afterwards: one
    history row on the case with each change (old → new). Raises NotFound, Forbidden, Conflict
    (cancelled, or the case's state allows no such change) or Invalid (incl. nothing changed)."""
    held = {}

    def may_edit(case, user) -> bool:
        # Locked after the case, in the same order as every other writer of sessions.
        held["session"] = lock(session)
        return rules.runs_sessions(case, user, held["session"])

    with audited_write(
        session.mediation,
        "session_update",
        "修改调解会议",
        actor=actor,
        permission=may_edit,
        reason=reason,
        forbidden="只有主持调解员或分中心负责人可以修改调解会议。",
        require_change=True,
    ) as write:
        case, locked = write.obj, held["session"]
        if locked.mediation_id != case.pk:
            raise NotFound()
        if locked.cancelled_at is not None:
            raise Conflict("该调解会议已取消。")
        unknown = set(fields) - EDITABLE
        if unknown:
            raise Invalid("输入有误。", {name: ["该项不能修改。"] for name in sorted(unknown)})
        rescheduling = any(name in fields and fields[name] != getattr(locked, name) for name in SCHEDULE_FIELDS)
        allowed = MediationCase.SESSION_STATES if rescheduling else MediationCase.MINUTES_STATES
        if case.state not in allowed:
            raise Conflict(f"当前状态“{case.state_label}”下不能修改调解会议。")
        previous_minutes = locked.minutes
        write.edit(locked, save=False, **fields)
        if rescheduling:
            _check_mediator(case, locked.mediator)
            _check_times(locked.starts_at, locked.ends_at)
            locked.mediator = lock(locked.mediator)
            _check_free(locked.mediator, locked.starts_at, locked.ends_at, exclude=locked)
        if locked.minutes != previous_minutes:
            _check_minutes(locked.minutes, locked.starts_at)
            locked.recorded_by = actor
            locked.recorded_at = timezone.now()
        locked.save()
        write.record(session=locked.pk, time=_when(locked))
    return locked


def sessions_call_off_ahead(case: MediationCase, *, except_mediator=None) -> int:
    """Cancel the case's sessions still ahead (those of `except_mediator` excepted); part of the
    transition that ends the mediation or replaces its mediator, and logged by it."""
    sessions = case.sessions.filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
    if except_mediator is not None:
        sessions = sessions.exclude(mediator=except_mediator)
    return sessions.update(cancelled_at=timezone.now())
