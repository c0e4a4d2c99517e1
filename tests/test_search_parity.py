"""Parity: the embedded backend (on SQLite or PostgreSQL, whichever the run uses) and the
Elasticsearch backend (on a real HTTP engine) find the same documents for the same query,
and count and facet them alike. Queries of every length are included, single characters
too: both backends match a term where it occurs as a substring of the normalised text."""

import datetime

import pytest

from casemgmt.search.backends.base import SearchQuery
from casemgmt.search.backends.embedded import EmbeddedSearchBackend

from .search_corpus import CHENGQU, CITY, CORPUS, QINSHUI, QUERIES, ZEZHOU, brute_force
from .search_helpers import PackingEmbeddedBackend

pytest_plugins = ["tests.search_fixtures"]


def keys(result):
    return {(hit.type, hit.id) for hit in result.hits}


@pytest.fixture
def loaded(any_backend):
    any_backend.index(CORPUS)
    return any_backend


@pytest.fixture(params=["database", "packed"])
def both(request, es_backend):
    """The corpus in both backends at once, for comparing their answers directly (the embedded
    one answering from its database tier, then from its packed index)."""
    embedded = EmbeddedSearchBackend() if request.param == "database" else PackingEmbeddedBackend()
    embedded.index(CORPUS)
    es_backend.index(CORPUS)
    return embedded, es_backend


@pytest.mark.parametrize("q", QUERIES)
def test_each_backend_finds_what_a_substring_scan_finds(loaded, q):
    result = loaded.search(SearchQuery(text=q, page_size=100))
    expected = brute_force(CORPUS, q)
    assert keys(result) == expected
    assert result.count == len(expected)


FILTERED = {
    "types": SearchQuery(text="专利", types=frozenset({"mediation", "assistance_request"})),
    "states": SearchQuery(text="商标", states=frozenset({"decided"})),
    "jurisdictions": SearchQuery(text="纠纷", jurisdictions=frozenset({QINSHUI, ZEZHOU})),
    "dates": SearchQuery(text="专利", date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 3, 31)),
    "no-text-since": SearchQuery(text="", date_from=datetime.date(2026, 5, 1)),
    "one-county": SearchQuery(text="专", allowed_jurisdictions=frozenset({ZEZHOU})),
    "allowed-and-state": SearchQuery(
        text="有限公司", allowed_jurisdictions=frozenset({CITY, CHENGQU}), states=frozenset({"accepted"})
    ),
    "sees-nothing": SearchQuery(text="专利", allowed_jurisdictions=frozenset()),
    "no-types": SearchQuery(text="专利", types=frozenset()),
    "everything": SearchQuery(text=""),
}


@pytest.mark.parametrize("query", FILTERED.values(), ids=FILTERED.keys())
def test_backends_agree_on_hits_counts_and_facets_under_filters(both, query):
    """Filters and the permission restriction give the same hit set, count and facets
    (type, state, jurisdiction, year) on both backends."""
    embedded, elasticsearch = both
    query = SearchQuery(**{**query.__dict__, "page_size": 100})
    expected, actual = embedded.search(query), elasticsearch.search(query)
    assert keys(actual) == keys(expected)
    assert actual.count == expected.count
    assert actual.facets == expected.facets


def test_year_facet_counts_documents_by_the_year_of_their_date(both):
    embedded, elasticsearch = both
    dated = [doc for doc in CORPUS if "专利" in doc.title + doc.body and doc.date]
    years = {}
    for doc in dated:
        years[str(doc.date.year)] = years.get(str(doc.date.year), 0) + 1
    for backend in both:
        assert backend.search(SearchQuery(text="专利")).facets["year"] == years


def test_highlights_are_the_same_on_both_backends(both):
    """Snippets are cut from the same text by the same rule: identical, marks included."""
    embedded, elasticsearch = both
    for q in ["MA0K", "ＬＥＤ 专利", "款", "晋市监罚〔2026〕12号"]:
        query = SearchQuery(text=q, page_size=100)
        expected = {(h.type, h.id): h.highlight for h in embedded.search(query).hits}
        assert {(h.type, h.id): h.highlight for h in elasticsearch.search(query).hits} == expected
    [hit] = elasticsearch.search(SearchQuery(text="ma0k 测距")).hits
    assert "<mark>MA0K</mark>" in hit.highlight and "<mark>测距</mark>" in hit.highlight
