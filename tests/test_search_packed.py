"""The embedded backend's two tiers together: documents in the packed index, documents changed
or added since (searched in the database), documents deleted since (tombstones). Whatever the
mix, a search answers exactly as a substring scan of the documents as they are now, and the
packed index is rebuilt without losing a change made while it was being built."""

import dataclasses
import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone

from casemgmt.search.backends import packed
from casemgmt.search.backends.base import SearchDocument, SearchQuery
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.backends.snapshots import (
    BUILD_LEASE,
    SnapshotBuildInProgress,
    build_generation,
    changed_count,
    current_snapshot,
)
from casemgmt.search.indexing import index_on_commit
from casemgmt.search.models import IndexedDocument, IndexSnapshot, SnapshotTombstone
from casemgmt.search.tasks import drain_outbox
from casemgmt.search.text import normalize, query_terms

from .factories import OrganizationFactory
from .search_corpus import CHENGQU, CITY, QINSHUI, ZEZHOU

pytest_plugins = ["tests.search_fixtures"]

# A small alphabet, so that bigrams recur and many candidates share some but not all of a
# term's bigrams: the cases where a naive bigram index over-selects.
ALPHABET = "专利商标侵权假冒调解纠纷公司晋城泽州沁水ＬＤ-3０0ab "
JURISDICTIONS = [CITY, ZEZHOU, QINSHUI, CHENGQU]
STATES = ["accepted", "decided", "closed"]
VIOLATIONS = ["", "假冒专利", "侵犯注册商标专用权"]


def random_document(rng: random.Random, doc_id: int) -> SearchDocument:
    return SearchDocument(
        type=rng.choice(["enforcement_case", "mediation"]),
        id=doc_id,
        title="".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 12))),
        body="".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 80))),
        state=rng.choice(STATES),
        jurisdiction=rng.choice(JURISDICTIONS),
        violation_type=rng.choice(VIOLATIONS),
        date=rng.choice([None, datetime.date(2025, 3, 1), datetime.date(2026, 7, 9), datetime.date(2026, 1, 2)]),
    )


def expected_hits(documents: dict, query: SearchQuery) -> list[SearchDocument]:
    """The oracle: a substring scan of the normalised text, filters applied, ranked."""
    terms = query_terms(query.text)
    hits = []
    for doc in documents.values():
        title, body = normalize(doc.title), normalize(doc.body)
        if not all(term in title or term in body for term in terms):
            continue
        allowed = query.allowed_jurisdictions
        if (allowed is not None and doc.jurisdiction not in allowed) or (
            query.jurisdictions is not None and doc.jurisdiction not in query.jurisdictions
        ):
            continue
        if query.states is not None and doc.state not in query.states:
            continue
        if query.violation_types is not None and doc.violation_type not in query.violation_types:
            continue
        if query.date_from is not None and (doc.date is None or doc.date < query.date_from):
            continue
        hits.append(doc)

    def rank(doc):
        score = sum(term in normalize(doc.title) for term in terms)
        ordinal = doc.date.toordinal() if doc.date else 0
        return (-score, ordinal == 0, -ordinal, -doc.id, doc.type)

    return sorted(hits, key=rank)


def expected_facets(hits: list[SearchDocument]) -> dict:
    def tally(values):
        return dict(Counter(value for value in values if value))

    return {
        "type": tally(doc.type for doc in hits),
        "state": tally(doc.state for doc in hits),
        "jurisdiction": tally(doc.jurisdiction for doc in hits),
        "year": tally(str(doc.date.year) for doc in hits if doc.date),
        "violation_type": tally(doc.violation_type for doc in hits),
    }


def random_queries(rng: random.Random, documents: dict, n: int) -> list[SearchQuery]:
    queries = []
    texts = [normalize(doc.title + " " + doc.body) for doc in documents.values()]
    for _ in range(n):
        text = rng.choice(texts)
        length = rng.choice([1, 2, 2, 3, 3, 4, 5, 7])
        start = rng.randrange(max(1, len(text) - length))
        term = text[start : start + length].strip() or "专利"
        if rng.random() < 0.2:
            term += " " + rng.choice(["公司", "晋", "利商"])
        options = {}
        if rng.random() < 0.4:
            options["allowed_jurisdictions"] = frozenset(rng.sample(JURISDICTIONS, rng.randint(1, 2)))
        if rng.random() < 0.2:
            options["states"] = frozenset({rng.choice(STATES)})
        if rng.random() < 0.15:
            options["violation_types"] = frozenset({"假冒专利"})
        if rng.random() < 0.1:
            options["date_from"] = datetime.date(2026, 1, 1)
        queries.append(SearchQuery(text=term, page_size=100, **options))
    return queries


def assert_answers_like_a_scan(backend, documents: dict, queries: list[SearchQuery]) -> None:
    for query in queries:
        result = backend.search(query)
        expected = expected_hits(documents, query)
        described = f"{query.text!r} {query.allowed_jurisdictions} {query.states}"
        assert result.count == len(expected), described
        assert [(hit.type, hit.id) for hit in result.hits] == [(doc.type, doc.id) for doc in expected[:100]], described
        assert result.facets == expected_facets(expected), described


@pytest.fixture
def backend(db):
    return EmbeddedSearchBackend()


def test_packed_index_plus_changes_since_answer_exactly_like_a_substring_scan(backend):
    """200 documents packed; then 40 changed (text, state, jurisdiction), 25 deleted and 30
    added without a rebuild: 150 random queries of 1–7 characters, with permission and
    other filters, give the scan's count, order and facets — before and after repacking."""
    rng = random.Random(20261128)
    documents = {("x", i): random_document(rng, i) for i in range(1, 201)}
    documents = {(doc.type, doc.id): doc for doc in documents.values()}
    backend.index(documents.values())
    build_generation()
    queries = random_queries(rng, documents, 150)
    assert_answers_like_a_scan(backend, documents, queries)

    for key in rng.sample(sorted(documents), 40):
        changed = random_document(rng, key[1])
        documents[key] = dataclasses.replace(changed, type=key[0])
        backend.index([documents[key]])
    for key in rng.sample(sorted(documents), 25):
        backend.delete(key[0], [key[1]])
        del documents[key]
    for i in range(1000, 1030):
        doc = random_document(rng, i)
        documents[(doc.type, doc.id)] = doc
        backend.index([doc])
    assert 0 < changed_count() <= 70
    assert SnapshotTombstone.objects.count() == 25
    assert_answers_like_a_scan(backend, documents, queries)

    build_generation()
    assert changed_count() == 0
    assert_answers_like_a_scan(backend, documents, queries)


def test_a_change_made_while_the_index_is_built_is_not_lost(backend, monkeypatch):
    """A document rewritten after the build read it keeps being searched in the database,
    with its new text; the packed copy of its old text is not used."""
    backend.index([SearchDocument(type="t", id=1, title="旧名称铸造厂", jurisdiction=ZEZHOU)])
    real_build = packed.build_snapshot

    def build_with_a_concurrent_write(documents, directory):
        backend.index([SearchDocument(type="t", id=1, title="新名称光电厂", jurisdiction=ZEZHOU)])
        return real_build(documents, directory)

    monkeypatch.setattr("casemgmt.search.backends.snapshots.build_snapshot", build_with_a_concurrent_write)
    build_generation()
    row = IndexedDocument.objects.get()
    assert row.snapshot_generation is None  # still to be packed
    assert backend.search(SearchQuery(text="铸造")).count == 0
    assert [hit.title for hit in backend.search(SearchQuery(text="光电")).hits] == ["新名称光电厂"]


def test_deleted_documents_leave_the_results_at_once_and_tombstones_go_when_no_index_holds_them(backend):
    backend.index([SearchDocument(type="t", id=i, title=f"商标案件{i}") for i in range(1, 4)])
    build_generation()
    backend.delete("t", [2])
    assert {hit.id for hit in backend.search(SearchQuery(text="商标")).hits} == {1, 3}
    build_generation()  # the new generation lacks it, the previous one still holds it
    assert SnapshotTombstone.objects.count() == 1
    build_generation()
    assert not SnapshotTombstone.objects.exists()
    assert backend.search(SearchQuery(text="商标")).count == 2
    assert IndexSnapshot.objects.filter(ready=True).count() == 2  # older generations are dropped


def test_only_one_build_runs_at_a_time_and_a_dead_one_is_replaced(backend):
    IndexSnapshot.objects.create(directory="g-running", started_at=timezone.now())
    with pytest.raises(SnapshotBuildInProgress):
        build_generation()
    IndexSnapshot.objects.filter(directory="g-running").update(started_at=timezone.now() - BUILD_LEASE * 2)
    backend.index([SearchDocument(type="t", id=1, title="专利")])
    report = build_generation()
    assert report.documents == 1
    assert not IndexSnapshot.objects.filter(directory="g-running").exists()


def test_a_failed_build_leaves_the_previous_index_in_use(backend, monkeypatch, settings):
    backend.index([SearchDocument(type="t", id=1, title="专利纠纷")])
    first = build_generation()

    def broken(documents, directory):
        directory.mkdir(parents=True)
        raise OSError("disk full")

    monkeypatch.setattr("casemgmt.search.backends.snapshots.build_snapshot", broken)
    backend.index([SearchDocument(type="t", id=2, title="专利侵权")])
    with pytest.raises(OSError):
        build_generation()
    generation, _ = current_snapshot()
    assert generation == first.generation
    assert not IndexSnapshot.objects.filter(ready=False).exists()
    assert backend.search(SearchQuery(text="专利")).count == 2


def test_enough_changes_trigger_a_repack_after_the_outbox_drains(
    settings, party_search, django_capture_on_commit_callbacks
):
    """Once SEARCH_EMBEDDED_REPACK_CHANGES documents changed, draining the outbox builds a new
    generation; below that, changes stay in the database tier. (The drain queues the repack
    through the task outbox, sent when the drain's transaction commits.)"""
    settings.SEARCH_EMBEDDED_REPACK_CHANGES = 3
    for i in range(2):
        index_on_commit(OrganizationFactory(name=f"晋城市某{i}号铸造有限公司"))
    with django_capture_on_commit_callbacks(execute=True):
        drain_outbox.delay()
    assert current_snapshot() is None and changed_count() == 2
    index_on_commit(OrganizationFactory(name="晋城市某光电有限公司"))
    with django_capture_on_commit_callbacks(execute=True):
        drain_outbox.delay()
    assert current_snapshot() is not None and changed_count() == 0
    assert EmbeddedSearchBackend().search(SearchQuery(text="有限公司")).count == 3


def test_a_missing_or_outdated_packed_index_falls_back_to_the_database_and_is_rebuilt(backend):
    """Files gone (a new machine, a wiped folder) or of an older format: searches still find
    everything, from the database, and a rebuild is due at once."""
    import shutil

    from casemgmt.search.backends import snapshots
    from casemgmt.search.repack import embedded_repack, embedded_repack_due

    backend.index([SearchDocument(type="t", id=i, title=f"商标案件{i}", jurisdiction=ZEZHOU) for i in range(1, 4)])
    build_generation()
    assert not embedded_repack_due()
    shutil.rmtree(snapshots.index_root() / IndexSnapshot.objects.get().directory)
    snapshots._opened.clear()
    assert backend.search(SearchQuery(text="商标", allowed_jurisdictions={ZEZHOU})).count == 3
    assert embedded_repack_due()
    embedded_repack()
    assert not embedded_repack_due()
    assert backend.search(SearchQuery(text="商标案件2")).count == 1


def test_without_any_packed_index_old_tombstones_are_forgotten(backend):
    """Tombstones matter only to packed indexes; with none built, the periodic task drops the
    old ones (recent ones stay: a build may just be starting)."""
    from casemgmt.search.backends.snapshots import ORPHAN_AGE
    from casemgmt.search.tasks import repack_embedded_index

    backend.index([SearchDocument(type="t", id=1, title="商标"), SearchDocument(type="t", id=2, title="专利")])
    backend.delete("t", [1, 2])
    old, recent = SnapshotTombstone.objects.order_by("pk")
    SnapshotTombstone.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - ORPHAN_AGE * 2)
    repack_embedded_index.delay()
    assert list(SnapshotTombstone.objects.all()) == [recent]
