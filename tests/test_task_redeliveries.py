"""A task the broker delivers again because its worker died is counted, and past
CELERY_TASK_MAX_REDELIVERIES set aside unrun (casemgmt.jobs.deliveries): a task that kills its
worker each time cannot do so forever. /healthz says so and an administrator queues it again.
The worker's side (real SIGKILLs) is tests/test_fault_worker_killed.py."""

import pytest
from celery import shared_task
from django.contrib.auth.models import Permission

from casemgmt.jobs.models import TaskOutbox, TaskRedelivery
from casemgmt.jobs.periodic import PeriodicJob
from casemgmt.org.models import Role

RUNS = []


@shared_task(name="tests.test_task_redeliveries.work", ignore_result=True)
def work(value, *, times=1):
    RUNS.append((value, times))


@shared_task(base=PeriodicJob, name="tests.test_task_redeliveries.periodic_work", ignore_result=True)
def periodic_work():
    RUNS.append(("periodic", 1))


@pytest.fixture(autouse=True)
def runs():
    RUNS.clear()
    yield RUNS
    RUNS.clear()


def deliver(task, *args, task_id="task-1", redelivered=True, **kwargs):
    """Run `task` as a worker does for a message the broker marked (or not) as redelivered."""
    task.push_request(id=task_id, delivery_info={"redelivered": redelivered}, is_eager=False)
    try:
        return task(*args, **kwargs)
    finally:
        task.pop_request()


@pytest.mark.django_db
def test_a_first_delivery_runs_and_writes_nothing():
    deliver(work, "a", redelivered=False)
    work.apply(args=["eager"])  # eager runs never count either

    assert RUNS == [("a", 1), ("eager", 1)]
    assert not TaskRedelivery.objects.exists()


@pytest.mark.django_db
def test_redeliveries_run_up_to_the_cap_then_the_task_is_set_aside_unrun(settings):
    settings.CELERY_TASK_MAX_REDELIVERIES = 2
    deliver(work, "x", redelivered=False)
    deliver(work, "x", times=2)
    deliver(work, "x", times=2)
    row = TaskRedelivery.objects.get(task_id="task-1")
    assert (row.deliveries, row.set_aside_at) == (2, None)
    assert RUNS == [("x", 1), ("x", 2), ("x", 2)]

    deliver(work, "x", times=2)  # the third redelivery: over the cap
    deliver(work, "x", times=2)  # and any after it

    assert len(RUNS) == 3
    row.refresh_from_db()
    assert row.deliveries == 4 and row.set_aside_at is not None
    assert (row.task, row.args, row.kwargs) == ("tests.test_task_redeliveries.work", ["x"], {"times": 2})
    deliver(work, "y", task_id="task-2")  # another task is counted on its own
    assert RUNS[-1] == ("y", 1)


@pytest.mark.django_db
def test_periodic_jobs_are_capped_too(settings):
    settings.CELERY_TASK_MAX_REDELIVERIES = 0
    deliver(periodic_work)
    assert RUNS == [] and TaskRedelivery.objects.get().set_aside_at is not None


@pytest.mark.django_db
def test_healthz_is_degraded_while_a_task_is_set_aside_and_an_administrator_queues_it_again(
    settings, client, make_user, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_MAX_REDELIVERIES = 0
    deliver(work, "z", times=3)
    report = client.get("/healthz").json()
    assert report["tasks_set_aside"] == 1 and report["status"] == "degraded"

    auditor = make_user(Role.AUDITOR, is_staff=True)
    auditor.user_permissions.add(Permission.objects.get(codename="view_taskredelivery"))
    client.force_login(auditor)
    url = "/admin/jobs/taskredelivery/"
    row = TaskRedelivery.objects.get()
    refused = client.post(url, {"action": "requeue", "_selected_action": [row.pk]})
    assert refused.status_code in (200, 302)
    assert TaskRedelivery.objects.get().requeued_at is None and not TaskOutbox.objects.exists()

    admin = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "requeue", "_selected_action": [row.pk]}, follow=True)

    row.refresh_from_db()
    assert row.requeued_at is not None
    assert client.get("/healthz").json()["tasks_set_aside"] == 0
    # Sent again through the outbox with its arguments (eager here: it ran), under a new task id.
    assert RUNS == [("z", 3)]
