"""Keep the index in step with writes: services call these inside their transaction.

Each call records the object in the index outbox within the caller's transaction (see
casemgmt.search.outbox), so the change and the note that the index must follow commit or
roll back together. Once the transaction commits, a Celery task drains the outbox; a beat
entry drains it periodically as well. The request for that task goes through the task outbox
(casemgmt.jobs.outbox): with the broker down the write still succeeds, and both the index row
and the request wait for the broker.
"""

from .outbox import outbox_enqueue
from .registry import searchable_for_model

DRAIN_KEY = "search-drain"


def drain_after_commit() -> None:
    """Drain the outbox once the current transaction commits (at once outside one).

    The request to drain is itself a row of the task outbox, written in this transaction."""
    from casemgmt.jobs.outbox import task_enqueue

    task_enqueue("casemgmt.search.tasks.drain_outbox", dedupe_key=DRAIN_KEY)


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
