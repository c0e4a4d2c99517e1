from celery import shared_task

from casemgmt.jobs.periodic import PeriodicJob

from .services import publications_expire


@shared_task(base=PeriodicJob, name="casemgmt.publication.tasks.expire_publications")
def expire_publications() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): publications past their period stop being published."""
    return publications_expire()
