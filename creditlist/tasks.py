from celery import shared_task

from casemgmt.jobs.periodic import PeriodicJob

from .services.entries import credit_entries_expire


@shared_task(base=PeriodicJob, name="creditlist.tasks.expire_credit_entries")
def expire_credit_entries() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): entries whose listing period has run out leave the list."""
    return credit_entries_expire()
