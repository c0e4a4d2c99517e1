from celery import shared_task

from .services.entries import credit_entries_expire


@shared_task(name="creditlist.tasks.expire_credit_entries")
def expire_credit_entries() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): entries whose listing period has run out leave the list."""
    return credit_entries_expire()
