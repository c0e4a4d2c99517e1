"""Test-only hooks loaded by the worker processes of the fault tests (never by the product):
hold a task at a chosen point until the test kills the worker.

FAULT_HOLD names the point — `sending` (inside the mail backend, the mail not yet written: the
effect's transaction is open) or `acknowledging` (after the task named FAULT_TASK returned,
before its late acknowledgement: the effect is committed) — and FAULT_DIR the folder where the hook leaves a
file named after the point, holding the pid of the process that holds the task, once the
first task reached it (later ones pass: a worker that stays up runs the task again). The worker loads this module through
EMAIL_BACKEND (`HeldFileEmailBackend`) and `celery worker --include tests.fault_hooks`."""

import os
import signal
import time
from pathlib import Path

from celery import shared_task
from celery.signals import task_postrun
from django.core.mail.backends.filebased import EmailBackend

HOLD_SECONDS = 120  # longer than any fault test: the worker is killed long before


def _hold(point: str) -> None:
    """Hold the first task that reaches `point` (the file says which process holds it); the
    ones after pass."""
    if os.environ.get("FAULT_HOLD") != point:
        return
    marker = Path(os.environ["FAULT_DIR"]) / point
    if marker.exists():
        return
    marker.write_text(str(os.getpid()))
    time.sleep(HOLD_SECONDS)


class HeldFileEmailBackend(EmailBackend):
    """Django's file backend (one file per message in EMAIL_FILE_PATH), held before writing."""

    def send_messages(self, email_messages):
        _hold("sending")
        return super().send_messages(email_messages)


@task_postrun.connect
def _hold_before_the_acknowledgement(sender=None, **_kwargs) -> None:
    if sender is not None and sender.name == os.environ.get("FAULT_TASK"):
        _hold("acknowledging")


@shared_task(name="tests.fault_hooks.kill_own_process", ignore_result=True)
def kill_own_process(marker_dir: str) -> None:
    """A task that takes its pool process down every time (as one that runs out of memory on its
    input would), leaving a file per run first."""
    runs = Path(marker_dir)
    (runs / f"run-{len(list(runs.iterdir())) + 1}").write_text(str(os.getpid()))
    os.kill(os.getpid(), signal.SIGKILL)
