"""Keep the index in step with writes: services call these inside their transaction.

Each call records the object in the index outbox within the caller's transaction (see
casemgmt.search.outbox), so the change and the note that the index must follow commit or
roll back together. Once the transaction commits, a Celery task drains the outbox; a beat
entry drains it periodically as well. `robust=True`: failing to queue the task (broker
down) is logged, never turned into an error of the write that already committed; the
outbox row waits for the next drain.
"""

from django.db import transaction

from .outbox import outbox_enqueue
from .registry import searchable_for_model


def _send_drain() -> None:
    from .tasks import drain_outbox

    drain_outbox.delay()


def drain_after_commit() -> None:
    """Drain the outbox once the current transaction commits (at once outside one)."""
    transaction.on_commit(_send_drain, robust=True)


def index_on_commit(instance) -> None:
    """The object was created or changed: its index entry follows after the commit."""
    entry = searchable_for_model(type(instance))
    if entry is None or instance.pk is None:
        return
    outbox_enqueue([(entry.key, instance.pk)])
    drain_after_commit()


def delete_on_commit(instance) -> None:
    """Call before deleting the object: its primary key is read now, while it still has one.
    The drain finds the object gone and removes its entry."""
    index_on_commit(instance)
