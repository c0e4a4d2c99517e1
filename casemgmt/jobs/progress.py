"""Running a long job (casemgmt.jobs.models.LongJob): the task marks it running, records each
finished step, and stores its file(s) with their SHA-256 — or records why it failed. The page
polling web:job-progress shows the percentage from these rows.

A job row is its requester's own record of a read or of a batch; writing it is no case write (the
case writes a batch makes go through their own audited doors)."""

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from .models import LongJob

logger = logging.getLogger(__name__)
ERROR_LENGTH = 2000


def job_start(job: LongJob, *, steps_total: int | None = None) -> None:
    values = {"status": LongJob.Status.RUNNING, "steps_done": 0, "error": ""}
    if steps_total is not None:
        values["steps_total"] = job.steps_total = steps_total
    type(job).objects.filter(pk=job.pk).update(**values)


def job_step(job: LongJob, count: int = 1) -> None:
    """One more step done (an UPDATE of its own, so a page polling meanwhile sees it)."""
    type(job).objects.filter(pk=job.pk).update(steps_done=F("steps_done") + count)


def job_store(job: LongJob, field: str, name: str, content: bytes) -> None:
    """Store `content` in the job's file field `field`, its SHA-256 in `<field>_sha256` (the
    `file` field's in `sha256`); saved with the job's completion."""
    getattr(job, field).save(name, ContentFile(content), save=False)
    hash_field = "sha256" if field == "file" else f"{field}_sha256"
    setattr(job, hash_field, hashlib.sha256(content).hexdigest())


def job_finish(job: LongJob, fields: list[str]) -> None:
    job.status = LongJob.Status.DONE
    job.finished_at = timezone.now()
    job.steps_done = job.steps_total
    job.save(update_fields=[*fields, "status", "finished_at", "steps_done"])


def job_fail(job: LongJob, exc: Exception) -> None:
    logger.exception("%s %s failed", type(job).__name__, job.pk)
    type(job).objects.filter(pk=job.pk).update(
        status=LongJob.Status.FAILED, error=str(exc)[:ERROR_LENGTH] or repr(exc), finished_at=timezone.now()
    )


def job_run(jobs, job_id: int, work: Callable[[LongJob], None]) -> str:
    """The frame of every long job's task: load the job (from `jobs`, a model or queryset), skip it when already done (tasks may run
    twice), mark it running, do `work(job)` (which records its steps and stores its files with
    job_store, then calls job_finish), and record a failure instead of raising it."""
    queryset = jobs._default_manager.all() if isinstance(jobs, type) else jobs  # a model or a queryset
    job = queryset.filter(pk=job_id).first()
    if job is None or job.status == LongJob.Status.DONE:
        return "skipped"
    job_start(job)
    try:
        work(job)
    except Exception as exc:
        job_fail(job, exc)
        return "failed"
    return "done"
