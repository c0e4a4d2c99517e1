import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")

# Every task counts its redeliveries and is set aside past a cap (casemgmt.jobs.deliveries).
app = Celery("casemgmt", task_cls="casemgmt.jobs.deliveries:CappedDeliveries")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(
    [
        "casemgmt.calendar",
        "casemgmt.search",
        "casemgmt.notifications",
        "casemgmt.jobs",
        "casemgmt.documents",
        "casemgmt.web",
    ]
)


@beat_init.connect
def _record_beat_start(sender=None, **kwargs) -> None:
    """/healthz measures a job that has not run yet from the beat's start (casemgmt.jobs.periodic)."""
    import django

    django.setup()
    from casemgmt.jobs.periodic import scheduler_started

    scheduler_started()
