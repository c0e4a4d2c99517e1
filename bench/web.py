"""`python -m bench.web`: the public penalty-decision lookup under gunicorn at 64 concurrent
clients, next to a bare Django JSON view served by the same server in the same run (targets:
≥ 50 % of the bare view's throughput, p99 < 100 ms).

Needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL: `make bench` runs it under
scripts/testservices.py) and wrk (Debian package `wrk`), the load generator. The demo data gives
the published decisions; the public rate limit is raised by its setting (PUBLIC_RATE), not by code;
the server is gunicorn with bench.settings (the product's settings and URLs plus /bench/bare/)."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 64
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20, help="measured seconds per run")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of each target")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread when > 1)")
    options = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run under scripts/testservices.py --postgres --redis (make bench)")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        PUBLIC_RATE="1000000000/min",
        CACHE_URL=broker.rsplit("/", 1)[0] + "/2" if broker else "",
        LOG_LEVEL="ERROR",
        DATABASE_CONN_MAX_AGE="60",  # as production keeps them (on by default with PRODUCTION)
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "casemgmt.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(options.workers), "--threads", str(options.threads), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/healthz")
        with urllib.request.urlopen(f"{base}/api/public/penalty-decisions/", timeout=10) as answer:  # noqa: S310
            code = json.load(answer)["results"][0]["credit_code"]  # a published decision's party
        targets = {
            "bare Django JSON view": f"{base}/bench/bare/",
            "public penalty lookup": f"{base}/api/public/penalty-decisions/?q={code}",
        }
        with urllib.request.urlopen(targets["public penalty lookup"], timeout=10) as answer:  # noqa: S310
            assert json.load(answer)["count"] >= 1, "the lookup by credit code finds nothing"
        results = {name: [] for name in targets}
        for url in targets.values():
            _wrk(url, seconds=3)  # warm-up: connections, caches, workers' imports
        for _round in range(options.rounds):
            for name, url in targets.items():
                results[name].append(_wrk(url, seconds=options.seconds))
        _report(results, workers=options.workers, threads=options.threads, seconds=options.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _wrk(url: str, *, seconds: int) -> dict:
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    latency = {m[0]: float(m[1]) * _UNIT[m[2]] for m in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": int(errors.group(1)) if errors else 0,
    }


def _report(results: dict, *, workers: int, threads: int, seconds: int) -> None:
    def mean(runs, key):
        return sum(run[key] for run in runs) / len(runs)

    each = f" × {threads} threads" if threads > 1 else ""
    print(
        f"Public lookup under gunicorn ({workers} workers{each}), {CLIENTS} concurrent clients (wrk), {seconds} s per run"
    )
    print(f"  {'target':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
    for name, runs in results.items():
        print(
            f"  {name:<24}{mean(runs, 'rps'):>10.0f}{mean(runs, 'p50'):>10.1f}{mean(runs, 'p99'):>10.1f}"
            f"{sum(run['errors'] for run in runs):>10}"
        )
    bare, lookup = results.values()
    share = mean(lookup, "rps") / mean(bare, "rps")
    p99 = mean(lookup, "p99")
    print(f"  lookup ÷ bare throughput {share:.0%} (target ≥ 50 %: {'met' if share >= 0.5 else 'MISSED'})")
    print(f"  lookup p99 {p99:.1f} ms (target < 100 ms: {'met' if p99 < 100 else 'MISSED'})")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our loopback server)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
