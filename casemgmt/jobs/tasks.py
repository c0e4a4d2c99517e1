from celery import shared_task

from .outbox import task_outbox_relay
from .periodic import PeriodicJob


@shared_task(base=PeriodicJob, name="casemgmt.jobs.tasks.relay_task_outbox", ignore_result=True)
def relay_task_outbox() -> None:
    """Periodic (CELERY_BEAT_SCHEDULE): send the tasks a broker outage left in the outbox."""
    task_outbox_relay()
