"""When each periodic job last ran, and whether one is late.

The beat's tasks use `PeriodicJob` as their Celery base class, so the task itself records each
run in the database (PeriodicRun): whatever ran it (the beat, a kick after a commit, a person in
the shell), the record says the job ran. /healthz compares the last success with the job's
interval in CELERY_BEAT_SCHEDULE: a job is late when more than interval × PERIODIC_LATE_MARGIN
+ PERIODIC_LATE_GRACE_SECONDS passed since its last success or, if later, since the beat started.
"""

import datetime
import logging
import socket
import time

from django.conf import settings
from django.utils import timezone

from .deliveries import CappedDeliveries
from .models import PeriodicRun, SchedulerStart

logger = logging.getLogger(__name__)

ERROR_LENGTH = 2000


def _record(task: str, **fields) -> None:
    try:
        PeriodicRun.objects.bulk_create(
            [PeriodicRun(task=task, **fields)],
            update_conflicts=True,
            unique_fields=["task"],
            update_fields=list(fields),
        )
    except Exception:  # the record must never stop the job itself
        logger.exception("could not record the run of %s", task)


class PeriodicJob(CappedDeliveries):
    """Celery base class of the beat's tasks: each run records its start and its outcome."""

    def __call__(self, *args, **kwargs):
        _record(self.name, last_started_at=timezone.now())
        began = time.monotonic()
        try:
            result = super().__call__(*args, **kwargs)
        except Exception as exc:  # Retry included: the job did not get its work done this time
            _record(
                self.name,
                last_failed_at=timezone.now(),
                last_error=repr(exc)[:ERROR_LENGTH],
                last_duration=time.monotonic() - began,
            )
            raise
        _record(self.name, last_succeeded_at=timezone.now(), last_duration=time.monotonic() - began)
        return result


def scheduler_started() -> None:
    """Called when `celery beat` starts (casemgmt.celery)."""
    SchedulerStart.objects.create(started_at=timezone.now(), hostname=socket.gethostname())


def _interval_seconds(schedule) -> float | None:
    if isinstance(schedule, int | float):
        return float(schedule)
    if isinstance(schedule, datetime.timedelta):
        return schedule.total_seconds()
    run_every = getattr(schedule, "run_every", None)  # celery.schedules.schedule
    return run_every.total_seconds() if isinstance(run_every, datetime.timedelta) else None


def _iso(value):
    return value.isoformat() if value else None


def periodic_jobs_report(*, scheduled: bool) -> tuple[dict, bool]:
    """Each beat entry's last run, success and failure; and whether any is late.

    `scheduled`: a beat is expected to run the jobs (tasks are not run eagerly). Without one
    nothing can be late, and each job says so."""
    now = timezone.now()
    margin = float(settings.PERIODIC_LATE_MARGIN)
    grace = float(settings.PERIODIC_LATE_GRACE_SECONDS)
    entries = settings.CELERY_BEAT_SCHEDULE
    runs = {run.task: run for run in PeriodicRun.objects.filter(task__in=[e["task"] for e in entries.values()])}
    beat = SchedulerStart.objects.order_by("-started_at").first()
    jobs, any_late = {}, False
    for name, entry in entries.items():
        run = runs.get(entry["task"])
        every = _interval_seconds(entry["schedule"])
        report = {
            "every_seconds": every,
            "last_run": _iso(run and run.last_started_at),
            "last_success": _iso(run and run.last_succeeded_at),
            "last_failure": _iso(run and run.last_failed_at),
        }
        if not scheduled:
            report["status"] = "not scheduled"
        else:
            since = max((t for t in (run and run.last_succeeded_at, beat and beat.started_at) if t), default=None)
            late = since is None or every is None or (now - since).total_seconds() > every * margin + grace
            report["status"] = "late" if late else "ok"
            any_late = any_late or late
        jobs[name] = report
    return jobs, any_late
