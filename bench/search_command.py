"""The search benchmark's command: a Django management command that no installed app provides.
`python -m bench` runs it as `manage.py bench_search` did (same options, report and errors);
tests call it with `call_command(Command(), ...)`."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.models import IndexedDocument

from .search import format_report, run_benchmark

BACKEND_NAMES = ("embedded", "elasticsearch")


class Command(BaseCommand):
    help = (
        "Benchmark search on a synthetic corpus: index rate, and p50/p99 latency of 2-, 3- and 4+-character "
        "queries with a jurisdiction filter on each backend next to a LIKE scan, with the hits compared. "
        "Needs an empty search index: run it through `make bench-search`, which gives it a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--queries", type=int, default=200, help="timed queries per length class")
        parser.add_argument("--like-queries", type=int, default=50, help="LIKE-scan queries per length class")
        parser.add_argument("--backends", default="embedded,elasticsearch", help="comma-separated")
        parser.add_argument(
            "--es-node-class", default="", help="transport node class for the Elasticsearch client (test engines)"
        )

    def handle(self, *args, **options):
        names = [name.strip() for name in options["backends"].split(",") if name.strip()]
        if unknown := set(names) - set(BACKEND_NAMES):
            raise CommandError(f"unknown backends: {', '.join(sorted(unknown))}")
        if options["documents"] < 1000 or options["queries"] < 1:
            raise CommandError("--documents must be at least 1000 and --queries at least 1")
        if IndexedDocument.objects.exists():
            raise CommandError("the search index of this database is not empty: run the benchmark on a fresh one")
        backends = {}
        for name in names:
            if name == "embedded":
                backends[name] = EmbeddedSearchBackend()
            else:
                from casemgmt.search.backends.elasticsearch import ElasticsearchBackend

                if options["es_node_class"]:
                    settings.SEARCH_ES_CLIENT_OPTIONS = {"node_class": options["es_node_class"]}
                settings.SEARCH_INDEX_PREFIX = "bench"
                backend = ElasticsearchBackend()
                backend.rebuild([], total=0)
                backends[name] = backend

        def progress(name, done, total):
            sys.stderr.write(f"\r  {name}: {done:,}/{total:,}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        reports, like = run_benchmark(
            n=options["documents"],
            seed=options["seed"],
            queries_per_class=options["queries"],
            like_queries=options["like_queries"],
            backends=backends,
            say=lambda message: self.stderr.write(message),
            progress=progress,
        )
        self.stdout.write(
            format_report(
                n=options["documents"],
                database=connection.vendor,
                reports=reports,
                like=like,
                like_queries=options["like_queries"],
            )
        )
