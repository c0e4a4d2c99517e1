"""Long jobs started from a staff list: its Excel export over a large result, and a batch of
documents for chosen cases. Thin: the services recompute the rows for the requester."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casemgmt.documents.batch import batch_kinds_for, document_batch_request
from casemgmt.errors import Invalid

from .. import list_exports
from ..errors import form_refusal
from ..list_query import list_query
from .objects import readable_queryset


@login_required
@require_POST
def object_export(request, type_key):
    """The list's export as the list's form posts it (`query`: the list's query string): written
    at once when small, else a background job whose page shows its progress."""
    wf, queryset = readable_queryset(request.user, type_key)
    query_string = request.POST.get("query", "")
    query = list_query(request.user, wf, queryset, QueryDict(query_string))
    if query.matching <= list_exports.sync_max_rows():
        return list_exports.export_response(request.user, wf, query.queryset)
    job = list_exports.export_job_request(request.user, wf.key, query_string)
    messages.success(request, "已开始在后台生成 Excel 文件。")
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def object_document_batch(request, type_key):
    """Issue one kind of document for the chosen cases (`ids`, or every case of the list's filter
    with `all=1`), as a background job making one ZIP of the PDFs."""
    wf, queryset = readable_queryset(request.user, type_key)
    data = request.POST
    try:
        job = document_batch_request(
            request.user,
            wf,
            kind=data.get("kind", ""),
            ids=data.getlist("ids"),
            everything=data.get("all") == "1",
            query_string=data.get("query", ""),
        )
    except Invalid as exc:
        return render(
            request,
            "web/document_batch.html",
            {
                "wf": wf,
                "errors": form_refusal(exc).errors,
                "kinds": batch_kinds_for(wf, request.user),
                "data": data,
                "ids": [pk for pk in data.getlist("ids") if pk.isdigit()],
            },
            status=400,
        )
    messages.success(request, "已开始在后台制发文书。")
    return redirect(job.get_absolute_url())
