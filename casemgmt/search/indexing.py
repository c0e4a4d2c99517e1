"""Keep the index in step with writes: services call these inside their transaction.

The work is queued only once the transaction commits (nothing is indexed for a rolled-back
write) and runs as a Celery task. `robust=True`: a failure to index is logged, never turned
into an error of the write that already committed; `manage.py search_rebuild` repairs.
"""

from django.db import transaction

from .registry import searchable_for_model


def index_on_commit(instance) -> None:
    entry = searchable_for_model(type(instance))
    if entry is None or instance.pk is None:
        return
    key, pk = entry.key, instance.pk

    def enqueue():
        from .tasks import index_object

        index_object.delay(key, pk)

    transaction.on_commit(enqueue, robust=True)


def delete_on_commit(instance) -> None:
    """Call before deleting the object: its primary key is read now, while it still has one."""
    entry = searchable_for_model(type(instance))
    if entry is None or instance.pk is None:
        return
    key, pk = entry.key, instance.pk

    def enqueue():
        from .tasks import delete_object

        delete_object.delay(key, pk)

    transaction.on_commit(enqueue, robust=True)
