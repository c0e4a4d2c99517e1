"""The staff page of a workflow's import (导入历史案件): upload the sheet — the same run as the
API's import/ — and see each bad row, or each imported case with its link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.imports.sheets import MAX_BYTES, XLSX_MEDIA_TYPE, SheetRejected

from .kernel import import_spec, import_template, require_importer, run_import

TEMPLATE = "imports/page.html"


def rejected_rows(errors: dict) -> list[dict]:
    """SheetRejected's rows as the error table shows them: one line per column and message."""
    return [
        {"row": entry["row"], "problems": [(column, m) for column, ms in entry["errors"].items() for m in ms]}
        for entry in errors.get("rows", [])
    ]


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request, key: str):
    spec = import_spec(key)
    require_importer(spec, request.user)
    context = {
        "spec": spec,
        "max_mb": MAX_BYTES // 1024 // 1024,
        "list_url": reverse("web:object-list", args=[spec.key]),
        "template_url": reverse(f"{spec.page_url_name}-template"),
    }
    if request.method == "GET":
        return render(request, TEMPLATE, context)
    upload = request.FILES.get("file")
    if upload is None:
        context["file_errors"] = ["请选择要上传的 .xlsx 文件。"]
        return render(request, TEMPLATE, context, status=400)
    try:
        report = run_import(spec, upload, actor=request.user)
    except SheetRejected as exc:
        errors = exc.field_errors()
        context.update(
            file_name=upload.name,
            file_errors=[str(message) for message in errors.get("file", [])],
            rejected=rejected_rows(errors),
        )
        return render(request, TEMPLATE, context, status=400)
    messages.success(request, f"已导入 {report['created']} 件历史{spec.label}。")
    context.update(report=report, file_name=upload.name)
    return render(request, TEMPLATE, context)


@login_required
@require_safe
def import_template_download(request, key: str):
    """The blank import sheet (the same workbook as the API's import-template/)."""
    spec = import_spec(key)
    require_importer(spec, request.user)
    response = HttpResponse(import_template(spec), content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{spec.template_name}"'
    return response
