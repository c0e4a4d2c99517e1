#!/usr/bin/env python3
"""Run the transitions benchmark (bench/transitions.py) on a database of its own, as
scripts/bench_search.py runs the search benchmark (a fresh SQLite file, or with --postgres the
PostgreSQL that scripts/testservices.py started). Tasks the transitions queue (the search outbox
drain) go to the broker as in production, where a worker drains them in batches:

    python scripts/testservices.py --postgres --redis -- python scripts/bench_transitions.py --postgres
"""

import sys

from bench_search import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], module="bench.transitions", broker=True))
