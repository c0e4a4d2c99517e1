"""Background jobs: a task dispatch is written with the change that causes it and survives a
broker outage; each periodic job records its runs, and /healthz says when one is late."""

import datetime as dt
import socket

import pytest
from celery import shared_task
from django.db import transaction
from django.utils import timezone

from casemgmt.celery import app
from casemgmt.jobs.models import PeriodicRun, SchedulerStart, TaskOutbox
from casemgmt.jobs.outbox import task_enqueue, task_outbox_relay
from casemgmt.jobs.periodic import PeriodicJob

from .faults import broker

PROBE = "tests.test_jobs.probe"


@shared_task(name=PROBE, ignore_result=True)
def probe(value):
    """A task that only says it ran (a stand-in for any task with arguments)."""
    probe.seen.append(value)


probe.seen = []


@shared_task(base=PeriodicJob, name="tests.test_jobs.failing_job", ignore_result=True)
def failing_job():
    raise RuntimeError("the job broke")


def closed_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def messages_on_the_memory_broker() -> list[dict]:
    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue("celery")
        found = []
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            found.append(message.headers)
            message.ack()
        queue.close()
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_leaves_no_task_and_a_committed_one_runs_its_task():
    probe.seen.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        task_enqueue(probe, "rolled back")
        raise RuntimeError("the change failed")
    with transaction.atomic():
        task_enqueue(probe, "committed")
        assert probe.seen == []  # nothing is sent before the commit

    assert probe.seen == ["committed"]
    assert not TaskOutbox.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_the_write_commits_and_its_task_is_sent_once_the_broker_is_back():
    with broker(f"redis://127.0.0.1:{closed_port()}/0"):
        with transaction.atomic():
            task_enqueue(probe, 42)
        # The commit went through; the task waits in the outbox, no attempt counted against it.
        row = TaskOutbox.objects.get()
        assert (row.task, row.args, row.attempts) == (PROBE, [42], 0)
        assert task_outbox_relay(retry=False).broker_down
        assert TaskOutbox.objects.count() == 1

    with broker("memory://localhost/"):
        report = task_outbox_relay()
        sent = messages_on_the_memory_broker()

    assert report.sent == 1 and not TaskOutbox.objects.exists()
    assert [(m["task"], m["id"]) for m in sent] == [(PROBE, str(row.generation))]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_renewed_while_it_is_being_sent_stays_queued_for_the_next_send():
    with broker("memory://localhost/"):
        task_enqueue(probe, dedupe_key="again")  # sent at once (no transaction)
        messages_on_the_memory_broker()
        with transaction.atomic():
            task_enqueue(probe, dedupe_key="again")
            task_enqueue(probe, dedupe_key="again")
            assert TaskOutbox.objects.count() == 1
            first = TaskOutbox.objects.get()
            # Another writer renews it while a relay holds the old generation.
            TaskOutbox.objects.filter(pk=first.pk).update(generation="00000000-0000-0000-0000-000000000001")
        # The relay after the commit looked for its own generation, which was superseded.
        assert TaskOutbox.objects.count() == 1
        assert task_outbox_relay().sent == 1
        assert len(messages_on_the_memory_broker()) == 1
    assert not TaskOutbox.objects.exists()


@pytest.mark.django_db
def test_a_periodic_job_records_its_success_and_its_failure():
    from casemgmt.calendar.tasks import scan_deadlines

    scan_deadlines.delay().get()
    with pytest.raises(RuntimeError):
        failing_job.delay()

    scan = PeriodicRun.objects.get(task="casemgmt.calendar.tasks.scan_deadlines")
    assert scan.last_started_at and scan.last_succeeded_at and scan.last_failed_at is None
    failed = PeriodicRun.objects.get(task="tests.test_jobs.failing_job")
    assert failed.last_failed_at and failed.last_succeeded_at is None
    assert "the job broke" in failed.last_error


def record_every_job(at):
    from django.conf import settings

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        PeriodicRun.objects.update_or_create(task=entry["task"], defaults={"last_succeeded_at": at})


@pytest.mark.django_db
def test_healthz_turns_degraded_when_a_periodic_job_is_late(client):
    now = timezone.now()
    with broker("memory://localhost/"):
        SchedulerStart.objects.create(started_at=now - dt.timedelta(days=1))
        never_ran = client.get("/healthz").json()
        record_every_job(now)
        all_on_time = client.get("/healthz").json()
        # The hourly deadline scan last succeeded three hours ago: more than 1 h × 2 + 60 s.
        PeriodicRun.objects.filter(task="casemgmt.calendar.tasks.scan_deadlines").update(
            last_succeeded_at=now - dt.timedelta(hours=3)
        )
        scan_late = client.get("/healthz")

    assert never_ran["status"] == "degraded" and never_ran["periodic"]["scan-deadlines"]["status"] == "late"
    assert all_on_time["status"] == "ok", all_on_time
    assert {job["status"] for job in all_on_time["periodic"].values()} == {"ok"}
    assert scan_late.status_code == 200 and scan_late.json()["status"] == "degraded"
    jobs = scan_late.json()["periodic"]
    assert jobs["scan-deadlines"]["status"] == "late" and jobs["drain-search-outbox"]["status"] == "ok"
    assert jobs["scan-deadlines"]["last_success"] == (now - dt.timedelta(hours=3)).isoformat()


@pytest.mark.django_db
def test_a_job_that_has_not_run_yet_is_not_late_until_its_interval_has_passed_since_the_beat_started(client):
    with broker("memory://localhost/"):
        SchedulerStart.objects.create(started_at=timezone.now() - dt.timedelta(seconds=5))
        body = client.get("/healthz").json()

    assert body["status"] == "ok", body
    assert body["periodic"]["scan-deadlines"] == {
        "every_seconds": 3600.0,
        "last_run": None,
        "last_success": None,
        "last_failure": None,
        "status": "ok",
    }


@pytest.mark.django_db
def test_with_tasks_run_eagerly_healthz_says_no_beat_schedules_the_jobs(client):
    body = client.get("/healthz").json()

    assert body["tasks"] == "eager" and body["status"] == "ok"
    assert {job["status"] for job in body["periodic"].values()} == {"not scheduled"}
    assert body["task_outbox"] == {"pending": 0, "oldest": None}


@pytest.mark.django_db
def test_each_indexed_write_is_searchable_after_its_commit_even_within_one_outer_transaction(
    django_capture_on_commit_callbacks,
):
    """Requests of one key merge while queued, but a request already sent is not reused."""
    from casemgmt.search.indexing import drain_after_commit
    from casemgmt.search.models import IndexOutbox
    from casemgmt.search.outbox import outbox_enqueue

    from .factories import OrganizationFactory

    drain_after_commit()  # pending until the (test's) outer transaction ends: never here
    for _round in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_enqueue([("party", OrganizationFactory().pk)])
            drain_after_commit()
        assert not IndexOutbox.objects.exists()
        assert not TaskOutbox.objects.exists()
