"""Staff pages of the branch centre beyond the generic workflow pages."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.org.models import Role, User
from casemgmt.org.scoping import scope_queryset
from enforcement.supervision.services.imports import MAX_BYTES, XLSX_MEDIA_TYPE, SheetRejected

from .selectors import mediations_visible_to, sessions_between
from .services import imports

WEEKDAYS = "一二三四五六日"


def _week_start(value: str | None) -> dt.date:
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


@login_required
@require_safe
def mediation_calendar(request):
    """调解日程: a week of mediation sessions, for one mediator or every mediator the user sees."""
    if mediations_visible_to(request.user).query.is_empty():
        raise Http404("没有这类业务。")
    monday = _week_start(request.GET.get("week"))
    sunday = monday + dt.timedelta(days=6)
    mediators = scope_queryset(User.objects.filter(role=Role.HANDLER, is_active=True), request.user)
    chosen = request.GET.get("mediator", "")
    if chosen == "" and request.user.role == Role.HANDLER:
        chosen = str(request.user.pk)
    mediator = mediators.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    sessions = list(sessions_between(request.user, monday, sunday, mediator=mediator))
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        days.append(
            {
                "date": day,
                "weekday": WEEKDAYS[offset],
                "is_today": day == timezone.localdate(),
                "sessions": [s for s in sessions if timezone.localtime(s.starts_at).date() == day],
            }
        )
    return render(
        request,
        "cases/mediation_calendar.html",
        {
            "days": days,
            "monday": monday,
            "sunday": sunday,
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "mediators": mediators.order_by("full_name", "username"),
            "mediator": mediator,
            "session_count": len(sessions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assistance_import(request):
    """导入历史维权援助申请: upload the sheet (the API's import service); all rows or none, a bad
    sheet lists every bad row by row number and column."""
    imports.require_importer(request.user)
    context = {"max_mb": MAX_BYTES // 1024 // 1024}
    if request.method == "GET":
        return render(request, "cases/assistance_import.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["file_errors"] = ["请选择要上传的 .xlsx 文件。"]
        return render(request, "cases/assistance_import.html", context, status=400)
    try:
        report = imports.assistance_import(upload, actor=request.user)
    except SheetRejected as exc:
        errors = exc.field_errors()
        context.update(
            file_name=upload.name,
            file_errors=[str(message) for message in errors.get("file", [])],
            rejected=[
                {"row": entry["row"], "problems": [(c, m) for c, ms in entry["errors"].items() for m in ms]}
                for entry in errors.get("rows", [])
            ],
        )
        return render(request, "cases/assistance_import.html", context, status=400)
    messages.success(request, f"已导入 {report['created']} 件历史维权援助申请。")
    context.update(report=report, file_name=upload.name)
    return render(request, "cases/assistance_import.html", context)


@login_required
@require_safe
def assistance_import_template(request):
    """The blank import sheet (the same workbook as the API's import-template/)."""
    imports.require_importer(request.user)
    response = HttpResponse(imports.assistance_template(), content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = 'attachment; filename="assistance-import-template.xlsx"'
    return response
