"""Keep the index in step with writes: services call these inside their transaction.

Each call records the object in the index outbox within the caller's transaction (see
casemgmt.search.outbox), so the change and the note that the index must follow commit or
roll back together. Once the transaction commits, a Celery task drains the outbox; a beat
entry drains it periodically as well.

The index row is the durable record, so the request to drain it soon is only a wake-up: with a
broker it goes straight to the broker after the commit, at most one per
SEARCH_DRAIN_WAKEUP_SECONDS per process, started no earlier than every commit it stands for (so
an entry follows its write within that window). Writing the wake-up into the task outbox as
well cost a row, a claim and a delete per write, a third of a transition's time, to protect
nothing: with the broker down the index rows wait for the beat's drain either way. With tasks
run in-process (no broker) the request goes through the task outbox as any task does.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from .outbox import outbox_enqueue
from .registry import searchable_for_model

logger = logging.getLogger(__name__)

DRAIN_KEY = "search-drain"
DRAIN_TASK = "casemgmt.search.tasks.drain_outbox"


def drain_after_commit() -> None:
    """Drain the outbox once the current transaction commits (at once outside one)."""
    from casemgmt.celery import app

    if app.conf.task_always_eager:
        from casemgmt.jobs.outbox import task_enqueue

        task_enqueue(DRAIN_TASK, dedupe_key=DRAIN_KEY)
    else:
        transaction.on_commit(_wake_drain, robust=True)


class _Wakeups:
    lock = threading.Lock()
    next_start = 0.0  # monotonic time of the last wake-up's start


def _wake_drain() -> None:
    from casemgmt.jobs.outbox import task_send_once

    now = time.monotonic()
    with _Wakeups.lock:
        if now < _Wakeups.next_start:
            return  # a wake-up already waits to start after this commit
        start = max(now, _Wakeups.next_start + settings.SEARCH_DRAIN_WAKEUP_SECONDS)
        _Wakeups.next_start = start
    try:
        task_send_once(DRAIN_TASK, countdown=(start - now) or None)
    except OperationalError as exc:
        logger.warning("search drain wake-up not sent, the beat's drain follows: %r", exc)


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
