import logging

from celery import shared_task

from casemgmt.jobs.outbox import task_enqueue
from casemgmt.jobs.periodic import PeriodicJob

from .backends.base import SearchUnavailable
from .outbox import search_outbox_drain
from .repack import embedded_repack, embedded_repack_due, embedded_tidy

logger = logging.getLogger(__name__)

DRAIN_MAX_RETRIES = 8
REPACK_KEY = "search-repack"
DRAIN_RETRY_BASE_SECONDS = 5
DRAIN_RETRY_MAX_SECONDS = 600


def drain_retry_delay(retries: int) -> int:
    """5 s, 10 s, 20 s … capped at 10 min: about 20 minutes of retries, then the beat entry."""
    return min(DRAIN_RETRY_BASE_SECONDS * 2**retries, DRAIN_RETRY_MAX_SECONDS)


@shared_task(
    base=PeriodicJob,
    bind=True,
    name="casemgmt.search.tasks.drain_outbox",
    ignore_result=True,
    max_retries=DRAIN_MAX_RETRIES,
)
def drain_outbox(self) -> None:
    try:
        search_outbox_drain()
    except SearchUnavailable as exc:
        if self.request.is_eager:
            # Run in-process, inside the request that queued it: never wait or fail there.
            # The rows stay queued for the next drain.
            logger.warning("search outbox not drained, search engine unavailable: %s", exc)
            return
        raise self.retry(exc=exc, countdown=drain_retry_delay(self.request.retries)) from exc
    if embedded_repack_due():
        task_enqueue(repack_embedded_index, dedupe_key=REPACK_KEY)


@shared_task(base=PeriodicJob, name="casemgmt.search.tasks.repack_embedded_index", ignore_result=True)
def repack_embedded_index() -> None:
    """Rebuild the embedded backend's packed index once enough documents changed since the last."""
    embedded_tidy()
    if embedded_repack_due():
        embedded_repack()
