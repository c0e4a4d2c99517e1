"""Fault: the worker is killed with SIGKILL in the middle of a task. The task's message was not
acknowledged (late acks), so Redis hands it to the next worker once the visibility timeout has
passed; the task runs again, and its effect — the applicant's acceptance mail — happens exactly
once, whether the worker died before the mail went out or after it went out but before the
acknowledgement (casemgmt.jobs.once). Nobody intervenes: a new worker is all it takes."""

import os
import signal
import time
from pathlib import Path

import pytest

from casemgmt.jobs.models import EffectDone, TaskOutbox, TaskRedelivery
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition

from .factories import assistance_request
from .faults import broker, log_lines, sigkill, wait_until, worker_environment

pytestmark = pytest.mark.services

MAIL_TASK = "cases.tasks.send_applicant_mail"
# Short, so the test waits seconds, not the production hour (settings: CELERY_BROKER_VISIBILITY_TIMEOUT).
VISIBILITY_TIMEOUT = 3


def mails(folder: Path) -> list[str]:
    return [path.read_text() for path in sorted(folder.glob("*.log"))] if folder.exists() else []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "killed_at",
    [
        "sending",  # the mail's transaction open, nothing written: the run's work is lost with it
        "acknowledging",  # the mail written and recorded, the message not yet acknowledged
    ],
)
def test_a_task_whose_worker_is_killed_runs_again_on_the_next_worker_and_mails_once(
    killed_at, make_user, private_redis, celery_processes, tmp_path
):
    mailbox, hooks = tmp_path / "mail", tmp_path / "hooks"
    hooks.mkdir()
    env = worker_environment(
        private_redis.url,
        EMAIL_BACKEND="tests.fault_hooks.HeldFileEmailBackend",
        EMAIL_FILE_PATH=str(mailbox),
        FAULT_DIR=str(hooks),
        FAULT_TASK=MAIL_TASK,
        CELERY_BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CELERY_BROKER_RESTORE_SECONDS="1",
    )
    head = make_user(Role.CENTRE_HEAD)
    request = assistance_request(contact_email="applicant@example.cn")

    first = celery_processes.worker({**env, "FAULT_HOLD": killed_at}, "first", include="tests.fault_hooks")
    with broker(private_redis.url):
        fire_transition(request, "accept", actor=head, reason="材料齐全，予以受理")  # commits; the mail is queued
    assert not TaskOutbox.objects.exists()  # sent to the broker after the commit
    accepted = TransitionLog.objects.get(transition="accept", object_id=request.pk)

    wait_until(lambda: (hooks / killed_at).exists(), 30, f"the task reaches '{killed_at}'\n{first.log_tail()}")
    sigkill(first)
    sent_before_the_kill = len(mails(mailbox))
    assert sent_before_the_kill == (1 if killed_at == "acknowledging" else 0)

    second = celery_processes.worker(env, "second", include="tests.fault_hooks")
    task = f"Task {MAIL_TASK}["
    wait_until(
        lambda: log_lines(second, task, "succeeded"),
        VISIBILITY_TIMEOUT + 30,
        f"the next worker runs the task again\n{second.log_tail()}",
    )

    [mail] = mails(mailbox)
    assert "您提交的维权援助申请已经受理" in mail and request.tracking_code in mail
    assert list(EffectDone.objects.values_list("key", flat=True)) == [f"applicant-mail:{accepted.pk}"]
    # Acknowledged now, the message does not come back after another visibility timeout.
    time.sleep(VISIBILITY_TIMEOUT + 2)
    assert len(log_lines(second, task, "received")) == 1
    assert len(log_lines(second, task, "succeeded")) == 1
    assert len(mails(mailbox)) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_whose_pool_process_is_killed_goes_back_to_the_queue_at_once_and_mails_once(
    make_user, private_redis, celery_processes, tmp_path
):
    """The kernel's OOM killer takes the pool process running the task, not the worker: the
    worker sees its process lost and puts the message back (reject_on_worker_lost) instead of
    acknowledging it as failed; its next pool process runs the task again, without waiting for
    the visibility timeout (left at its production hour here)."""
    mailbox, hooks = tmp_path / "mail", tmp_path / "hooks"
    hooks.mkdir()
    env = worker_environment(
        private_redis.url,
        EMAIL_BACKEND="tests.fault_hooks.HeldFileEmailBackend",
        EMAIL_FILE_PATH=str(mailbox),
        FAULT_DIR=str(hooks),
        FAULT_HOLD="sending",
    )
    head = make_user(Role.CENTRE_HEAD)
    request = assistance_request(contact_email="applicant@example.cn")
    worker = celery_processes.worker(env, "prefork", pool="prefork", concurrency=1, include="tests.fault_hooks")
    with broker(private_redis.url):
        fire_transition(request, "accept", actor=head, reason="材料齐全，予以受理")
    accepted = TransitionLog.objects.get(transition="accept", object_id=request.pk)

    held = hooks / "sending"
    wait_until(lambda: held.exists() and held.read_text(), 30, f"the task is held\n{worker.log_tail()}")
    pool_process = int(held.read_text())
    assert pool_process != worker.process.pid
    os.kill(pool_process, signal.SIGKILL)

    task = f"Task {MAIL_TASK}["
    wait_until(lambda: log_lines(worker, task, "succeeded"), 30, f"the task runs again\n{worker.log_tail()}")
    assert worker.process.poll() is None  # the worker itself stayed up
    assert log_lines(worker, "WorkerLostError") or log_lines(worker, "signal 9"), worker.log_tail()
    [mail] = mails(mailbox)
    assert "您提交的维权援助申请已经受理" in mail and request.tracking_code in mail
    assert list(EffectDone.objects.values_list("key", flat=True)) == [f"applicant-mail:{accepted.pk}"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_that_kills_its_worker_every_time_is_set_aside_after_the_redelivery_cap(
    private_redis, celery_processes, tmp_path, client
):
    """Without a cap the message would come back forever, taking a pool process down each time.
    With CELERY_TASK_MAX_REDELIVERIES=2 it runs three times (the first delivery and two more),
    then is set aside unrun and acknowledged; the worker stays up and /healthz says so."""
    runs = tmp_path / "runs"
    runs.mkdir()
    env = worker_environment(private_redis.url, CELERY_TASK_MAX_REDELIVERIES="2")
    worker = celery_processes.worker(env, "capped", pool="prefork", concurrency=1, include="tests.fault_hooks")
    with broker(private_redis.url):
        task_enqueue("tests.fault_hooks.kill_own_process", str(runs))

    wait_until(
        lambda: TaskRedelivery.objects.filter(set_aside_at__isnull=False).exists(),
        60,
        f"the task is set aside\n{worker.log_tail()}",
    )
    time.sleep(3)  # nothing comes back after it was set aside
    assert sorted(path.name for path in runs.iterdir()) == ["run-1", "run-2", "run-3"]
    row = TaskRedelivery.objects.get()
    assert (row.task, row.deliveries, row.args) == ("tests.fault_hooks.kill_own_process", 3, [str(runs)])
    assert worker.process.poll() is None  # the worker itself stayed up
    assert log_lines(worker, "set aside unrun"), worker.log_tail()
    with broker(private_redis.url):
        assert client.get("/healthz").json()["tasks_set_aside"] == 1
