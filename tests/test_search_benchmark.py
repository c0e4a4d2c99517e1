"""`make bench-search` keeps working: the command runs end to end on a small corpus, prints its
figures, and the embedded backend's hits equal the LIKE scan's (the benchmark's own check)."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bench.search_command import Command as BenchSearch
from bench.search_corpus import CorpusGenerator, sample_queries
from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.backends.embedded import EmbeddedSearchBackend


def test_benchmark_prints_rates_latencies_and_agreement(db):
    out = io.StringIO()
    call_command(
        BenchSearch(),
        documents=1000,
        queries=10,
        like_queries=4,
        backends="embedded",
        stdout=out,
        stderr=io.StringIO(),
    )
    report = out.getvalue()
    assert "1,000 documents written in" in report and "packed index built in" in report
    for label in ("2 ", "3 ", "4+"):
        assert f"  {label:<6}embedded" in report and f"  {label:<6}LIKE scan" in report
    assert "embedded: hit sets equal to the LIKE scan's for 12 of 12 queries" in report


def test_benchmark_refuses_a_database_whose_index_is_not_empty(db):
    EmbeddedSearchBackend().index([SearchDocument(type="t", id=1, title="真实案件")])
    with pytest.raises(CommandError, match="not empty"):
        call_command(BenchSearch(), documents=1000, backends="embedded", stdout=io.StringIO())


def test_corpus_is_deterministic_about_one_kilobyte_per_document_and_queries_occur_in_it():
    first = list(CorpusGenerator(7).documents(50))
    assert first == list(CorpusGenerator(7).documents(50))
    sizes = [len(doc.body.encode()) for doc in first]
    assert all(1000 <= size <= 1200 for size in sizes)
    for text, jurisdiction in sample_queries(first, range(4, 9), 20, seed=1):
        assert 4 <= len(text) <= 8
        assert any(text in doc.title + "。" + doc.body and doc.jurisdiction == jurisdiction for doc in first)


def test_the_benchmark_command_line_starts_outside_the_runtime_packages():
    """`scripts/bench_search.py` runs `python -m bench`: the same options as `manage.py bench_search` had."""
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--help"], cwd=root, capture_output=True, text=True, check=True, timeout=120
    )
    for option in ("--documents", "--seed", "--queries", "--like-queries", "--backends", "--es-node-class"):
        assert option in result.stdout
