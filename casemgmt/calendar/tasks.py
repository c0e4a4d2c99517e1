from celery import shared_task

from casemgmt.jobs.periodic import PeriodicJob

from .sweep import deadlines_scan


@shared_task(base=PeriodicJob, name="casemgmt.calendar.tasks.scan_deadlines")
def scan_deadlines() -> dict:
    """Hourly (CELERY_BEAT_SCHEDULE): overdue marking and due-soon/overdue warnings."""
    return deadlines_scan()
