"""The task outbox: a task dispatch is written in the same transaction as the change behind it.

`task_enqueue` records "run this task with these arguments" in the caller's transaction; after
the commit the relay sends that row to the broker at once, and the beat runs the relay
(`relay_task_outbox`) as well, so:

* a committed change always leaves its task behind, a rolled-back one never does;
* with the broker down every write still succeeds: the send fails, the row stays, and the next
  relay once the broker is back sends it;
* a row is deleted only after the broker took it, so a task may be sent twice (a crash between
  the send and the delete) but is never lost: tasks must be safe to run again, as ours are
  (each re-reads what it works on). The row's generation is the Celery task id of every send.

Rows are claimed for a lease, so two relays never send the same row at once (the pattern of
casemgmt.search.outbox, which keeps the index's own queue the same way).
"""

import datetime
import importlib
import logging
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import TaskOutbox

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_BATCHES = 50
CLAIM_LEASE = datetime.timedelta(minutes=2)
BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600
ERROR_LENGTH = 2000


@dataclass
class RelayReport:
    sent: int = 0
    failed: int = 0
    renewed: int = 0  # sent, but requested again meanwhile: still queued
    broker_down: bool = False


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def _queued_in_this_transaction(dedupe_key: str):
    """The generation of a request with this key this transaction already wrote, if any."""
    for _ids, func, _robust in connection.run_on_commit:
        if getattr(func, "dedupe_key", None) == dedupe_key and not func.ran:
            return func.generation
    return None


def task_enqueue(task, *args, dedupe_key: str = "", **kwargs) -> None:
    """Queue `task` (a Celery task or its name) with JSON-serialisable arguments.

    Call inside the transaction of the change it stands for; outside one it is sent at once.
    With `dedupe_key`, a request while an equal one is still queued merges into it (within one
    transaction without writing again: a bulk change writes one row, not one per object).
    """
    generation = (dedupe_key and connection.in_atomic_block and _queued_in_this_transaction(dedupe_key)) or None
    if generation is not None and not TaskOutbox.objects.filter(dedupe_key=dedupe_key, generation=generation).exists():
        generation = None  # already sent (only tests run callbacks before their transaction ends)
    if generation is None:
        generation = uuid.uuid4()
        _write(task, args, kwargs, dedupe_key, generation)

    name = _task_name(task)

    def relay_after_commit():
        relay_after_commit.ran = True
        _relay_own(TaskOutbox(task=name, args=list(args), kwargs=kwargs, generation=generation))

    relay_after_commit.dedupe_key = dedupe_key or None
    relay_after_commit.generation = generation
    relay_after_commit.ran = False
    # robust: a relay that fails after the commit is logged, never turned into an error of the
    # write that already committed; the row waits for the beat's relay.
    transaction.on_commit(relay_after_commit, robust=True)


def _write(task, args, kwargs, dedupe_key: str, generation: uuid.UUID) -> None:
    now = timezone.now()
    row = TaskOutbox(
        task=_task_name(task),
        args=list(args),
        kwargs=kwargs,
        dedupe_key=dedupe_key or None,
        generation=generation,
        queued_at=now,
        available_at=now,
    )
    if dedupe_key:
        # An upsert: concurrent writers cannot collide, and a claimed row keeps its claim, so
        # the relay sending it meanwhile leaves the renewed request queued.
        TaskOutbox.objects.bulk_create(
            [row], update_conflicts=True, unique_fields=["dedupe_key"], update_fields=["generation", "available_at"]
        )
    else:
        row.save(force_insert=True)


def _unclaimed(now) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _due(now):
    return TaskOutbox.objects.filter(_unclaimed(now), available_at__lte=now)


def backoff_seconds(attempts: int) -> int:
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def _claim(batch_size: int) -> tuple[uuid.UUID, list[TaskOutbox]]:
    now = timezone.now()
    claim = uuid.uuid4()
    with transaction.atomic():
        ids = list(_due(now).order_by("available_at", "pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return claim, []
        # The condition is checked again by the UPDATE: of two relays that picked the same
        # rows, the one that updates second claims none of them.
        TaskOutbox.objects.filter(_unclaimed(now), pk__in=ids).update(claim=claim, claimed_until=now + CLAIM_LEASE)
    return claim, list(TaskOutbox.objects.filter(claim=claim).order_by("pk"))


def _registered_task(app, name: str):
    if name not in app.tasks:
        importlib.import_module(name.rsplit(".", 1)[0])  # our task names are module.function
    return app.tasks[name]


def _mine(row: TaskOutbox):
    # A row whose generation moved on was requested again meanwhile: it stays queued.
    return TaskOutbox.objects.filter(generation=row.generation, claim=row.claim)


def _done(row: TaskOutbox) -> bool:
    return _mine(row).delete()[0] > 0


def _record_failure(row: TaskOutbox, exc: Exception) -> None:
    attempts = row.attempts + 1
    logger.warning(
        "task outbox: %s (generation %s) not sent (%d attempts): %r", row.task, row.generation, attempts, exc
    )
    _mine(row).update(
        attempts=attempts,
        last_error=repr(exc)[:ERROR_LENGTH],
        available_at=timezone.now() + datetime.timedelta(seconds=backoff_seconds(attempts)),
    )


def _release(claim: uuid.UUID) -> None:
    TaskOutbox.objects.filter(claim=claim).update(claim=None, claimed_until=None)


def _send_batch(app, rows: list[TaskOutbox], retry: bool, report: RelayReport) -> None:
    if app.conf.task_always_eager:
        for row in rows:
            # Run in this process now (tests, and set-ups without a broker): the task's outcome
            # is its own, so the row is done before it runs and its errors go to the caller.
            report.renewed += not _done(row)
            _registered_task(app, row.task).apply_async(row.args, row.kwargs, task_id=str(row.generation))
            report.sent += 1
        return
    try:
        with app.pool.acquire(block=True) as connection:
            if not retry:
                # One try: kombu otherwise keeps reconnecting for seconds per task, which a
                # request's after-commit send would wait through while the broker is down.
                connection.ensure_connection(max_retries=0)
            for row in rows:
                try:
                    # ignore_result: nobody waits for an outbox task's result, and a sender that
                    # expected one would first subscribe to it on the result backend (the same
                    # Redis, reconnecting for seconds when it is down).
                    app.send_task(
                        row.task,
                        args=row.args,
                        kwargs=row.kwargs,
                        task_id=str(row.generation),
                        retry=retry,
                        ignore_result=True,
                        connection=connection,
                    )
                except OperationalError:
                    raise
                except Exception as exc:
                    _record_failure(row, exc)
                    report.failed += 1
                else:
                    report.renewed += not _done(row)
                    report.sent += 1
    except OperationalError as exc:
        # The broker is unreachable: no attempt is counted against the rows (the broker
        # failed, not they); they wait for the next relay.
        logger.warning("task outbox: broker unreachable, %d task(s) wait: %r", len(rows), exc)
        report.broker_down = True


def task_send_once(name: str, **options) -> None:
    """Send a task that needs no outbox row (a wake-up whose work is recorded elsewhere), trying
    the broker once: raises kombu's OperationalError at once when it is down."""
    from casemgmt.celery import app

    with app.pool.acquire(block=True) as connection:
        connection.ensure_connection(max_retries=0)
        app.send_task(name, retry=False, ignore_result=True, connection=connection, **options)


def _relay_own(row: TaskOutbox) -> None:
    """Send, right after its commit, the row a transaction wrote: its contents are known, so one
    UPDATE takes the lease (unless the beat's relay holds it or it was sent already) and one DELETE
    ends it — the batch claim below costs a transaction and two more statements per write."""
    from casemgmt.celery import app

    now = timezone.now()
    row.claim = uuid.uuid4()
    taken = TaskOutbox.objects.filter(_unclaimed(now), generation=row.generation, available_at__lte=now).update(
        claim=row.claim, claimed_until=now + CLAIM_LEASE
    )
    if not taken:
        return
    report = RelayReport()
    try:
        _send_batch(app, [row], False, report)
    finally:
        if report.renewed or not report.sent:
            _release(row.claim)


def task_outbox_relay(*, retry: bool = True, max_batches: int = MAX_BATCHES) -> RelayReport:
    """Send due rows to the broker (the beat's relay; after a commit `_relay_own` sends without
    retrying, since a request must not wait for a broker that is down)."""
    from casemgmt.celery import app

    report = RelayReport()
    for _batch in range(max_batches):
        claim, rows = _claim(BATCH_SIZE)
        if not rows:
            break
        try:
            _send_batch(app, rows, retry, report)
        finally:
            _release(claim)
        if report.broker_down:
            break
    return report


def task_outbox_pending() -> dict:
    """How many tasks wait to be sent, and since when (for /healthz)."""
    oldest = TaskOutbox.objects.order_by("queued_at").values_list("queued_at", flat=True).first()
    return {"pending": TaskOutbox.objects.count(), "oldest": oldest.isoformat() if oldest else None}
