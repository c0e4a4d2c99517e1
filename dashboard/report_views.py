"""The monthly report's pages: request one, watch its progress, download the workbook or the
PDF. A run is its requester's: anyone else gets 404."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.errors import Invalid
from casemgmt.web.errors import form_refusal

from .periods import month
from .selectors import viewer_jurisdictions
from .services import report_request, reports_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def month_choices(today: dt.date | None = None, count: int = 24):
    """This month and the ones before it, newest first."""
    today = today or timezone.localdate()
    year, number = today.year, today.month
    months = []
    for _ in range(count):
        months.append(month(year, number))
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return months


@login_required
@require_http_methods(["GET", "POST"])
def reports(request):
    jurisdictions = viewer_jurisdictions(request.user)
    data, errors, status = {}, {}, 200
    if request.method == "POST":
        data = request.POST
        try:
            run = report_request(request.user, period=data.get("period", ""), jurisdiction=data.get("jurisdiction", ""))
        except Invalid as exc:
            refusal = form_refusal(exc)
            errors, status = refusal.errors, refusal.status
        else:
            return redirect("web:dashboard-report", pk=run.pk)
    months = month_choices()
    return render(
        request,
        "dashboard/reports.html",
        {
            "runs": reports_of(request.user)[:20],
            "months": months,
            "chosen_period": data.get("period", months[1].key if request.method == "GET" else ""),
            "chosen_jurisdiction": data.get("jurisdiction", ""),
            "jurisdictions": jurisdictions if len(jurisdictions) > 1 else [],
            "errors": errors,
        },
        status=status,
    )


def _own_run(request, pk):
    run = reports_of(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404("未找到，或您无权查看。")
    return run


@login_required
@require_safe
def report(request, pk):
    return render(request, "dashboard/report.html", {"run": _own_run(request, pk)})


@login_required
@require_safe
def report_download(request, pk):
    run = _own_run(request, pk)
    if run.status != run.Status.DONE or not run.file:
        raise Http404("报表尚未生成。")
    return _file(run.file, f"{run}（{run.place}）.xlsx", XLSX, run.sha256)


@login_required
@require_safe
def report_pdf(request, pk):
    run = _own_run(request, pk)
    if run.status != run.Status.DONE or not run.pdf:
        raise Http404("报表尚未生成。")
    return _file(run.pdf, f"{run}（{run.place}）.pdf", "application/pdf", run.pdf_sha256)


def _file(field, name: str, content_type: str, sha256: str):
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = sha256
    return response
