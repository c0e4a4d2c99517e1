"""Fault: the broker (Redis) goes down and comes back. A change made meanwhile commits as usual
and leaves its task in the task outbox (the send after the commit fails at once, without
retries); once Redis is back, the worker reconnects on its own and the beat's relay sends the
row: the task's effect — the applicant's acceptance mail — happens exactly once, and the outbox
is empty. Nobody runs anything by hand."""

import time
from pathlib import Path

import pytest

from casemgmt.jobs.models import EffectDone, TaskOutbox
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .factories import assistance_request
from .faults import broker, log_lines, wait_until, worker_environment

pytestmark = pytest.mark.services

MAIL_TASK = "cases.tasks.send_applicant_mail"


def mails(folder: Path) -> list[str]:
    return [path.read_text() for path in sorted(folder.glob("*.log"))] if folder.exists() else []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_made_while_the_broker_is_down_has_its_task_done_once_after_the_broker_is_back(
    make_user, private_redis, celery_processes, tmp_path
):
    mailbox = tmp_path / "mail"
    env = worker_environment(private_redis.url, EMAIL_FILE_PATH=str(mailbox), TASK_OUTBOX_RELAY_SECONDS="1")
    head = make_user(Role.CENTRE_HEAD)
    request = assistance_request(contact_email="applicant@example.cn")
    worker = celery_processes.worker(env, "worker")
    beat = celery_processes.beat(env)
    wait_until(
        lambda: log_lines(worker, "relay_task_outbox", "succeeded"), 30, f"the beat's relay runs\n{beat.log_tail()}"
    )

    private_redis.stop()
    with broker(private_redis.url):
        started = time.monotonic()
        fire_transition(request, "accept", actor=head, reason="材料齐全，予以受理")
        took = time.monotonic() - started

    # The change committed, and quickly: the failed send after the commit did not wait for Redis.
    assert AssistanceRequest.objects.get(pk=request.pk).state == "accepted"
    assert took < 5
    queued = TaskOutbox.objects.get(task=MAIL_TASK)
    accepted = TransitionLog.objects.get(transition="accept", object_id=request.pk)
    assert queued.args == [request.pk, accepted.pk] and queued.attempts == 0
    assert mails(mailbox) == []

    private_redis.start()  # same port, same append-only file

    wait_until(lambda: mails(mailbox), 45, f"the mail is sent\n{worker.log_tail()}\n{beat.log_tail()}")
    wait_until(lambda: not TaskOutbox.objects.exists(), 10, "the outbox empties")
    time.sleep(3)  # a few more relay rounds: nothing is sent twice
    [mail] = mails(mailbox)
    assert "您提交的维权援助申请已经受理" in mail and request.tracking_code in mail
    assert list(EffectDone.objects.values_list("key", flat=True)) == [f"applicant-mail:{accepted.pk}"]
    assert len(log_lines(worker, f"Task {MAIL_TASK}[", "succeeded")) == 1
