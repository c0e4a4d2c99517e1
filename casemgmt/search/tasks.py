from celery import shared_task

from .services import search_document_delete, search_document_sync


@shared_task(name="casemgmt.search.tasks.index_object", ignore_result=True)
def index_object(key: str, pk: int) -> None:
    search_document_sync(key=key, pk=pk)


@shared_task(name="casemgmt.search.tasks.delete_object", ignore_result=True)
def delete_object(key: str, pk: int) -> None:
    search_document_delete(key=key, pk=pk)
