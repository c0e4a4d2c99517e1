"""A court-entrusted mediation's result reported back to the entrusting court (a step: the state
does not change)."""

import datetime as dt

from django.utils import timezone

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_mark_met
from casemgmt.errors import Conflict, Invalid
from casemgmt.workflow.steps import audited_write

from ..models import MediationCase
from ..rules import mediation as rules
from .mediation import COURT_REPORT


def mediation_report_to_court(case: MediationCase, *, actor, reported_on: dt.date, report: str) -> MediationCase:
    """Record, once, that the outcome was reported to the entrusting court: one history row whose
    reason is the report, and the reporting deadline met. Raises NotFound, Forbidden (not the
    case's mediator or the head), Conflict (not court-entrusted, no outcome yet, already
    reported) or Invalid."""
    report = (report or "").strip()
    with audited_write(
        case,
        "report_to_court",
        "向法院反馈调解结果",
        actor=actor,
        permission=rules.assigned_mediator,
        reason=report,
        forbidden="您无权向法院反馈本案调解结果。",
    ) as write:
        locked = write.obj
        if not locked.is_court_entrusted:
            raise Conflict("本案不是法院委派或委托的调解案件，无需向法院反馈。")
        if locked.concluded_on is None:
            raise Conflict(f"当前状态“{locked.state_label}”下调解尚无结果，不能反馈法院。")
        if locked.court_reported_on is not None:
            raise Conflict(f"已于 {locked.court_reported_on:%Y-%m-%d} 向法院反馈调解结果。")
        errors = {}
        if not report:
            errors["report"] = ["请填写反馈法院的调解结果。"]
        if reported_on > timezone.localdate():
            errors["reported_on"] = ["日期不能晚于今天。"]
        elif reported_on < locked.concluded_on:
            errors["reported_on"] = [f"日期不能早于调解结束日期（{locked.concluded_on:%Y-%m-%d}）。"]
        if errors:
            raise Invalid("输入有误。", errors)
        write.edit(locked, court_reported_on=reported_on, court_report=report)
        write.record(reported_on=reported_on.isoformat(), court=locked.court_name)
        for deadline in deadlines_for(locked):
            if deadline.kind == COURT_REPORT and deadline.is_active:
                deadline_mark_met(deadline, on=max(reported_on, deadline.start))
    return locked
