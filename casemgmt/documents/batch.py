"""Issuing one kind of document for many cases at once (a long job, casemgmt.jobs FileJob): from
a staff list the user picks cases (or "all in this filter") and a kind the workflow lets be issued
outside a transition — e.g. the 送达回证 of a served penalty decision, or a copy of the acceptance
notice — and gets one ZIP of their PDFs, with progress.

Each document goes through the documents service (document_issue: numbered by the kernel when the
kind has a 文号, its HTML hash stored; its files hashed when generated) inside the audited door
(audited_write): the case's history gets one row per issue naming the requester, the batch and the
文号 taken — as issuing it in a single step does — and the permission is the one that issues the
kind singly. The cases are read through the requester's selector when the task runs (another
county's case is never in a batch), and each issue is its own transaction: a case refused (no
longer eligible, no longer the requester's) is listed in the ZIP's 清单 and issues nothing."""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from casemgmt.errors import DomainError, Forbidden, Invalid, NotFound
from casemgmt.jobs.models import FileJob
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.jobs.progress import job_finish, job_run, job_step, job_store
from casemgmt.privacy import redact_for
from casemgmt.workflow.registry import get_workflow_type
from casemgmt.workflow.steps import audited_write

from .registry import get_document_kind

BATCH_TASK = "casemgmt.web.tasks.build_document_batch"
ISSUE_STEP = "document_batch_issue"
ZIP = "application/zip"


@dataclass(frozen=True)
class BatchKind:
    """A document kind a workflow lets be issued in a batch, and for which of its cases."""

    type_key: str
    kind: str
    eligible: Callable  # queryset -> the cases it may be issued for
    permission: Callable  # (case, user) -> bool: who issues it singly
    context: Callable  # case -> the template's context beyond the case itself
    condition: str  # which cases qualify, said to the user

    @property
    def label(self) -> str:
        return get_document_kind(self.kind).label

    @property
    def numbered(self) -> bool:
        return bool(get_document_kind(self.kind).doc_type)

    def allows_role(self, user) -> bool:
        roles = getattr(self.permission, "roles", None)
        return roles is None or getattr(user, "role", None) in roles


_batch_kinds: dict[tuple[str, str], BatchKind] = {}


def register_batch_document(*, type_key: str, kind: str, eligible, permission, context, condition: str) -> None:
    """Called by the apps (next to register_document) for the kinds they allow in batches."""
    _batch_kinds[(type_key, kind)] = BatchKind(type_key, kind, eligible, permission, context, condition)


def batch_kinds_for(wf, user) -> list[BatchKind]:
    """The kinds the user's role may issue in a batch from this workflow's list."""
    return [b for (key, _), b in sorted(_batch_kinds.items()) if key == wf.key and b.allows_role(user)]


def _visible(user, type_key: str):
    wf = get_workflow_type(type_key)
    queryset = wf.selector(user) if wf is not None else None
    if queryset is None or queryset.query.is_empty():
        raise NotFound()
    return wf, queryset


def document_batch_request(user, wf, *, kind: str, ids, everything: bool = False, query_string: str = "") -> FileJob:
    """Queue a batch of `kind` for the chosen cases the user may see and the kind fits (`ids`, or
    every case of the list filtered by `query_string`). Raises Invalid with field errors (nothing
    written) or Forbidden for a role that may not issue the kind."""
    from casemgmt.web.list_query import list_query

    batch = _batch_kinds.get((wf.key, kind))
    if batch is None:
        raise Invalid("输入有误。", {"kind": ["请选择要制发的文书。"]})
    if not batch.allows_role(user):
        raise Forbidden(f"您无权制发{batch.label}。")
    wf, queryset = _visible(user, wf.key)
    if everything:
        queryset = list_query(user, wf, queryset, QueryDict(query_string)).queryset
    else:
        if not ids or not all(str(pk).isdigit() for pk in ids):
            raise Invalid("输入有误。", {"ids": ["请至少选择一件案件。"]})
        queryset = queryset.filter(pk__in=[int(pk) for pk in ids])
    chosen = list(batch.eligible(queryset).order_by("pk").values_list("pk", flat=True).distinct())
    if not chosen:
        raise Invalid("输入有误。", {"ids": [f"所选案件中没有可制发{batch.label}的（须为{batch.condition}）。"]})
    # A case the user sees but may not issue for (the city sees the counties' cases; each bureau
    # issues its own documents) is left out here, not counted in the job and refused in its 清单.
    cases = queryset.model.objects.in_bulk(chosen)
    permitted = [pk for pk in chosen if batch.permission(cases[pk], user)]
    skipped = len(chosen) - len(permitted)
    if not permitted:
        raise Invalid("输入有误。", {"ids": [f"您无权为所选案件制发{batch.label}（须为本机关或您承办的案件）。"]})
    chosen = permitted
    limit = settings.DOCUMENT_BATCH_MAX_CASES
    if len(chosen) > limit:
        raise Invalid(
            "输入有误。", {"ids": [f"一次最多制发 {limit} 件，所选符合条件的有 {len(chosen)} 件，请缩小范围。"]}
        )
    list_url = reverse("web:object-list", args=[wf.key])
    query_string = QueryDict(query_string).urlencode()  # re-encoded: only the list's parameters
    with transaction.atomic():
        job = FileJob.objects.create(
            requested_by=user,
            kind=FileJob.Kind.DOCUMENTS,
            title=f"{batch.label}批量制发（{len(chosen)} 件）",
            params={
                "type_key": wf.key,
                "kind": kind,
                "ids": chosen,
                "back_url": f"{list_url}?{query_string}" if query_string else list_url,
                "summary": [
                    f"为所选{wf.label}中符合条件（{batch.condition}）的 {len(chosen)} 件逐件制发{batch.label}"
                    + ("，每件取一个文号" if batch.numbered else "")
                    + "，并记入各案件的办理记录。",
                    *(
                        [f"另有 {skipped} 件符合条件的案件您无权制发（非本机关或非您承办），未列入。"]
                        if skipped
                        else []
                    ),
                    "完成后下载的 ZIP 内含各件 PDF 和一份清单。",
                ],
            },
            steps_total=len(chosen) + 1,
            content_type=ZIP,
        )
        task_enqueue(BATCH_TASK, job.pk)
    return job


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")[:80] or "文书"


def document_batch_issue(case, batch: BatchKind, *, actor, job_id: int):
    """One case's document, through the audited door: one history row on the case."""
    from .services import document_issue

    with audited_write(
        case,
        ISSUE_STEP,
        f"批量制发{batch.label}",
        actor=actor,
        permission=batch.permission,
        reason=f"批量制发{batch.label}",
    ) as write:
        if not batch.eligible(type(case).objects.filter(pk=case.pk)).exists():
            raise Invalid(f"已不符合条件（须为{batch.condition}）。")
        document = document_issue(write.obj, batch.kind, actor=actor, extra=batch.context(write.obj))
        write.record(document=document.pk, number=document.number_text, batch_job=job_id)
    return document


def _build(job: FileJob) -> None:
    from .services import document_files_generate

    user = job.requested_by
    batch = _batch_kinds[(job.params["type_key"], job.params["kind"])]
    wf, queryset = _visible(user, job.params["type_key"])
    cases = {case.pk: case for case in queryset.filter(pk__in=job.params["ids"])}
    lines, buffer = [], io.BytesIO()
    job_step(job)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, pk in enumerate(job.params["ids"], start=1):
            case = cases.get(pk)
            if case is None:
                lines.append(f"{index}. 案件 {pk}：未制发（不可见）")
                job_step(job)
                continue
            try:
                document = document_batch_issue(case, batch, actor=user, job_id=job.pk)
            except DomainError as exc:
                lines.append(f"{index}. {case.display_title}：未制发（{exc.message}）")
                job_step(job)
                continue
            pdf = next(f for f in document_files_generate(document.pk) if f.format == "pdf")
            with pdf.file.open("rb") as handle:
                content = handle.read()
            name = f"{index:03d}-{_safe_name(case.display_title)}-{_safe_name(str(document))}.pdf"
            archive.writestr(name, content)
            lines.append(f"{index}. {case.display_title}：{document}，{name}，SHA-256 {pdf.sha256}")
            job_step(job)
        header = [
            f"{job.title}",
            f"申请人：{user.display_name}",
            f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}",
            "",
        ]
        archive.writestr("清单.txt", "\n".join(redact_for(user, header + lines)) + "\n")
    job.filename = f"{_safe_name(batch.label)}-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
    job_store(job, "file", job.filename, buffer.getvalue())
    job_finish(job, ["file", "sha256", "filename"])


def batch_build(job_id: int) -> str:
    """The task's work (casemgmt.web.tasks.build_document_batch)."""
    return job_run(FileJob.objects.select_related("requested_by"), job_id, _build)
