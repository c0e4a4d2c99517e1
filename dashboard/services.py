"""Requesting and building the monthly report. A report run is the requester's own record of a
read (no case data is written), so it is not a case history write; the task does the work."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casemgmt.errors import Invalid
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.privacy import redact_workbook_for

from .models import ReportRun
from .periods import parse_period
from .report import STEPS, build_workbook
from .selectors import dashboard_for, viewer_jurisdictions

logger = logging.getLogger(__name__)
BUILD_TASK = "dashboard.tasks.build_monthly_report"


def report_request(user, *, period: str, jurisdiction: str = "") -> ReportRun:
    """Queue the monthly report of `period` (a month, "2026-05") for the requester's own figures,
    narrowed to `jurisdiction` if given. Raises Invalid with field errors, writing nothing."""
    errors = {}
    parsed = parse_period(period)
    if parsed is None or "-" not in parsed.key or "Q" in parsed.key:
        errors["period"] = ["请选择统计月份。"]
    elif parsed.first > timezone.localdate():
        errors["period"] = ["统计月份不能晚于本月。"]
    place = None
    if jurisdiction:
        place = next((j for j in viewer_jurisdictions(user) if j.code == jurisdiction), None)
        if place is None:
            errors["jurisdiction"] = ["请选择您可查看的区划。"]
    if errors:
        raise Invalid("输入有误。", errors)
    with transaction.atomic():
        run = ReportRun.objects.create(requested_by=user, period=parsed.key, jurisdiction=place, steps_total=STEPS + 1)
        task_enqueue(BUILD_TASK, run.pk)
    return run


def _step(run: ReportRun) -> None:
    ReportRun.objects.filter(pk=run.pk).update(steps_done=F("steps_done") + 1)


def report_build(run_id: int) -> str:
    """The task's work: compute the figures, write the workbook sheet by sheet (each step
    recorded), store it with its SHA-256. Safe to run again: a finished run is left alone."""
    run = ReportRun.objects.select_related("requested_by", "jurisdiction").filter(pk=run_id).first()
    if run is None or run.status == ReportRun.Status.DONE:
        return "skipped"
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, steps_done=0, error="")
    try:
        period = parse_period(run.period)
        code = run.jurisdiction_id or ""
        board = dashboard_for(run.requested_by, period, jurisdiction=code)
        _step(run)
        place = run.jurisdiction.name if run.jurisdiction else "您可查看的全部区划"
        content = build_workbook(board, place, progress=lambda: _step(run))
        content = redact_workbook_for(run.requested_by, content)
        run.refresh_from_db()
        run.file.save(f"月度报表-{run.period}-{run.pk}.xlsx", ContentFile(content), save=False)
        run.sha256 = hashlib.sha256(content).hexdigest()
        run.status = ReportRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["file", "sha256", "status", "finished_at"])
        return "done"
    except Exception as exc:
        logger.exception("monthly report %s failed", run_id)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return "failed"


def reports_of(user):
    """The requester's own report runs (nobody else's: a report holds the requester's figures)."""
    return ReportRun.objects.filter(requested_by=user).select_related("jurisdiction")
