"""Requesting and building the monthly report. A report run is the requester's own record of a
read (no case data is written), so it is not a case history write; the task does the work."""

from django.db import transaction
from django.utils import timezone

from casemgmt.errors import Invalid
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.jobs.progress import job_finish, job_run, job_step, job_store
from casemgmt.privacy import redact_for, redact_workbook_for

from .models import ReportRun
from .periods import parse_period
from .report import STEPS, build_workbook
from .report_pdf import STEPS as PDF_STEPS
from .report_pdf import build_pdf
from .selectors import dashboard_for, viewer_jurisdictions

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
        run = ReportRun.objects.create(
            requested_by=user, period=parsed.key, jurisdiction=place, steps_total=1 + STEPS + PDF_STEPS
        )
        task_enqueue(BUILD_TASK, run.pk)
    return run


def _build(run: ReportRun) -> None:
    period = parse_period(run.period)
    board = dashboard_for(run.requested_by, period, jurisdiction=run.jurisdiction_id or "")
    job_step(run)
    place = run.jurisdiction.name if run.jurisdiction else "您可查看的全部区划"
    workbook = build_workbook(board, place, progress=lambda: job_step(run))
    workbook = redact_workbook_for(run.requested_by, workbook)
    pdf = build_pdf(
        board, place, redact=lambda text: redact_for(run.requested_by, text), progress=lambda: job_step(run)
    )
    job_store(run, "file", f"月度报表-{run.period}-{run.pk}.xlsx", workbook)
    job_store(run, "pdf", f"月度报表-{run.period}-{run.pk}.pdf", pdf)
    job_finish(run, ["file", "sha256", "pdf", "pdf_sha256"])


def report_build(run_id: int) -> str:
    """The task's work: compute the figures, write the workbook sheet by sheet and the PDF (each
    step recorded), store both with their SHA-256. Safe to run again: a finished run is left alone."""
    return job_run(ReportRun.objects.select_related("requested_by", "jurisdiction"), run_id, _build)


def reports_of(user):
    """The requester's own report runs (nobody else's: a report holds the requester's figures)."""
    return ReportRun.objects.filter(requested_by=user).select_related("jurisdiction")
