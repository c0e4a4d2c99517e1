import dataclasses
import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

from casemgmt.parties.models import Party
from casemgmt.parties.selectors import parties_visible_to
from casemgmt.search.backends import get_backend
from casemgmt.search.backends.base import SearchDocument, SearchQuery
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.indexing import delete_on_commit, index_on_commit
from casemgmt.search.models import IndexedDocument
from casemgmt.search.registry import register_searchable, searchable_types, unregister_searchable
from casemgmt.search.services import search_document_sync, search_for_user, search_index_rebuild

from .factories import OrganizationFactory
from .search_corpus import CITY, CORPUS, CREDIT_CODE, DOCUMENT_NUMBER, QINSHUI, QUERIES, ZEZHOU, brute_force
from .search_helpers import PackingEmbeddedBackend


@pytest.fixture(params=["database", "packed"])
def backend(request, db):
    """The embedded backend answering from its database tier, then from its packed index."""
    return EmbeddedSearchBackend() if request.param == "database" else PackingEmbeddedBackend()


@pytest.fixture
def corpus(backend):
    backend.index(CORPUS)
    return CORPUS


def keys(result):
    return {(hit.type, hit.id) for hit in result.hits}


def search(backend, text="", **kwargs):
    kwargs.setdefault("page_size", 100)
    return backend.search(SearchQuery(text=text, **kwargs))


# Matching


@pytest.mark.parametrize("q", QUERIES)
def test_hits_equal_a_substring_scan(backend, corpus, q):
    """Every query (1-char, 2-char, longer, Latin, codes, several words) finds exactly what a
    LIKE '%q%' scan over the same corpus finds."""
    result = search(backend, q)
    expected = brute_force(corpus, q)
    assert keys(result) == expected
    assert result.count == len(expected)


def test_known_hits_for_common_queries(backend, corpus):
    """Spot checks independent of the oracle: the two-character word 专利 and a whole 文号."""
    patent = keys(search(backend, "专利"))
    assert {("enforcement_case", 1), ("mediation", 3), ("assistance_request", 5), ("enforcement_case", 6)} <= patent
    assert ("enforcement_case", 2) not in patent
    assert keys(search(backend, DOCUMENT_NUMBER)) == {("enforcement_case", 1)}
    assert keys(search(backend, CREDIT_CODE)) == {("enforcement_case", 1), ("enforcement_case", 6)}


def test_bigram_candidates_without_the_phrase_are_dropped(backend, corpus):
    """A document holding 光电 and 电科 apart (电科院与光电所) does not match 光电科."""
    assert ("assistance_request", 5) not in keys(search(backend, "光电科"))
    assert ("assistance_request", 5) in keys(search(backend, "光电"))


def test_single_character_query_returns_documents_containing_it(backend, corpus):
    expected = {(doc.type, doc.id) for doc in corpus if "纷" in doc.title + doc.body}
    assert expected
    assert keys(search(backend, "纷")) == expected


def test_full_width_and_case_variants_match(backend):
    """Matching is NFKC- and case-insensitive: ＬＤ－３００ is found by ld-300 and the other way round."""
    backend.index([SearchDocument(type="t", id=1, title="测距仪", body="型号ＬＤ－３００，全角")])
    assert keys(search(backend, "ld-300")) == {("t", 1)}
    assert keys(search(backend, "ＬＤ")) == {("t", 1)}


def test_query_of_punctuation_only_matches_by_substring(backend, corpus):
    """A term without letters or digits matches as a substring like any other."""
    assert keys(search(backend, "〔")) == brute_force(corpus, "〔")


def test_empty_query_lists_everything_filtered(backend, corpus):
    assert search(backend, "", jurisdictions={ZEZHOU}).count == len(
        [doc for doc in corpus if doc.jurisdiction == ZEZHOU]
    )


# Ranking and highlighting


def test_title_matches_rank_above_body_matches_then_recent_first(backend):
    backend.index(
        [
            SearchDocument(type="t", id=1, title="普通案件", body="涉及商标", date=datetime.date(2026, 5, 1)),
            SearchDocument(type="t", id=2, title="商标侵权案", body="", date=datetime.date(2024, 1, 1)),
            SearchDocument(type="t", id=3, title="商标纠纷", body="", date=datetime.date(2025, 1, 1)),
            SearchDocument(type="t", id=4, title="无日期商标案", body=""),
        ]
    )
    assert [hit.id for hit in search(backend, "商标").hits] == [3, 2, 4, 1]


def test_highlight_escapes_html_and_marks_the_match(backend):
    backend.index(
        [SearchDocument(type="t", id=1, title="标题", body='<script>alert("x")</script> 涉嫌假冒专利 & 商标')]
    )
    [hit] = search(backend, "假冒专利").hits
    assert "<mark>假冒专利</mark>" in hit.highlight
    assert "&lt;script&gt;" in hit.highlight and "<script>" not in hit.highlight
    assert "&amp; 商标" in hit.highlight


def test_highlight_marks_original_text_matched_case_insensitively(backend, corpus):
    [hit] = search(backend, "ld-300 测距").hits
    assert "<mark>LD-300</mark>" in hit.highlight and "<mark>测距</mark>" in hit.highlight


def test_highlight_is_a_snippet_around_the_first_match(backend):
    body = "前文" * 200 + "假冒专利" + "后文" * 200
    backend.index([SearchDocument(type="t", id=1, title="长文", body=body)])
    [hit] = search(backend, "假冒专利").hits
    assert hit.highlight.startswith("…") and hit.highlight.endswith("…")
    assert "<mark>假冒专利</mark>" in hit.highlight
    assert len(hit.highlight) < 200


def test_highlight_falls_back_to_the_title(backend, corpus):
    [hit] = search(backend, "兰花香醋").hits
    assert hit.highlight == "<mark>兰花香醋</mark>地理标志纠纷"


# Filters, permissions and facets


def test_filters_by_type_state_jurisdiction_and_date(backend, corpus):
    def matching(predicate):
        return {(doc.type, doc.id) for doc in corpus if "专利" in doc.title + doc.body and predicate(doc)}

    assert keys(search(backend, "专利", types={"mediation"})) == matching(lambda d: d.type == "mediation")
    assert keys(search(backend, "专利", states={"decided"})) == matching(lambda d: d.state == "decided")
    assert keys(search(backend, "专利", jurisdictions={QINSHUI})) == matching(lambda d: d.jurisdiction == QINSHUI)
    since, until = datetime.date(2026, 1, 1), datetime.date(2026, 2, 28)
    assert keys(search(backend, "专利", date_from=since, date_to=until)) == matching(
        lambda d: d.date is not None and since <= d.date <= until
    )


def test_allowed_jurisdictions_restrict_inside_the_query(backend, corpus):
    """A county-scoped query never sees other jurisdictions: not in hits, count or facets."""
    result = search(backend, "专利", allowed_jurisdictions={ZEZHOU})
    assert result.hits and {hit.jurisdiction for hit in result.hits} == {ZEZHOU}
    assert result.count == len([d for d in corpus if d.jurisdiction == ZEZHOU and "专利" in d.title + d.body])
    assert set(result.facets["jurisdiction"]) == {ZEZHOU}
    assert search(backend, "专利", allowed_jurisdictions=set()).count == 0
    assert search(backend, "专利", allowed_jurisdictions=None).count == len(brute_force(corpus, "专利"))


def test_facets_count_the_filtered_hit_set(backend, corpus):
    result = search(backend, "商标", states={"accepted", "decided"})
    hits = [d for d in corpus if "商标" in d.title + d.body and d.state in {"accepted", "decided"}]
    by_type = {}
    for doc in hits:
        by_type[doc.type] = by_type.get(doc.type, 0) + 1
    assert result.facets["type"] == by_type
    assert sum(result.facets["jurisdiction"].values()) == len(hits)
    assert set(result.facets["state"]) <= {"accepted", "decided"}


def test_pages_partition_the_hits(backend, corpus):
    everything = search(backend, "专利")
    pages = [backend.search(SearchQuery(text="专利", page=n, page_size=7)) for n in range(1, 10)]
    paged = [hit.id for page in pages for hit in page.hits]
    assert paged == [hit.id for hit in everything.hits]
    assert all(page.count == everything.count for page in pages)


def test_query_rejects_bad_paging():
    with pytest.raises(ValueError):
        SearchQuery(text="x", page=0)
    with pytest.raises(ValueError):
        SearchQuery(text="x", page_size=101)


# Writes


def test_reindexing_replaces_the_document(backend):
    backend.index([SearchDocument(type="t", id=1, title="商标侵权", body="铸造厂")])
    backend.index([SearchDocument(type="t", id=1, title="专利纠纷", body="煤层气")])
    assert search(backend, "铸造").count == 0
    assert keys(search(backend, "煤层气")) == {("t", 1)}
    assert IndexedDocument.objects.count() == 1


def test_state_change_updates_the_state(backend):
    document = SearchDocument(type="t", id=1, title="专利纠纷", body="煤层气", state="a", state_label="甲")
    backend.index([document])
    backend.index([dataclasses.replace(document, state="b", state_label="乙")])
    [hit] = search(backend, "专利", states={"b"}).hits
    assert hit.state_label == "乙"
    assert search(backend, "专利", states={"a"}).count == 0


def test_delete_removes_the_document(backend, corpus):
    assert backend.delete("enforcement_case", [1, 999]) == 1
    assert ("enforcement_case", 1) not in keys(search(backend, "专利"))
    assert search(backend, DOCUMENT_NUMBER).count == 0
    assert not IndexedDocument.objects.filter(object_id=1, doc_type="enforcement_case").exists()
    assert backend.count() == len(corpus) - 1


def test_rebuild_drops_documents_no_longer_given(backend, corpus):
    progress = []
    kept = [doc for doc in corpus if doc.type == "mediation"]
    written = backend.rebuild(kept, len(kept), lambda done, total: progress.append((done, total)), types={"mediation"})
    assert written == len(kept) and progress[-1] == (len(kept), len(kept))
    assert backend.count() == len(corpus)  # other types untouched
    backend.rebuild(kept[:2], 2, types={"mediation"})
    assert backend.count() == len(corpus) - len(kept) + 2
    backend.rebuild(kept[:1])
    assert backend.count() == 1
    assert keys(search(backend, "")) == {(kept[0].type, kept[0].id)}


def test_rebuild_refuses_documents_of_other_types(backend):
    with pytest.raises(ValueError):
        backend.rebuild([SearchDocument(type="other", id=1, title="x")], types={"mediation"})


def test_document_fields_too_long_for_storage_are_refused(backend):
    with pytest.raises(ValueError):
        backend.index([SearchDocument(type="t", id=1, title="x", jurisdiction="1405000")])
    assert backend.count() == 0


# Backend selection


def test_get_backend_follows_settings(db):
    assert isinstance(get_backend(), EmbeddedSearchBackend)
    assert get_backend().ping() is True
    with override_settings(SEARCH_BACKEND="solr"), pytest.raises(ImproperlyConfigured, match="solr"):
        get_backend()


# Registry, indexing, service, API (with the Party model registered for the duration)

PARTY_KEY = "test_party"


def party_document(party):
    return SearchDocument(
        type=PARTY_KEY,
        id=party.pk,
        title=party.name,
        body=" ".join(filter(None, [party.credit_code, party.address, party.legal_representative])),
        jurisdiction=CITY,
        date=party.created_at,
        url=f"/parties/{party.pk}/",
    )


@pytest.fixture
def party_search(db):
    """Party registered as a searchable type; any other registration of Party is set aside."""
    displaced = [entry for entry in searchable_types() if entry.model is Party]
    for entry in displaced:
        unregister_searchable(entry.key)
    entry = register_searchable(
        key=PARTY_KEY, model=Party, label="当事人", to_document=party_document, selector=parties_visible_to
    )
    yield entry
    unregister_searchable(PARTY_KEY)
    for entry in displaced:
        register_searchable(**{f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)})


@pytest.fixture
def lighting_company(party_search):
    party = OrganizationFactory(name="晋城市某光电科技有限公司", address="晋城市城区凤台东街1号")
    search_document_sync(key=PARTY_KEY, pk=party.pk)
    return party


def test_index_on_commit_indexes_after_commit(party_search, django_capture_on_commit_callbacks):
    party = OrganizationFactory(name="泽州县某铸造厂")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        index_on_commit(party)
    assert IndexedDocument.objects.count() == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    assert IndexedDocument.objects.filter(doc_type=PARTY_KEY, object_id=party.pk, title="泽州县某铸造厂").exists()


def test_delete_on_commit_removes_the_document(lighting_company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delete_on_commit(lighting_company)
        lighting_company.delete()
    assert IndexedDocument.objects.count() == 0


def test_index_on_commit_ignores_unregistered_models(make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        index_on_commit(make_user())
    assert callbacks == []


def test_sync_of_a_vanished_object_deletes_its_document(lighting_company):
    pk = lighting_company.pk
    Party.objects.filter(pk=pk).delete()
    search_document_sync(key=PARTY_KEY, pk=pk)
    assert IndexedDocument.objects.count() == 0


def test_search_for_user_rechecks_hits_through_the_selector(lighting_company, make_user):
    """A document whose object is gone (index lagging behind) is not returned."""
    user = make_user()
    assert [hit.id for hit in search_for_user(user, q="光电科技").hits] == [lighting_company.pk]
    Party.objects.filter(pk=lighting_company.pk).delete()
    result = search_for_user(user, q="光电科技")
    assert result.hits == [] and result.count == 0


def test_search_for_user_drops_what_a_stricter_selector_hides(lighting_company, make_user):
    register_searchable(
        key=PARTY_KEY,
        model=Party,
        label="当事人",
        to_document=party_document,
        selector=lambda user: Party.objects.exclude(pk=lighting_company.pk),
    )
    assert search_for_user(make_user(), q="光电科技").hits == []


def test_county_user_gets_no_city_documents(lighting_company, make_user):
    county_user = make_user(jurisdiction=ZEZHOU)
    assert search_for_user(county_user, q="光电科技").count == 0
    assert search_for_user(make_user(jurisdiction=CITY), q="光电科技").count == 1


def test_search_api_returns_hits_with_highlight_and_facets(api, lighting_company, make_user):
    response = api.as_user(make_user()).get("/api/search/", {"q": "光电科技", "type": PARTY_KEY})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [hit] = body["results"]
    assert hit == {
        "type": PARTY_KEY,
        "id": lighting_company.pk,
        "title": "晋城市某光电科技有限公司",
        "state": "",
        "state_label": "",
        "highlight": hit["highlight"],
        "url": f"/parties/{lighting_company.pk}/",
    }
    assert "<mark>光电科技</mark>" in hit["highlight"]
    year = str(lighting_company.created_at.year)
    assert body["facets"] == {
        "type": {PARTY_KEY: 1},
        "state": {},
        "jurisdiction": {CITY: 1},
        "year": {year: 1},
        "violation_type": {},
    }


def test_search_api_hides_city_documents_from_a_county_user(api, lighting_company, make_user):
    response = api.as_user(make_user(jurisdiction=ZEZHOU)).get("/api/search/", {"q": "光电科技"})
    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["results"] == []


def test_search_api_accepts_comma_separated_and_repeated_filters(api, lighting_company, make_user):
    client = api.as_user(make_user())
    assert client.get("/api/search/?q=光电&jurisdiction=140525,140500").json()["count"] == 1
    assert client.get("/api/search/?q=光电&jurisdiction=140525&jurisdiction=140581").json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "专" * 201}, "q"),
        ({"q": "专利", "date_from": "2026-13-01"}, "date_from"),
        ({"q": "专利", "date_from": "2026-03-01", "date_to": "2026-01-01"}, "date_to"),
        ({"q": "专利", "page": "0"}, "page"),
        ({"q": "专利", "page": "abc"}, "page"),
        ({"q": "专利", "page": "1000"}, "page"),
        ({"q": "专利", "page_size": "500"}, "page_size"),
        ({"q": "专利", "type": "nonexistent"}, "type"),
        ({"q": "专利", "jurisdiction": "14"}, "jurisdiction"),
    ],
)
def test_search_api_rejects_bad_parameters(api, party_search, make_user, params, field):
    response = api.as_user(make_user()).get("/api/search/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_search_api_requires_authentication(api, db):
    anonymous = api.get("/api/search/", {"q": "专利"})
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"


def test_rebuild_command_indexes_registered_objects(party_search, capsys):
    """search_rebuild --type indexes every object of that type and drops documents of vanished ones."""
    parties = OrganizationFactory.create_batch(3)
    IndexedDocument.objects.create(
        doc_type=PARTY_KEY,
        object_id=999_999,
        title="旧",
        title_norm="旧",
        indexed_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    call_command("search_rebuild", "--type", PARTY_KEY, "--chunk-size", "2")
    indexed = set(IndexedDocument.objects.filter(doc_type=PARTY_KEY).values_list("object_id", flat=True))
    assert indexed == {party.pk for party in parties}
    assert "已索引 3 条" in capsys.readouterr().out


def test_rebuild_command_rejects_unknown_types(party_search):
    with pytest.raises(CommandError, match="nonexistent"):
        call_command("search_rebuild", "--type", "nonexistent", verbosity=0)


def test_rebuild_service_rejects_unknown_types(party_search):
    with pytest.raises(ValueError):
        search_index_rebuild(keys=["nonexistent"])


def test_highlight_maps_characters_that_normalise_to_several_back_to_the_original():
    """ﬁ normalises to "fi" and ㈱ to "(株)": the mark still covers exactly the original characters."""
    from casemgmt.search.text import snippet

    assert snippet("某㈱公司的ﬁle专利", ["(株)公司", "fi"]) == "某<mark>㈱公司</mark>的<mark>ﬁ</mark>le专利"
    assert snippet("普通文本专利", ["专利"]) == "普通文本<mark>专利</mark>"
