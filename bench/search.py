"""The search benchmark (`make bench-search`, `scripts/bench_search.py`): index a synthetic
corpus into each backend, then time queries of 2, 3 and 4+ characters with a jurisdiction
filter against a naive `LIKE '%q%'` scan of the same rows, in the same run, and check that
the embedded backend finds exactly the scan's hits.

Latency is that of a whole search as the API asks for it: the count, the first page of 20
with highlights, and the facets.
"""

import dataclasses
import time
from collections.abc import Callable, Iterator
from itertools import islice

import numpy as np
from django.db import connection

from casemgmt.search.backends.base import SearchBackend, SearchDocument, SearchQuery
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.backends.snapshots import build_generation
from casemgmt.search.models import IndexedDocument
from casemgmt.search.text import normalize

from .search_corpus import CorpusGenerator, sample_queries

QUERY_CLASSES = {"2": range(2, 3), "3": range(3, 4), "4+": range(4, 9)}
WRITE_BATCH = 5000
SAMPLE_EVERY = 50  # documents kept for sampling queries: every 50th
WARMUP_QUERIES = 20


@dataclasses.dataclass
class Timings:
    seconds: list[float] = dataclasses.field(default_factory=list)
    hits: list[int] = dataclasses.field(default_factory=list)

    def percentile(self, p: float) -> float:
        return float(np.percentile(np.array(self.seconds) * 1000, p)) if self.seconds else float("nan")


@dataclasses.dataclass
class BackendReport:
    name: str
    write_seconds: float = 0.0
    pack_seconds: float = 0.0
    pack_bytes: int = 0
    queries: dict[str, Timings] = dataclasses.field(default_factory=dict)
    agreeing: int = 0
    compared: int = 0


def _timed_index(backend: SearchBackend, documents: Iterator[SearchDocument], progress) -> float:
    spent, done = 0.0, 0
    while batch := list(islice(documents, WRITE_BATCH)):
        started = time.perf_counter()
        backend.index(batch)
        spent += time.perf_counter() - started
        done += len(batch)
        progress(done)
    return spent


def sampled(documents: Iterator[SearchDocument], sample: list[SearchDocument]) -> Iterator[SearchDocument]:
    """The documents, keeping every SAMPLE_EVERY-th in `sample` (queries are cut from those)."""
    for i, document in enumerate(documents):
        if i % SAMPLE_EVERY == 0:
            sample.append(document)
        yield document


def like_scan(text: str, jurisdiction: str) -> set[tuple[str, int]]:
    """The baseline: every row of the jurisdiction whose normalised title or body contains the
    text, found by the database scanning them with LIKE."""
    meta, quote = IndexedDocument._meta, connection.ops.quote_name
    pattern = "%" + normalize(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = (
        f"SELECT {quote('doc_type')}, {quote('object_id')} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {quote('jurisdiction')} = %s AND ({quote('title_norm')} LIKE %s ESCAPE '\\' "
        f"OR {quote('body_norm')} LIKE %s ESCAPE '\\')"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [jurisdiction, pattern, pattern])
        return set(cursor.fetchall())


def _query(text: str, jurisdiction: str) -> SearchQuery:
    return SearchQuery(text=text, allowed_jurisdictions=frozenset({jurisdiction}))


def time_queries(backend: SearchBackend, queries: list[tuple[str, str]]) -> Timings:
    for text, jurisdiction in queries[:WARMUP_QUERIES]:
        backend.search(_query(text, jurisdiction))
    timings = Timings()
    for text, jurisdiction in queries:
        started = time.perf_counter()
        result = backend.search(_query(text, jurisdiction))
        timings.seconds.append(time.perf_counter() - started)
        timings.hits.append(result.count)
    return timings


def time_like(queries: list[tuple[str, str]]) -> tuple[Timings, list[set]]:
    timings, hit_sets = Timings(), []
    for text, jurisdiction in queries:
        started = time.perf_counter()
        hits = like_scan(text, jurisdiction)
        timings.seconds.append(time.perf_counter() - started)
        timings.hits.append(len(hits))
        hit_sets.append(hits)
    return timings, hit_sets


def run_benchmark(
    *,
    n: int,
    seed: int,
    queries_per_class: int,
    like_queries: int,
    backends: dict[str, SearchBackend],
    say: Callable[[str], None],
    progress: Callable[[str, int, int], None],
) -> tuple[dict[str, BackendReport], dict[str, Timings]]:
    sample: list[SearchDocument] = []
    reports = {}
    for name, backend in backends.items():
        report = reports[name] = BackendReport(name)
        say(f"{name}: indexing {n:,} documents")
        # Every backend gets the same documents (same seed); the first pass keeps the sample.
        documents = CorpusGenerator(seed).documents(n)
        if not sample:
            documents = sampled(documents, sample)
        report.write_seconds = _timed_index(backend, documents, lambda done, name=name: progress(name, done, n))
        if isinstance(backend, EmbeddedSearchBackend):
            say(f"{name}: building the packed index")
            built = build_generation()
            report.pack_seconds, report.pack_bytes = built.seconds, built.size_bytes
    queries = {
        label: sample_queries(sample, lengths, queries_per_class, seed + i)
        for i, (label, lengths) in enumerate(QUERY_CLASSES.items())
    }
    for name, backend in backends.items():
        for label, chosen in queries.items():
            say(f"{name}: {len(chosen)} queries of {label} characters")
            reports[name].queries[label] = time_queries(backend, chosen)
    like = {}
    for label, chosen in queries.items():
        say(f"LIKE scan: {like_queries} queries of {label} characters")
        like[label], hit_sets = time_like(chosen[:like_queries])
        for name, backend in backends.items():
            report = reports[name]
            for (text, jurisdiction), expected in zip(chosen, hit_sets, strict=False):
                query = _query(text, jurisdiction)
                if isinstance(backend, EmbeddedSearchBackend):
                    same = backend.hit_keys(query) == expected
                else:
                    same = backend.search(query).count == len(expected)
                report.compared += 1
                report.agreeing += same
    return reports, like


def format_report(
    *, n: int, database: str, reports: dict[str, BackendReport], like: dict[str, Timings], like_queries: int
) -> str:
    lines = [f"Search benchmark: {n:,} documents of ~1 KB, database {database}", "", "Indexing"]
    for report in reports.values():
        rate = n / report.write_seconds if report.write_seconds else float("nan")
        line = f"  {report.name:<14} {n:,} documents written in {report.write_seconds:.1f} s ({rate:,.0f}/s)"
        if report.pack_seconds:
            line += (
                f"; packed index built in {report.pack_seconds:.1f} s ({n / report.pack_seconds:,.0f}/s),"
                f" {report.pack_bytes / 2**20:,.0f} MiB on disk"
            )
        lines.append(line)
    lines += ["", "Queries with a jurisdiction filter (count + first page + facets); times in ms", ""]
    header = f"  {'chars':<6}{'backend':<16}{'queries':>8}{'p50':>10}{'p99':>10}{'median hits':>13}"
    lines += [header, "  " + "-" * (len(header) - 2)]
    for label, like_timings in like.items():
        rows = [(report.name, report.queries[label]) for report in reports.values()] + [("LIKE scan", like_timings)]
        for name, timings in rows:
            median_hits = int(np.median(timings.hits)) if timings.hits else 0
            lines.append(
                f"  {label:<6}{name:<16}{len(timings.seconds):>8}{timings.percentile(50):>10.1f}"
                f"{timings.percentile(99):>10.1f}{median_hits:>13,}"
            )
        for report in reports.values():
            timings = report.queries[label]
            lines.append(
                f"  {label:<6}{'LIKE ÷ ' + report.name:<24}"
                f"p50 {like_timings.percentile(50) / timings.percentile(50):>8.1f}×   "
                f"p99 {like_timings.percentile(99) / timings.percentile(99):>8.1f}×"
            )
        lines.append("")
    for report in reports.values():
        what = "hit sets" if report.name.startswith("embedded") else "hit counts"
        lines.append(
            f"  {report.name}: {what} equal to the LIKE scan's for {report.agreeing} of {report.compared} queries"
            f" ({like_queries} per class)"
        )
    return "\n".join(lines)
