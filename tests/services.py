"""Real services for tests: PostgreSQL, Redis and a Celery worker process.

`make test` starts PostgreSQL and Redis through scripts/testservices.py and passes their
addresses in DATABASE_URL and CELERY_BROKER_URL. Tests marked `postgres` need PostgreSQL, tests
marked `services` need the broker (and may ask for `live_celery_worker`). When a service is
missing they are skipped on a developer's machine, and fail under CI=true: a green CI must
mean they ran.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKER_STARTUP_SECONDS = 60


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def service_unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: services are required)", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            service_unavailable("needs PostgreSQL: run through `python scripts/testservices.py --postgres -- pytest`")
    if item.get_closest_marker("services") and not os.environ.get("CELERY_BROKER_URL"):
        service_unavailable("needs Redis and a Celery worker: run through `make test` (scripts/testservices.py)")


@pytest.fixture(autouse=True)
def _celery_mode_per_test(request):
    """Tests marked `services` publish to the real broker; every other test runs tasks eagerly,
    in-process, whether or not a broker is configured, so the suite gives the same results
    in the SQLite run and in the PostgreSQL + Redis run."""
    from django.conf import settings
    from django.test import override_settings

    from casemgmt.celery import app

    eager = request.node.get_closest_marker("services") is None
    if (settings.CELERY_TASK_ALWAYS_EAGER, app.conf.task_always_eager) == (eager, eager):
        yield
        return

    # The Celery app copied the Django settings when it loaded them, so both are switched.
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=eager):
            yield
    finally:
        app.conf.task_always_eager = previous


def _worker_database_url() -> str | None:
    """DATABASE_URL of the test database, for the worker process; None if it cannot share it."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return None if connection.is_in_memory_db() else f"sqlite:///{name}"
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return None
    # pytest-django created test_<name> on the same server: same URL, other database.
    return urlunsplit(urlsplit(url)._replace(path="/" + quote(str(name))))


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, logfile: Path, nodename: str):
        self.process = process
        self.logfile = logfile
        self.nodename = nodename

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_for_log(self, text: str, timeout: float = 10.0) -> bool:
        """The worker logs a task's outcome just after storing its result: give it a moment."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.logfile.read_text(errors="replace"):
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finish the current task
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_until_answering(worker: WorkerProcess) -> None:
    from casemgmt.celery import app

    deadline = time.monotonic() + WORKER_STARTUP_SECONDS
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"Celery worker exited with {worker.process.returncode}:\n{worker.log_tail()}", pytrace=False)
        replies = app.control.ping(destination=[worker.nodename], timeout=1.0)
        if any(worker.nodename in reply for reply in replies):
            return
    worker.stop()
    pytest.fail(f"Celery worker did not answer ping in {WORKER_STARTUP_SECONDS}s:\n{worker.log_tail()}", pytrace=False)


@pytest.fixture(scope="session")
def live_celery_worker(django_db_setup, django_db_blocker):
    """A `celery worker` process consuming the test broker and writing to the test database.

    Tests using it need @pytest.mark.services and
    @pytest.mark.django_db(transaction=True, serialized_rollback=True): the worker is another
    process and only sees committed rows, and the flush after each transactional test removes
    the reference data the migrations loaded unless it is restored.
    """
    if not os.environ.get("CELERY_BROKER_URL"):
        service_unavailable("needs CELERY_BROKER_URL (Redis): run through `make test`")
    database_url = _worker_database_url()
    if database_url is None:
        service_unavailable("the Celery worker needs a test database another process can open (PostgreSQL)")

    nodename = f"casemgmt-test-{os.getpid()}@{socket.gethostname()}"
    logdir = Path(tempfile.mkdtemp(prefix="casemgmt-worker-"))
    logfile = logdir / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_TASK_ALWAYS_EAGER": "false"}
    command = [
        sys.executable, "-m", "celery", "-A", "casemgmt", "worker",
        "--pool=solo", "--concurrency=1", "-Q", "celery", "-n", nodename,
        "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with logfile.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    worker = WorkerProcess(process, logfile, nodename)
    try:
        _wait_until_answering(worker)
        yield worker
    finally:
        worker.stop()
        shutil.rmtree(logdir, ignore_errors=True)
        with django_db_blocker.unblock():
            wait_for_other_sessions_to_end()


def wait_for_other_sessions_to_end(timeout: float = 3.0) -> None:
    """On PostgreSQL, make sure no other session uses the test database before it is dropped
    ("being accessed by other users" otherwise). A stopped process's session ends a moment
    after it exits; a live-server thread whose browser went away mid-response (an image still
    streaming when the page closed) never gets to close its connection, so what is left after
    `timeout` is ended by the server."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(*) {others}")  # noqa: S608 (constant text)
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)
        cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")  # noqa: S608
