"""A real round trip: a task goes through Redis to a separate `celery worker` process, whose
writes land in the test database; and /healthz sees the real broker."""

import datetime as dt

import pytest
from celery.result import EagerResult
from django.utils import timezone

from casemgmt.org.models import Role

from .factories import OrganizationFactory

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scan_deadlines_sent_through_redis_is_run_by_the_worker_process(live_celery_worker, make_user):
    from casemgmt.calendar.models import Deadline
    from casemgmt.calendar.services import deadline_open
    from casemgmt.calendar.tasks import scan_deadlines
    from casemgmt.celery import app
    from casemgmt.notifications.models import Notification

    officer = make_user(Role.OFFICER)
    today = timezone.localdate()
    deadline = deadline_open(
        OrganizationFactory(),
        kind="test_review",
        label="立案审查",
        start=today,
        rule="calendar_days",
        amount=15,
        responsible=officer,
    )
    # Time passes: the limit lapsed after the last scan, which has not yet noticed.
    started = today - dt.timedelta(days=30)
    Deadline.objects.filter(pk=deadline.pk).update(
        start=started, due=started + dt.timedelta(days=15), status=Deadline.Status.OPEN
    )
    assert not app.conf.task_always_eager

    result = scan_deadlines.delay()

    assert not isinstance(result, EagerResult)
    result.get(timeout=60)
    assert live_celery_worker.wait_for_log(f"[{result.id}] succeeded"), live_celery_worker.log_tail()
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OVERDUE
    assert deadline.overdue_notified_at is not None
    warning = Notification.objects.get(recipient=officer)
    assert warning.level == Notification.Level.DANGER
    assert "立案审查" in warning.title


@pytest.mark.django_db
def test_healthz_reports_the_task_queue_ok_with_the_real_broker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["tasks"] == "ok"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_writes_wakes_the_worker_a_few_times_and_every_write_is_indexed(
    live_celery_worker, make_user, settings
):
    """The index rows are the durable record; waking the worker to drain them is throttled to one
    wake-up per window per process, each starting after the commits it stands for, and writes
    no task-outbox row."""
    import time

    from casemgmt.jobs.models import TaskOutbox
    from casemgmt.search.models import IndexedDocument, IndexOutbox
    from cases.models import AssistanceRequest

    from .factories import assistance_request

    settings.SEARCH_DRAIN_WAKEUP_SECONDS = 1.0
    clerk = make_user(Role.INTAKE_CLERK)
    started = time.monotonic()
    requests = [assistance_request(actor=clerk) for _ in range(12)]
    elapsed = time.monotonic() - started

    assert not TaskOutbox.objects.exists()
    deadline = time.monotonic() + 20
    while IndexOutbox.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not IndexOutbox.objects.exists(), live_celery_worker.log_tail()
    indexed = IndexedDocument.objects.filter(doc_type="assistance_request")
    assert set(indexed.values_list("object_id", flat=True)) == {r.pk for r in requests}
    assert AssistanceRequest.objects.count() == 12
    log = live_celery_worker.logfile.read_text(errors="replace")
    wakeups = sum("search.tasks.drain_outbox[" in line and "received" in line for line in log.splitlines())
    assert 1 <= wakeups <= 2 + elapsed / settings.SEARCH_DRAIN_WAKEUP_SECONDS, log
