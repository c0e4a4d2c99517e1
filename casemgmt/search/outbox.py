"""The index outbox: nothing is lost between the database and the index.

A write records "this object's index entry is out of date" in the same transaction as the
change (`outbox_enqueue`, called by `indexing.index_on_commit`); after the commit, and
periodically, a Celery task drains the outbox (`search_outbox_drain`). So:

* a committed change always leaves a row, a rolled-back one never does;
* with the search engine down every write still succeeds: the drain fails, the rows stay,
  and the next drain once the engine is back catches up;
* the drain re-reads each object when it runs and indexes what the database says now (or
  removes the entry of an object that is gone or no longer indexable), so rows can be
  processed in any order and any number of times.

Rows are claimed for a lease, so two drains never work on the same object at once; a row
whose object changed while it was being drained stays queued (see IndexOutbox). A row
that keeps failing (say, a document the engine refuses) waits longer after each failure
and does not hold the others back. While an index rebuild runs the outbox waits (see
`rebuilds`), so nothing is written into an index about to be replaced.
"""

import datetime
import functools
import logging
import operator
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .backends import get_backend
from .backends.base import SearchBackend, SearchUnavailable
from .models import IndexOutbox
from .rebuilds import rebuild_in_progress
from .registry import get_searchable

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
ENQUEUE_BATCH_SIZE = 1000
# Longer than any bulk request may take (the client times out well before).
CLAIM_LEASE = datetime.timedelta(minutes=5)
# A drain stops after this many batches; the next one (after a commit, or the beat) goes on.
MAX_BATCHES = 500
BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600
ERROR_LENGTH = 2000


@dataclass
class DrainReport:
    synced: int = 0
    failed: int = 0
    held: bool = False  # an index rebuild is running; nothing was drained
    more: bool = False  # due rows remain (MAX_BATCHES reached)


def outbox_enqueue(keys: Iterable[tuple[str, int]]) -> None:
    """Queue (type, id) pairs; a pair already queued is renewed, not duplicated.

    Call inside the transaction of the change it stands for.
    """
    now = timezone.now()
    rows = [
        IndexOutbox(doc_type=key, object_id=pk, generation=uuid.uuid4(), queued_at=now, available_at=now)
        for key, pk in dict.fromkeys((key, int(pk)) for key, pk in keys)
    ]
    # An upsert, not a read-then-write: concurrent writers of the same object cannot collide,
    # and a failed insert would abort the caller's transaction on PostgreSQL. The claim is
    # kept, so a drain working on the object meanwhile does not lose the newer change.
    IndexOutbox.objects.bulk_create(
        rows,
        batch_size=ENQUEUE_BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["doc_type", "object_id"],
        update_fields=["generation", "available_at"],
    )


def _unclaimed(now) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _due(now):
    return IndexOutbox.objects.filter(_unclaimed(now), available_at__lte=now)


def backoff_seconds(attempts: int) -> int:
    """Wait before retrying a row that failed `attempts` times: 10 s, 20 s, 40 s … at most 1 h."""
    base = int(getattr(settings, "SEARCH_OUTBOX_BACKOFF_SECONDS", BACKOFF_BASE_SECONDS))
    ceiling = int(getattr(settings, "SEARCH_OUTBOX_BACKOFF_MAX_SECONDS", BACKOFF_MAX_SECONDS))
    return min(base * 2 ** max(attempts - 1, 0), ceiling)


def _claim(batch_size: int) -> tuple[uuid.UUID, list[IndexOutbox]]:
    now = timezone.now()
    claim = uuid.uuid4()
    with transaction.atomic():
        due = list(_due(now).order_by("available_at", "pk").values_list("pk", flat=True)[:batch_size])
        if not due:
            return claim, []
        # The condition is checked again by the UPDATE itself: of two drains that picked
        # the same rows, the one that updates second claims none of them.
        IndexOutbox.objects.filter(_unclaimed(now), pk__in=due).update(claim=claim, claimed_until=now + CLAIM_LEASE)
    return claim, list(IndexOutbox.objects.filter(claim=claim).order_by("pk"))


def _sync_objects(backend: SearchBackend, key: str, ids: list[int]) -> None:
    """Make the index say what the database says now about these objects of one type."""
    entry = get_searchable(key)
    if entry is None:
        logger.warning("search outbox: type %r is not registered; removing its documents %s", key, ids)
        backend.delete(key, ids)
        return
    instances = {obj.pk: obj for obj in entry.queryset_for_indexing().filter(pk__in=ids)}
    documents, gone = [], []
    for pk in ids:
        document = entry.to_document(instances[pk]) if pk in instances else None
        if document is None:
            gone.append(pk)
        else:
            documents.append(document)
    if documents:
        backend.index(documents)
    if gone:
        backend.delete(key, gone)


def _record_failure(row: IndexOutbox, exc: Exception) -> None:
    attempts = row.attempts + 1
    logger.warning("search outbox: %s:%s failed (%d attempts): %r", row.doc_type, row.object_id, attempts, exc)
    # Only if the row still stands for the change that failed: a newer change is due at once.
    IndexOutbox.objects.filter(pk=row.pk, generation=row.generation).update(
        attempts=attempts,
        last_error=repr(exc)[:ERROR_LENGTH],
        available_at=timezone.now() + datetime.timedelta(seconds=backoff_seconds(attempts)),
    )


def _complete(rows: list[IndexOutbox]) -> None:
    if rows:
        # A row whose generation moved on was changed again meanwhile: it stays queued.
        IndexOutbox.objects.filter(
            functools.reduce(operator.or_, (Q(pk=row.pk, generation=row.generation) for row in rows))
        ).delete()


def _release(claim: uuid.UUID) -> None:
    IndexOutbox.objects.filter(claim=claim).update(claim=None, claimed_until=None)


def _drain_batch(backend: SearchBackend, rows: list[IndexOutbox]) -> tuple[int, int]:
    by_type: dict[str, list[IndexOutbox]] = defaultdict(list)
    for row in rows:
        by_type[row.doc_type].append(row)
    done: list[IndexOutbox] = []
    failed = 0
    try:
        for key, group in by_type.items():
            try:
                _sync_objects(backend, key, [row.object_id for row in group])
                done.extend(group)
                continue
            except SearchUnavailable:
                raise
            except Exception:  # one bad object must not hold back the rest: retry them singly
                logger.info("search outbox: batch of %s failed; retrying its %d objects one by one", key, len(group))
            for row in group:
                try:
                    _sync_objects(backend, key, [row.object_id])
                except SearchUnavailable:
                    raise
                except Exception as exc:
                    _record_failure(row, exc)
                    failed += 1
                else:
                    done.append(row)
    finally:
        _complete(done)
    return len(done), failed


def search_outbox_drain(*, batch_size: int | None = None, max_batches: int = MAX_BATCHES) -> DrainReport:
    """Bring the index up to date with every due outbox row.

    Raises SearchUnavailable when the search engine cannot be reached (rows stay queued,
    without counting an attempt against them: the engine failed, not they).
    """
    batch_size = batch_size or int(getattr(settings, "SEARCH_OUTBOX_BATCH_SIZE", BATCH_SIZE))
    report = DrainReport()
    if rebuild_in_progress():
        report.held = True
        return report
    if not _due(timezone.now()).exists():
        return report
    backend = get_backend()
    if not backend.ping():
        raise SearchUnavailable("the search backend does not answer")
    for _batch in range(max_batches):
        claim, rows = _claim(batch_size)
        if not rows:
            return report
        try:
            synced, failed = _drain_batch(backend, rows)
        finally:
            _release(claim)
        report.synced += synced
        report.failed += failed
    report.more = _due(timezone.now()).exists()
    return report


def outbox_pending() -> int:
    return IndexOutbox.objects.count()
