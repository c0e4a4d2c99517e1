"""`make bench-search` keeps working: the command runs end to end on a small corpus, prints its
figures, and the embedded backend's hits equal the LIKE scan's (the benchmark's own check)."""

import io

import pytest
from django.core.management import CommandError, call_command

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.bench_corpus import CorpusGenerator, sample_queries


def test_benchmark_prints_rates_latencies_and_agreement(db):
    out = io.StringIO()
    call_command(
        "bench_search",
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
        call_command("bench_search", documents=1000, backends="embedded", stdout=io.StringIO())


def test_corpus_is_deterministic_about_one_kilobyte_per_document_and_queries_occur_in_it():
    first = list(CorpusGenerator(7).documents(50))
    assert first == list(CorpusGenerator(7).documents(50))
    sizes = [len(doc.body.encode()) for doc in first]
    assert all(1000 <= size <= 1200 for size in sizes)
    for text, jurisdiction in sample_queries(first, range(4, 9), 20, seed=1):
        assert 4 <= len(text) <= 8
        assert any(text in doc.title + "。" + doc.body and doc.jurisdiction == jurisdiction for doc in first)
