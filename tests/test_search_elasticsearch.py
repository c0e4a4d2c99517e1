"""The Elasticsearch backend against a real HTTP engine: the mapping, the versioned index
behind its alias, zero-downtime rebuilds, exact codes, and what happens when the engine is
down."""

import dataclasses
import datetime
import decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from casemgmt.search.backends.base import SearchDocument, SearchQuery, SearchUnavailable
from casemgmt.search.backends.elasticsearch import ElasticsearchBackend
from casemgmt.search.backends.es_documents import grams, index_settings

from .factories import OrganizationFactory
from .search_corpus import CORPUS, CREDIT_CODE, DOCUMENT_NUMBER, ZEZHOU
from .search_helpers import PARTY_KEY, unreachable_url
from .search_transport import plain_media_type

pytest_plugins = ["tests.search_fixtures"]


def keys(result):
    return {(hit.type, hit.id) for hit in result.hits}


def search(backend, text="", **kwargs):
    kwargs.setdefault("page_size", 100)
    return backend.search(SearchQuery(text=text, **kwargs))


def versions(backend):
    """The versioned indices of this test's prefix, and which of them the alias points to."""
    indices = backend.client.indices.get_alias(index=f"{backend.alias}-v*").body
    return {name: backend.alias in entry["aliases"] for name, entry in indices.items()}


# The index and its mapping


def test_first_write_creates_a_versioned_index_behind_the_alias(es_backend):
    assert es_backend.count() == 0  # searching before anything was written is not an error
    es_backend.index(CORPUS[:3])
    [(name, behind_alias)] = versions(es_backend).items()
    assert behind_alias and name.startswith(f"{es_backend.alias}-v2")
    assert es_backend.count() == 3


def test_mapping_has_language_text_and_keyword_date_amount_fields(es_backend):
    es_backend.index(CORPUS[:1])
    [mapping] = es_backend.client.indices.get_mapping(index=es_backend.alias).body.values()
    fields = mapping["mappings"]["properties"]
    assert fields["title"]["analyzer"] == fields["body"]["analyzer"] == "casemgmt_text"
    for keyword in ("doc_type", "state", "jurisdiction", "codes", "year", "content_hash"):
        assert fields[keyword]["type"] == "keyword"
    assert fields["date"]["type"] == "date"
    assert fields["amount"]["type"] == "scaled_float"
    [settings] = es_backend.client.indices.get_settings(index=es_backend.alias).body.values()
    assert settings["settings"]["index"]["analysis"]["analyzer"]["casemgmt_text"]["type"] == "cjk"


@pytest.mark.parametrize(
    ("analyzer", "index_time", "search_time"),
    [
        ("cjk", {"type": "cjk", "stopwords": "_none_"}, {"type": "cjk", "stopwords": "_none_"}),
        ("ik_max_word", {"type": "custom", "tokenizer": "ik_max_word"}, {"type": "custom", "tokenizer": "ik_smart"}),
        ("smartcn", {"type": "smartcn"}, {"type": "smartcn"}),
    ],
)
def test_search_analyzer_setting_chooses_the_language_analyzer(analyzer, index_time, search_time):
    """The plugins' analyzers need a cluster that has them, so only the settings are checked."""
    with override_settings(SEARCH_ANALYZER=analyzer):
        analysis = index_settings()["analysis"]["analyzer"]
    assert analysis == {"casemgmt_text": index_time, "casemgmt_text_search": search_time}


def test_unknown_search_analyzer_is_a_configuration_error():
    with override_settings(SEARCH_ANALYZER="jieba"), pytest.raises(ImproperlyConfigured, match="jieba"):
        index_settings()


def test_codes_and_document_numbers_are_exact_keywords(es_backend):
    es_backend.index(CORPUS)
    client = es_backend.client

    def ids(query):
        hits = client.search(index=es_backend.alias, query=query, size=100)["hits"]["hits"]
        return {hit["_id"] for hit in hits}

    assert ids({"term": {"codes": CREDIT_CODE.lower()}}) == {"enforcement_case:1", "enforcement_case:6"}
    assert ids({"term": {"codes": DOCUMENT_NUMBER}}) == {"enforcement_case:1"}
    # The 文号 of a longer one is not the same code.
    assert ids({"term": {"codes": "晋市监罚〔2026〕1号"}}) == set()


def test_amounts_and_dates_are_stored_as_numbers_and_dates(es_backend):
    es_backend.index(CORPUS)
    hits = es_backend.client.search(
        index=es_backend.alias,
        query={"bool": {"filter": [{"range": {"amount": {"gte": 20000}}}, {"range": {"date": {"gte": "2026-01-01"}}}]}},
    )["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == ["enforcement_case:8"]


def test_bigrams_cover_every_character_and_never_span_a_break():
    assert grams("ab c") == "ab b\ue000 \ue000c c\ue000"
    assert grams("x") == "x\ue000"
    assert grams("") == ""


# Searching


def test_title_matches_rank_first_then_recent_first(es_backend):
    es_backend.index(
        [
            SearchDocument(type="t", id=1, title="普通案件", body="涉及商标", date=datetime.date(2026, 5, 1)),
            SearchDocument(type="t", id=2, title="商标侵权案", body="", date=datetime.date(2024, 1, 1)),
            SearchDocument(type="t", id=3, title="商标侵权案", body="", date=datetime.date(2025, 1, 1)),
        ]
    )
    assert [hit.id for hit in search(es_backend, "商标").hits] == [3, 2, 1]


def test_pages_partition_the_hits(es_backend):
    es_backend.index(CORPUS)
    everything = search(es_backend, "专利")
    pages = [es_backend.search(SearchQuery(text="专利", page=n, page_size=7)) for n in range(1, 10)]
    assert [hit.id for page in pages for hit in page.hits] == [hit.id for hit in everything.hits]
    assert {page.count for page in pages} == {everything.count}


def test_hits_carry_the_stored_fields(es_backend):
    es_backend.index(CORPUS)
    [hit] = search(es_backend, DOCUMENT_NUMBER).hits
    assert (hit.type, hit.id, hit.state, hit.state_label, hit.jurisdiction) == (
        "enforcement_case",
        1,
        "decided",
        "已决定",
        "140500",
    )
    assert hit.date == datetime.date(2026, 3, 2) and hit.url == "/enforcement_case/1/"
    assert f"<mark>{DOCUMENT_NUMBER}</mark>" in hit.highlight


def test_allowed_jurisdictions_restrict_hits_counts_and_facets(es_backend):
    es_backend.index(CORPUS)
    result = search(es_backend, "专利", allowed_jurisdictions={ZEZHOU})
    assert result.hits and {hit.jurisdiction for hit in result.hits} == {ZEZHOU}
    assert set(result.facets["jurisdiction"]) == {ZEZHOU}
    assert result.count == sum(result.facets["jurisdiction"].values())


# Writes and rebuilds


def test_reindexing_replaces_and_delete_removes(es_backend):
    document = SearchDocument(type="t", id=1, title="商标侵权", body="铸造厂", state="a")
    es_backend.index([document])
    es_backend.index([dataclasses.replace(document, title="专利纠纷", body="煤层气", state="b")])
    assert search(es_backend, "铸造").count == 0
    assert [hit.state for hit in search(es_backend, "煤层气").hits] == ["b"]
    assert es_backend.delete("t", [1, 2]) == 1
    assert es_backend.count() == 0


def test_fingerprints_are_the_content_hashes_of_a_type(es_backend):
    es_backend.index(CORPUS)
    mediations = {doc.id: doc.content_hash for doc in CORPUS if doc.type == "mediation"}
    assert es_backend.fingerprints("mediation") == mediations
    assert es_backend.type_counts()["mediation"] == len(mediations)
    changed = dataclasses.replace(CORPUS[0], amount=decimal.Decimal("1.5"))
    assert changed.content_hash != CORPUS[0].content_hash


def test_rebuild_swaps_the_alias_to_a_new_index_while_searches_keep_working(es_backend):
    es_backend.index(CORPUS)
    [old] = versions(es_backend)
    seen_during_rebuild = []

    def progress(done, total):
        # The new index is being filled; searches still answer from the old one, complete.
        seen_during_rebuild.append(search(es_backend, "专利").count)

    kept = [doc for doc in CORPUS if doc.type != "mediation"]
    assert es_backend.rebuild(kept, len(kept), progress) == len(kept)

    assert seen_during_rebuild == [len([d for d in CORPUS if "专利" in d.title + d.body])]
    [(new, behind_alias)] = versions(es_backend).items()
    assert behind_alias and new != old  # the old index was dropped after the swap
    assert es_backend.count() == len(kept)
    assert search(es_backend, "", types={"mediation"}).count == 0


def test_failed_rebuild_leaves_the_live_index_untouched(es_backend):
    es_backend.index(CORPUS)
    before = versions(es_backend)

    def failing():
        yield from CORPUS[:5]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        es_backend.rebuild(failing())
    assert versions(es_backend) == before  # the half-built index is gone, the alias unmoved
    assert es_backend.count() == len(CORPUS)


def test_rebuild_of_some_types_rewrites_them_in_place(es_backend):
    es_backend.index(CORPUS)
    before = versions(es_backend)
    mediations = [doc for doc in CORPUS if doc.type == "mediation"]
    es_backend.rebuild(mediations[:2], 2, types={"mediation"})
    assert versions(es_backend) == before
    assert search(es_backend, "", types={"mediation"}).count == 2
    assert es_backend.count() == len(CORPUS) - len(mediations) + 2
    with pytest.raises(ValueError):
        es_backend.rebuild([CORPUS[0]], types={"mediation"})


def test_rebuild_command_fills_a_new_index_and_drops_what_is_gone(es_backend, party_search, capsys):
    parties = OrganizationFactory.create_batch(3)
    es_backend.index([SearchDocument(type=PARTY_KEY, id=999_999, title="已删除的当事人")])
    [old] = versions(es_backend)

    call_command("search_rebuild")

    [(new, behind_alias)] = versions(es_backend).items()
    assert behind_alias and new != old
    assert set(es_backend.fingerprints(PARTY_KEY)) == {party.pk for party in parties}
    assert "已索引 3 条" in capsys.readouterr().out


# The engine down


def test_an_unreachable_engine_raises_search_unavailable(es_backend, settings):
    es_backend.index(CORPUS[:1])
    settings.ELASTICSEARCH_URL = unreachable_url()
    assert es_backend.ping() is False
    with pytest.raises(SearchUnavailable):
        search(es_backend, "专利")
    with pytest.raises(SearchUnavailable):
        es_backend.index(CORPUS[1:2])
    with pytest.raises(SearchUnavailable):
        es_backend.delete("enforcement_case", [1])


def test_search_api_answers_503_while_the_engine_is_down(es_backend, settings, api, make_user):
    settings.ELASTICSEARCH_URL = unreachable_url()
    response = api.as_user(make_user()).get("/api/search/", {"q": "专利"})
    assert response.status_code == 503
    assert response.json() == {"detail": "检索服务暂时不可用，请稍后再试。"}


def test_backends_are_selected_by_settings(es_backend):
    from casemgmt.search.backends import get_backend

    assert isinstance(es_backend, ElasticsearchBackend) and get_backend() is es_backend
    assert es_backend.ping() is True


def test_test_transport_sends_plain_json_media_types():
    assert plain_media_type("application/vnd.elasticsearch+json; compatible-with=8") == "application/json"
    assert plain_media_type("application/vnd.elasticsearch+x-ndjson; compatible-with=9") == "application/x-ndjson"
    assert plain_media_type("application/json") == "application/json"
