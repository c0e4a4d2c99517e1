"""`python -m bench [--documents N] [--backends embedded,elasticsearch] ...`: the search benchmark,
as `manage.py bench_search` ran it (same options, report and errors). `scripts/bench_search.py`
(`make bench-search`) runs it on a database and index directory of its own."""

import os
import sys

import django


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    django.setup()
    from bench.search_command import Command

    Command().run_from_argv(["manage.py", "bench_search", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
