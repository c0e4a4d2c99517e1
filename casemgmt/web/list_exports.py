"""The Excel export of a staff list. A small result is written at once; a large one (more rows
than settings.LIST_EXPORT_SYNC_MAX_ROWS) is a long job (casemgmt.jobs FileJob): the task
recomputes the rows for the requester from the list's query string (casemgmt.web.list_query, the
list's own selector and filters), writes them chunk by chunk recording its progress, and masks
personal data by the requester's role (casemgmt.privacy) exactly as the immediate export does."""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone

from casemgmt.api.renderers import XLSXRenderer, workbook_bytes
from casemgmt.errors import NotFound
from casemgmt.jobs.models import FileJob
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.jobs.progress import job_finish, job_run, job_step, job_store
from casemgmt.privacy import redact_for
from casemgmt.workflow.registry import get_workflow_type

from . import case_lists
from .list_query import list_query

EXPORT_TASK = "casemgmt.web.tasks.build_list_export"
CHUNK_ROWS = 200  # rows per recorded step
BACKGROUND_HINT = "符合条件的记录共 {rows} 条，超过即时导出的上限：请点击“导出 Excel（后台生成）”，生成后在任务页下载。"


def sync_max_rows() -> int:
    return settings.LIST_EXPORT_SYNC_MAX_ROWS


def _filename(wf) -> str:
    return f"{wf.key}-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"


def export_content(user, wf, queryset, progress=lambda: None) -> bytes:
    """The workbook of the list's rows (every row, not one page), personal data masked by role."""
    table = []
    header = None
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_ROWS):
        chunk = ids[start : start + CHUNK_ROWS]
        objects = queryset.filter(pk__in=chunk)  # still the list's order (ties broken by id)
        header, cells = case_lists.export_table(case_lists.rows(objects, wf.model), wf.model)
        table += cells
        progress()
    if header is None:
        header, _ = case_lists.export_table([], wf.model)
    return workbook_bytes(header, redact_for(user, table))


def export_response(user, wf, queryset) -> HttpResponse:
    response = HttpResponse(export_content(user, wf, queryset), content_type=XLSXRenderer.media_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(wf)}"'
    return response


def _readable(user, type_key: str):
    wf = get_workflow_type(type_key)
    queryset = wf.selector(user) if wf is not None else None
    if queryset is None or queryset.query.is_empty():
        raise NotFound()
    return wf, queryset


def export_job_request(user, type_key: str, query_string: str) -> FileJob:
    """Queue the export of the list `type_key` filtered by `query_string` for `user`. The job
    keeps the query, not the rows: the task reads them through the user's selector."""
    wf, queryset = _readable(user, type_key)
    params = QueryDict(query_string)
    query = list_query(user, wf, queryset, params)
    chunks = max(1, -(-query.matching // CHUNK_ROWS))
    list_url = reverse("web:object-list", args=[wf.key])
    with transaction.atomic():
        job = FileJob.objects.create(
            requested_by=user,
            kind=FileJob.Kind.EXPORT,
            title=f"{wf.label} Excel 导出",
            params={
                "type_key": wf.key,
                "query": params.urlencode(),
                "back_url": f"{list_url}?{params.urlencode()}" if params else list_url,
                "summary": [f"导出时符合条件的记录约 {query.matching} 条（以生成时为准）。"],
            },
            steps_total=chunks + 1,
            content_type=XLSXRenderer.media_type,
        )
        task_enqueue(EXPORT_TASK, job.pk)
    return job


def _build(job: FileJob) -> None:
    wf, queryset = _readable(job.requested_by, job.params["type_key"])
    query = list_query(job.requested_by, wf, queryset, QueryDict(job.params["query"]))
    chunks = max(1, -(-query.matching // CHUNK_ROWS))
    FileJob.objects.filter(pk=job.pk).update(steps_total=chunks + 1)
    job.steps_total = chunks + 1
    content = export_content(job.requested_by, wf, query.queryset, progress=lambda: job_step(job))
    job.filename = _filename(wf)
    job_store(job, "file", job.filename, content)
    job_finish(job, ["file", "sha256", "filename"])


def export_build(job_id: int) -> str:
    """The task's work (casemgmt.web.tasks.build_list_export)."""
    return job_run(FileJob.objects.select_related("requested_by"), job_id, _build)
