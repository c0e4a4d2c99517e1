#!/usr/bin/env python3
"""Run the search benchmark (`python -m bench`, package bench/) on a database and index directory
of its own.

    python scripts/testservices.py --opensearch -- python scripts/bench_search.py --documents 100000

(`make bench-search` does this.) The benchmark gets a fresh SQLite file in a temporary folder,
or with --postgres the PostgreSQL that testservices.py started (DATABASE_URL), never the
project's own database. The Elasticsearch backend runs against OPENSEARCH_TEST_URL when set
(osmem-server, which needs plain JSON media types: the test transport is used for it), else
against ELASTICSEARCH_URL. Other arguments are passed to the command; everything is deleted
afterwards.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str], module: str = "bench", *, broker: bool = False) -> int:
    """Runs `python -m <module> <argv>` on a database of its own; with `broker`, tasks go to the
    broker in CELERY_BROKER_URL as in production (else they run in-process)."""
    workdir = Path(tempfile.mkdtemp(prefix="casemgmt-bench-"))
    env = dict(os.environ)
    if "--postgres" in argv:
        argv = [arg for arg in argv if arg != "--postgres"]
        if "DATABASE_URL" not in env:
            raise SystemExit("--postgres needs DATABASE_URL (run under scripts/testservices.py --postgres)")
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env["SEARCH_EMBEDDED_INDEX_DIR"] = str(workdir / "search-index")
    if not broker:
        env.pop("CELERY_BROKER_URL", None)  # tasks in-process: the benchmark times the backends alone
    if env.get("OPENSEARCH_TEST_URL"):
        env["ELASTICSEARCH_URL"] = env["OPENSEARCH_TEST_URL"]
        argv = [*argv, "--es-node-class", "tests.search_transport.PlainJsonNode"]
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603
        benchmark = [sys.executable, "-m", module]
        return subprocess.run([*benchmark, *argv], env=env, cwd=ROOT).returncode  # noqa: S603
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
