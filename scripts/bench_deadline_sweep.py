#!/usr/bin/env python3
"""Run the deadline-sweep benchmark (bench/deadline_sweep.py) on a database of its own, as
scripts/bench_search.py runs the search benchmark (a fresh SQLite file, or with --postgres the
PostgreSQL that scripts/testservices.py started):

    python scripts/testservices.py --postgres -- python scripts/bench_deadline_sweep.py --postgres
"""

import sys

from bench_search import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], module="bench.deadline_sweep"))
