"""A cap on redeliveries: a task the broker delivers again because its worker died under it.

Late acks and reject-on-worker-lost (settings, "Faults") put a task back in the queue when the
process running it dies, so work is never lost. A task that itself kills its worker (it runs out
of memory on one huge input, say) would then be delivered forever, taking a worker down each
time. Every task's base class counts the deliveries the broker marks `redelivered`: past
CELERY_TASK_MAX_REDELIVERIES the task is set aside unrun — logged, recorded (TaskRedelivery),
shown on /healthz — and acknowledged. An administrator queues it again from the admin once the
cause is fixed. A first delivery writes nothing: the count costs only tasks that were lost once.
"""

import logging

from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


def redelivery_record(*, task_id: str, task: str, args, kwargs):
    """Count one more delivery of this task; returns its row."""
    from .models import TaskRedelivery

    now = timezone.now()
    with transaction.atomic():
        row, created = TaskRedelivery.objects.get_or_create(
            task_id=task_id,
            defaults={
                "task": task,
                "args": list(args or []),
                "kwargs": dict(kwargs or {}),
                "deliveries": 1,
                "first_redelivered_at": now,
                "last_redelivered_at": now,
            },
        )
        if not created:
            TaskRedelivery.objects.filter(pk=row.pk).update(deliveries=F("deliveries") + 1, last_redelivered_at=now)
            row.refresh_from_db()
        if row.deliveries > settings.CELERY_TASK_MAX_REDELIVERIES and row.set_aside_at is None:
            row.set_aside_at = now
            row.save(update_fields=["set_aside_at"])
    return row


def redeliveries_set_aside():
    """Tasks set aside that nobody has queued again yet."""
    from .models import TaskRedelivery

    return TaskRedelivery.objects.filter(set_aside_at__isnull=False, requeued_at__isnull=True)


def redeliveries_requeue(rows) -> list:
    """Queue those of `rows` still set aside again (through the task outbox: a new task id, a new
    count); returns the rows queued."""
    from .outbox import task_enqueue

    queued = []
    with transaction.atomic():
        for row in redeliveries_set_aside().filter(pk__in=rows.values("pk")).select_for_update():
            task_enqueue(row.task, *row.args, **row.kwargs)
            row.requeued_at = timezone.now()
            row.save(update_fields=["requeued_at"])
            queued.append(row)
    return queued


class CappedDeliveries(Task):
    """Base class of every task (the Celery app's task_cls)."""

    def __call__(self, *args, **kwargs):
        request = self.request
        if not request.is_eager and (request.delivery_info or {}).get("redelivered") and request.id:
            row = redelivery_record(task_id=request.id, task=self.name, args=args, kwargs=kwargs)
            if row.set_aside_at is not None:
                logger.error(
                    "task %s[%s] set aside unrun at its redelivery no. %d (its worker died each time); "
                    "queue it again from the admin (重复投递的任务) once the cause is fixed",
                    self.name,
                    request.id,
                    row.deliveries,
                )
                return None
        return super().__call__(*args, **kwargs)
