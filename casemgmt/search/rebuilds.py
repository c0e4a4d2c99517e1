"""One index rebuild at a time, and the outbox waits while it runs.

A rebuild reads every object and writes it into the index (a new one, for Elasticsearch).
A change drained meanwhile could be overwritten by the rebuild's older read of the same
object, or written into the index about to be replaced. So the outbox holds its rows
while a rebuild is alive and drains them, against the new index, once it has finished.

A run is alive while its heartbeat is recent: a rebuild that died without finishing
(killed process) stops holding the outbox after REBUILD_LEASE and may be taken over.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IndexRebuild

REBUILD_LEASE = datetime.timedelta(minutes=10)
HEARTBEAT_INTERVAL = datetime.timedelta(seconds=15)


class RebuildInProgress(Exception):
    pass


def rebuild_in_progress() -> bool:
    return IndexRebuild.objects.filter(running=True, heartbeat_at__gte=timezone.now() - REBUILD_LEASE).exists()


def rebuild_start(types: list[str] | None) -> IndexRebuild:
    now = timezone.now()
    with transaction.atomic():
        IndexRebuild.objects.filter(running=True, heartbeat_at__lt=now - REBUILD_LEASE).update(
            running=False, finished_at=now, succeeded=False, error="中断（心跳超时）"
        )
        try:
            with transaction.atomic():
                return IndexRebuild.objects.create(started_at=now, heartbeat_at=now, types=types or [])
        except IntegrityError:
            raise RebuildInProgress("另一个索引重建正在进行，请稍后再试。") from None


def rebuild_heartbeat(run: IndexRebuild, documents: int) -> None:
    """Record progress; writes at most every HEARTBEAT_INTERVAL."""
    now = timezone.now()
    if now - run.heartbeat_at >= HEARTBEAT_INTERVAL:
        run.heartbeat_at, run.documents = now, documents
        IndexRebuild.objects.filter(pk=run.pk).update(heartbeat_at=now, documents=documents)


def rebuild_finish(run: IndexRebuild, *, documents: int, error: str = "") -> None:
    run.running, run.finished_at, run.documents = False, timezone.now(), documents
    run.succeeded, run.error = not error, error
    run.save(update_fields=["running", "finished_at", "documents", "succeeded", "error"])
