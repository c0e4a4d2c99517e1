"""Celery tasks of official documents (thin: load by id, call a service)."""

from celery import shared_task


@shared_task(name="casemgmt.documents.tasks.generate_document_files", ignore_result=True)
def generate_document_files(document_id: int) -> None:
    """The .docx and PDF of an issued document (services.document_files_generate); queued through
    the task outbox by document_issue, in the transaction that issued the document."""
    from .services import document_files_generate

    document_files_generate(document_id)
