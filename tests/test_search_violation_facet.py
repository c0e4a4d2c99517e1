"""The violation-type facet (违法行为类型) of search: the value objects, each backend's filter and
facet (and their parity, on the shared corpus with violation types added), the Elasticsearch
mapping, where enforcement cases and inspections get their label, the API filter and facet,
and the filter links of the staff search page (the last two on the Elasticsearch backend)."""

import dataclasses

import pytest
from django.test import Client

from casemgmt.org.models import Role
from casemgmt.search.backends.base import FACET_NAMES, SearchDocument, SearchQuery
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.backends.es_documents import SearchEntry, index_settings
from casemgmt.search.registry import get_searchable, known_violation_types
from enforcement.choices import PATENT_INFRINGEMENT_DISPUTE, VIOLATION_TYPES, Kind
from enforcement.search import enforcement_case_document, inspection_document
from enforcement.services.inspections import inspection_create

from .enforcement_factories import adjudication_request, bureau, penalty_case_until, penalty_clue, raid_start
from .factories import CITY, ZEZHOU
from .search_corpus import CORPUS, brute_force

pytest_plugins = ["tests.search_fixtures"]

COUNTERFEITING, TRADEMARK, AGENCY = (
    Kind.PATENT_COUNTERFEITING.label,
    Kind.TRADEMARK_INFRINGEMENT.label,
    Kind.AGENCY_VIOLATION.label,
)
# Enforcement documents of the shared corpus with a violation type; geographical-indication
# and other matters keep none, so the facet must leave them out.
_BY_ID = {1: COUNTERFEITING, 2: TRADEMARK, 6: PATENT_INFRINGEMENT_DISPUTE, 8: TRADEMARK, 12: COUNTERFEITING}
_BY_MATTER = {"假冒专利": COUNTERFEITING, "商标侵权": TRADEMARK}


def _violation_type(doc: SearchDocument) -> str:
    if doc.type != "enforcement_case":
        return ""
    if doc.id in _BY_ID:
        return _BY_ID[doc.id]
    return next((label for matter, label in _BY_MATTER.items() if doc.title.endswith(f"{matter}案")), "")


CORPUS_WITH_TYPES = [dataclasses.replace(doc, violation_type=_violation_type(doc)) for doc in CORPUS]


def keys(result):
    return {(hit.type, hit.id) for hit in result.hits}


def expected_facet(q: str) -> dict[str, int]:
    """The violation-type counts of what a substring scan finds for `q`."""
    found = brute_force(CORPUS_WITH_TYPES, q)
    counts: dict[str, int] = {}
    for doc in CORPUS_WITH_TYPES:
        if (doc.type, doc.id) in found and doc.violation_type:
            counts[doc.violation_type] = counts.get(doc.violation_type, 0) + 1
    return counts


@pytest.fixture(params=["embedded", "elasticsearch"])
def loaded(request, db):
    backend = EmbeddedSearchBackend() if request.param == "embedded" else request.getfixturevalue("es_backend")
    backend.index(CORPUS_WITH_TYPES)
    return backend


# ---------- the value objects ----------


def test_violation_type_is_a_facet_name_and_defaults_to_empty():
    assert FACET_NAMES[-1] == "violation_type"
    assert SearchDocument(type="t", id=1, title="x").violation_type == ""
    assert SearchDocument(type="t", id=1, title="x", violation_type=None).violation_type == ""


def test_content_hash_covers_the_violation_type():
    """A changed violation type reads as stale in the drift check."""
    plain = SearchDocument(type="t", id=1, title="x")
    typed = dataclasses.replace(plain, violation_type=COUNTERFEITING)
    assert plain.content_hash != typed.content_hash
    assert typed.content_hash == dataclasses.replace(typed).content_hash


def test_violation_types_filter_is_normalised_to_a_frozenset():
    assert SearchQuery(violation_types=[TRADEMARK, TRADEMARK]).violation_types == frozenset({TRADEMARK})
    assert SearchQuery().violation_types is None
    # "" is no label, so a filter of it selects nothing rather than the untyped documents.
    assert SearchQuery(violation_types=["", TRADEMARK]).violation_types == frozenset({TRADEMARK})


# ---------- each backend ----------


@pytest.mark.parametrize("q", ["", "专利", "商标", "案"])
def test_facet_counts_hits_by_violation_type_and_skips_those_without_one(loaded, q):
    result = loaded.search(SearchQuery(text=q, page_size=100))
    assert result.facets["violation_type"] == expected_facet(q)
    assert result.facets["violation_type"]  # the corpus gives every query here a typed hit


def test_filter_keeps_only_the_given_violation_types(loaded):
    wanted = {COUNTERFEITING, PATENT_INFRINGEMENT_DISPUTE}
    result = loaded.search(SearchQuery(text="专利", violation_types=wanted, page_size=100))
    expected = {
        (doc.type, doc.id)
        for doc in CORPUS_WITH_TYPES
        if (doc.type, doc.id) in brute_force(CORPUS_WITH_TYPES, "专利") and doc.violation_type in wanted
    }
    assert keys(result) == expected and result.count == len(expected)
    assert set(result.facets["violation_type"]) == wanted
    # The other facets count the narrowed hit set too.
    assert sum(result.facets["type"].values()) == len(expected)


def test_filter_combines_with_the_jurisdiction_filter(loaded):
    result = loaded.search(SearchQuery(text="", violation_types={TRADEMARK}, jurisdictions={ZEZHOU}, page_size=100))
    expected = {(d.type, d.id) for d in CORPUS_WITH_TYPES if d.violation_type == TRADEMARK and d.jurisdiction == ZEZHOU}
    assert expected and keys(result) == expected


def test_an_empty_violation_types_set_or_an_unknown_label_matches_nothing(loaded):
    assert loaded.search(SearchQuery(text="", violation_types=frozenset())).count == 0
    assert loaded.search(SearchQuery(text="", violation_types={"不存在的类型"})).count == 0
    # "" is no label: documents without a violation type are never selected by the filter.
    assert loaded.search(SearchQuery(text="", violation_types={""})).count == 0


@pytest.mark.parametrize("q", ["", "专利", "商标 侵权", "泽州"])
def test_backends_agree_on_the_violation_type_filter_and_facet(es_backend, q):
    embedded = EmbeddedSearchBackend()
    embedded.index(CORPUS_WITH_TYPES)
    es_backend.index(CORPUS_WITH_TYPES)
    for query in (
        SearchQuery(text=q, page_size=100),
        SearchQuery(text=q, violation_types={TRADEMARK, COUNTERFEITING}, page_size=100),
    ):
        expected, actual = embedded.search(query), es_backend.search(query)
        assert (keys(actual), actual.count, actual.facets) == (keys(expected), expected.count, expected.facets)


# ---------- the Elasticsearch mapping ----------


def test_violation_type_is_a_keyword_field_and_absent_when_empty(es_backend):
    es_backend.index(CORPUS_WITH_TYPES[:2])
    [mapping] = es_backend.client.indices.get_mapping(index=es_backend.alias).body.values()
    assert mapping["mappings"]["properties"]["violation_type"]["type"] == "keyword"
    assert "violation_type" not in SearchEntry.from_document(CORPUS_WITH_TYPES[2], "i").to_dict()


def test_an_index_made_before_the_field_existed_gets_it_on_the_first_write(es_backend):
    """The mapping is strict: without the upgrade every new document would be refused."""
    mapping = SearchEntry._doc_type.mapping.to_dict()
    del mapping["properties"]["violation_type"]
    name = f"{es_backend.alias}-v20250101000000000000"
    es_backend.client.indices.create(index=name, mappings=mapping, settings=index_settings())
    es_backend.client.indices.put_alias(index=name, name=es_backend.alias, is_write_index=True)
    es_backend.index([dataclasses.replace(CORPUS[0], violation_type=COUNTERFEITING)])
    result = es_backend.search(SearchQuery(text="", violation_types={COUNTERFEITING}))
    assert keys(result) == {(CORPUS[0].type, CORPUS[0].id)}
    assert result.facets["violation_type"] == {COUNTERFEITING: 1}


# ---------- where enforcement gets the label ----------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", Kind.values)
def test_a_penalty_case_is_indexed_with_its_kind_as_violation_type(kind):
    case = penalty_clue(kind=kind)
    assert enforcement_case_document(case).violation_type == Kind(kind).label == case.violation_type


@pytest.mark.django_db
def test_an_adjudication_is_indexed_as_a_patent_infringement_dispute():
    assert enforcement_case_document(adjudication_request()).violation_type == PATENT_INFRINGEMENT_DISPUTE


@pytest.mark.django_db
def test_an_inspection_carries_the_violation_type_of_its_case():
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city, kind=Kind.PATENT_COUNTERFEITING)
    inspection = inspection_create(
        case,
        actor=city.officers[0],
        started_at=raid_start(),
        place="泽州县某五金店",
        officers=city.officers[:2],
        findings="货架上的电动工具外包装标有专利标记。",
        signature="signed",
        certificates_shown=True,
        persons_present=[{"name": "王五", "role": "witness"}],
    )
    assert inspection_document(inspection).violation_type == COUNTERFEITING


def test_enforcement_types_declare_their_controlled_list():
    assert VIOLATION_TYPES == (COUNTERFEITING, TRADEMARK, AGENCY, PATENT_INFRINGEMENT_DISPUTE)
    for key in ("enforcement_case", "enforcement_inspection"):
        assert get_searchable(key).violation_types == VIOLATION_TYPES
    assert set(VIOLATION_TYPES) <= set(known_violation_types())


# ---------- the API and the staff search page (on the Elasticsearch backend) ----------


@pytest.fixture
def cases(es_backend, django_capture_on_commit_callbacks):
    """Three cases of the city bureau mentioning 丹河, one of each violation type but agency,
    indexed through the outbox into Elasticsearch."""
    city = bureau(CITY)
    with django_capture_on_commit_callbacks(execute=True):
        made = {
            COUNTERFEITING: penalty_clue(kind=Kind.PATENT_COUNTERFEITING, title="丹河牌镜片假冒专利标记"),
            TRADEMARK: penalty_clue(kind=Kind.TRADEMARK_INFRINGEMENT, title="销售假冒“丹河”注册商标的镜片"),
            PATENT_INFRINGEMENT_DISPUTE: adjudication_request(title="丹河镜片外观设计专利侵权纠纷"),
        }
    return city, made


def search_api(api, user, **params):
    return api.as_user(user).get("/api/search/", {"q": "丹河", **params})


@pytest.mark.django_db
def test_search_api_answers_the_violation_type_facet(api, cases):
    city, made = cases
    body = search_api(api, city.head).json()
    assert body["count"] == 3
    assert body["facets"]["violation_type"] == {label: 1 for label in made}


@pytest.mark.django_db
def test_search_api_filters_by_violation_type_repeated_or_comma_separated(api, cases):
    city, made = cases
    one = search_api(api, city.head, violation_type=COUNTERFEITING).json()
    assert [hit["id"] for hit in one["results"]] == [made[COUNTERFEITING].pk]
    assert one["facets"]["violation_type"] == {COUNTERFEITING: 1}
    client = api.as_user(city.head)
    comma = client.get(f"/api/search/?q=丹河&violation_type={COUNTERFEITING},{TRADEMARK}").json()
    repeated = client.get(f"/api/search/?q=丹河&violation_type={COUNTERFEITING}&violation_type={TRADEMARK}").json()
    wanted = {made[COUNTERFEITING].pk, made[TRADEMARK].pk}
    assert {hit["id"] for hit in comma["results"]} == {hit["id"] for hit in repeated["results"]} == wanted


@pytest.mark.django_db
def test_search_api_facet_leaves_out_other_jurisdictions(api, cases):
    county = bureau(ZEZHOU)
    assert search_api(api, county.head).json()["facets"]["violation_type"] == {}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["假冒商标", "patent_counterfeiting", f"{COUNTERFEITING},不存在", "类" * 101])
def test_search_api_refuses_a_violation_type_outside_the_list(api, es_backend, make_user, value):
    response = api.as_user(make_user()).get("/api/search/", {"q": "丹河", "violation_type": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["violation_type"]


@pytest.mark.django_db
def test_openapi_schema_documents_the_violation_type_parameter(api, make_user):
    schema = api.as_user(make_user()).get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert parameters["violation_type"]["schema"]["type"] == "array"
    assert "违法行为类型" in parameters["violation_type"]["description"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_search_page_offers_violation_type_links_that_filter(cases):
    city, made = cases
    client = signed_in(city.head)
    page = client.get("/search/", {"q": "丹河"}).content.decode()
    assert "违法行为类型" in page
    for label in made:
        assert label in page
    filtered = client.get("/search/", {"q": "丹河", "violation_type": TRADEMARK})
    assert filtered.status_code == 200
    text = filtered.content.decode()
    assert filtered.context["result"].count == 1
    assert [hit["hit"].id for hit in filtered.context["hits"]] == [made[TRADEMARK].pk]
    # The active value is marked and its link removes the filter again.
    [group] = [g for g in filtered.context["facets"] if g["title"] == "违法行为类型"]
    [item] = group["items"]
    assert item["active"] and "violation_type" not in item["url"]
    assert 'name="violation_type"' in text  # a new search keeps the filter
    # The page passes one plain value per filter; the state and jurisdiction links read it alike.
    by_state = client.get("/search/", {"q": "丹河", "state": "clue", "jurisdiction": CITY})
    assert by_state.status_code == 200 and by_state.context["result"].count == 2


@pytest.mark.django_db
def test_search_page_answers_400_for_an_unknown_violation_type(es_backend, make_user):
    response = signed_in(make_user(Role.CENTRE_HEAD)).get("/search/", {"q": "丹河", "violation_type": "假冒商标"})
    assert response.status_code == 400
    assert "未知的违法行为类型" in response.content.decode()
