"""Celery tasks of the staff UI's long jobs (thin: load by id, call a service)."""

from celery import shared_task


@shared_task(name="casemgmt.web.tasks.build_list_export")
def build_list_export(job_id: int) -> str:
    """A staff list's large Excel export (casemgmt.web.list_exports.export_build)."""
    from .list_exports import export_build

    return export_build(job_id)


@shared_task(name="casemgmt.web.tasks.build_document_batch")
def build_document_batch(job_id: int) -> str:
    """Documents issued for the chosen cases, one ZIP of PDFs (casemgmt.documents.batch.batch_build)."""
    from casemgmt.documents.batch import batch_build

    return batch_build(job_id)
