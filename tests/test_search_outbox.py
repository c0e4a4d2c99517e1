"""The index outbox: written in the transaction of the change, drained after commit with
retries and backoff, never losing a change to a down engine, a failing document, a change
that arrives mid-drain or a rebuild."""

import dataclasses
import datetime

import pytest
from celery.exceptions import Retry
from django.db import transaction
from django.utils import timezone

from casemgmt.parties.models import Party
from casemgmt.search.backends.base import SearchQuery, SearchUnavailable
from casemgmt.search.indexing import delete_on_commit, index_on_commit
from casemgmt.search.models import IndexedDocument, IndexOutbox, IndexRebuild
from casemgmt.search.outbox import backoff_seconds, outbox_enqueue, search_outbox_drain
from casemgmt.search.rebuilds import RebuildInProgress, rebuild_finish, rebuild_start
from casemgmt.search.registry import register_searchable
from casemgmt.search.services import search_index_rebuild
from casemgmt.search.tasks import drain_outbox, drain_retry_delay

from .factories import OrganizationFactory
from .search_helpers import PARTY_KEY, party_document, unreachable_url

pytest_plugins = ["tests.search_fixtures"]


def queued():
    return set(IndexOutbox.objects.values_list("doc_type", "object_id"))


def indexed():
    return set(IndexedDocument.objects.values_list("doc_type", "object_id"))


def changed(party, capture, **fields):
    """Save a change to the party and record it for the index, committing it."""
    with capture(execute=True), transaction.atomic():
        for name, value in fields.items():
            setattr(party, name, value)
        party.save()
        index_on_commit(party)


# Writing the outbox


def test_a_change_and_its_outbox_row_commit_or_roll_back_together(party_search, django_capture_on_commit_callbacks):
    party = OrganizationFactory(name="泽州县某铸造厂")
    with pytest.raises(RuntimeError), transaction.atomic():
        index_on_commit(party)
        raise RuntimeError("the write failed")
    assert queued() == set()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        index_on_commit(party)
    assert queued() == {(PARTY_KEY, party.pk)}
    assert indexed() == set()  # the index follows only once the transaction has committed
    assert len(callbacks) == 1


def test_repeated_changes_of_one_object_keep_one_row(party_search):
    party = OrganizationFactory()
    index_on_commit(party)
    first = IndexOutbox.objects.get()
    index_on_commit(party)
    second = IndexOutbox.objects.get()
    assert second.pk == first.pk and second.generation != first.generation
    assert second.queued_at == first.queued_at  # the oldest waiting change shows the lag


def test_unregistered_models_write_no_outbox_row(make_user):
    index_on_commit(make_user())
    assert queued() == set()


# Draining


def test_commit_drains_the_change_into_the_index(party_search, django_capture_on_commit_callbacks):
    party = OrganizationFactory(name="泽州县某铸造厂")
    changed(party, django_capture_on_commit_callbacks, address="泽州县巴公镇")
    assert indexed() == {(PARTY_KEY, party.pk)}
    assert "泽州县巴公镇" in IndexedDocument.objects.get().body
    assert queued() == set()


def test_deleting_or_hiding_an_object_removes_its_document(party_search, django_capture_on_commit_callbacks):
    kept, hidden, deleted = OrganizationFactory.create_batch(3)
    outbox_enqueue([(PARTY_KEY, party.pk) for party in (kept, hidden, deleted)])
    search_outbox_drain()
    assert len(indexed()) == 3

    changed(hidden, django_capture_on_commit_callbacks, name="（不索引）某公司")
    with django_capture_on_commit_callbacks(execute=True):
        delete_on_commit(deleted)
        deleted.delete()
    assert indexed() == {(PARTY_KEY, kept.pk)}
    assert queued() == set()


def test_documents_of_a_type_no_longer_registered_are_removed(party_search):
    party = OrganizationFactory()
    outbox_enqueue([(PARTY_KEY, party.pk)])
    search_outbox_drain()
    outbox_enqueue([("retired_type", 1)])
    IndexedDocument.objects.create(
        doc_type="retired_type", object_id=1, title="旧", title_norm="旧", indexed_at=timezone.now()
    )
    search_outbox_drain()
    assert indexed() == {(PARTY_KEY, party.pk)}


def test_a_failing_document_backs_off_without_holding_back_the_others(party_search, make_user):
    def fragile_document(party):
        if "损坏" in party.name:
            raise ValueError("cannot describe this party")
        return party_document(party)

    register_searchable(**{**dataclasses.asdict(party_search), "to_document": fragile_document})
    good, bad, other = OrganizationFactory(), OrganizationFactory(name="损坏的记录"), OrganizationFactory()
    outbox_enqueue([(PARTY_KEY, party.pk) for party in (good, bad, other)])

    report = search_outbox_drain()

    assert (report.synced, report.failed) == (2, 1)
    assert indexed() == {(PARTY_KEY, good.pk), (PARTY_KEY, other.pk)}
    row = IndexOutbox.objects.get()
    assert (row.object_id, row.attempts, row.claim) == (bad.pk, 1, None)
    assert "cannot describe this party" in row.last_error
    assert row.available_at > timezone.now() + datetime.timedelta(seconds=5)

    assert search_outbox_drain().synced == 0  # not due yet
    IndexOutbox.objects.update(available_at=timezone.now())
    search_outbox_drain()
    assert IndexOutbox.objects.get().attempts == 2

    # A new change of the object is due at once, and this time it can be indexed.
    bad.name = "修复后的记录"
    bad.save()
    index_on_commit(bad)
    search_outbox_drain()
    assert queued() == set() and (PARTY_KEY, bad.pk) in indexed()


def test_a_document_elasticsearch_cannot_take_is_set_aside_not_retried_as_an_outage(es_backend, party_search):
    """A value the client cannot serialise is a fault of that document, not of the engine:
    the others are indexed and the drain is not treated as failed."""

    def document(party):
        found = party_document(party)
        if "值班" in party.name:
            return dataclasses.replace(found, extra={"on_duty_from": datetime.time(9, 30)})
        return found

    register_searchable(**{**dataclasses.asdict(party_search), "to_document": document})
    odd, plain = OrganizationFactory(name="值班记录公司"), OrganizationFactory()
    outbox_enqueue([(PARTY_KEY, odd.pk), (PARTY_KEY, plain.pk)])

    report = search_outbox_drain()

    assert (report.synced, report.failed) == (1, 1)
    assert set(es_backend.fingerprints(PARTY_KEY)) == {plain.pk}
    assert IndexOutbox.objects.get().object_id == odd.pk


def test_backoff_doubles_up_to_an_hour():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_seconds(30) == 3600


def test_a_change_arriving_during_the_drain_stays_queued(party_search):
    """The drain read the object before the newer change committed: it must not drop the row."""
    party = OrganizationFactory(name="旧名称")
    interrupted = []

    def racing_document(instance):
        if not interrupted:
            interrupted.append(True)
            Party.objects.filter(pk=instance.pk).update(name="新名称")
            outbox_enqueue([(PARTY_KEY, instance.pk)])
        return party_document(instance)

    register_searchable(**{**dataclasses.asdict(party_search), "to_document": racing_document})
    outbox_enqueue([(PARTY_KEY, party.pk)])

    search_outbox_drain(max_batches=1)
    assert queued() == {(PARTY_KEY, party.pk)}
    assert IndexedDocument.objects.get().title == "旧名称"

    search_outbox_drain()
    assert queued() == set()
    assert IndexedDocument.objects.get().title == "新名称"


def test_rows_claimed_by_another_drain_wait_for_its_lease(party_search):
    party = OrganizationFactory()
    outbox_enqueue([(PARTY_KEY, party.pk)])
    IndexOutbox.objects.update(
        claim="00000000-0000-0000-0000-000000000001", claimed_until=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert search_outbox_drain().synced == 0 and indexed() == set()
    IndexOutbox.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert search_outbox_drain().synced == 1 and queued() == set()


# The engine down


def test_with_the_engine_down_writes_succeed_and_the_outbox_catches_up(
    es_backend,
    party_search,
    settings,
    django_capture_on_commit_callbacks,
):
    engine = settings.ELASTICSEARCH_URL
    party = OrganizationFactory(name="晋城市某光电科技有限公司")
    settings.ELASTICSEARCH_URL = unreachable_url()

    changed(party, django_capture_on_commit_callbacks, address="城区凤台东街1号")  # nothing raises

    assert queued() == {(PARTY_KEY, party.pk)}
    with pytest.raises(SearchUnavailable):
        search_outbox_drain()
    row = IndexOutbox.objects.get()
    assert (row.attempts, row.claim) == (0, None)  # the engine failed, not the row

    settings.ELASTICSEARCH_URL = engine
    assert search_outbox_drain().synced == 1
    assert queued() == set()
    [hit] = es_backend.search(SearchQuery(text="凤台东街")).hits
    assert hit.id == party.pk


def test_drain_task_run_in_process_never_fails_the_request(es_backend, party_search, settings):
    outbox_enqueue([(PARTY_KEY, OrganizationFactory().pk)])
    settings.ELASTICSEARCH_URL = unreachable_url()
    drain_outbox.delay()  # eager here: would raise into the caller if it let the error out
    assert IndexOutbox.objects.count() == 1


def test_drain_task_on_a_worker_retries_with_exponential_backoff(es_backend, party_search, settings, monkeypatch):
    outbox_enqueue([(PARTY_KEY, OrganizationFactory().pk)])
    settings.ELASTICSEARCH_URL = unreachable_url()
    retries = []

    def retry(exc=None, countdown=None, **kwargs):
        retries.append(countdown)
        raise Retry(exc=exc, when=countdown)

    monkeypatch.setattr(drain_outbox, "retry", retry)
    drain_outbox.push_request(is_eager=False, retries=3)
    try:
        with pytest.raises(Retry):
            drain_outbox.run()
    finally:
        drain_outbox.pop_request()
    assert retries == [40]
    assert [drain_retry_delay(n) for n in range(9)] == [5, 10, 20, 40, 80, 160, 320, 600, 600]


# Rebuilds


def test_the_outbox_waits_while_a_rebuild_runs(party_search):
    party = OrganizationFactory()
    run = rebuild_start(None)
    outbox_enqueue([(PARTY_KEY, party.pk)])
    assert search_outbox_drain().held
    assert queued() == {(PARTY_KEY, party.pk)}
    rebuild_finish(run, documents=0)
    search_outbox_drain()
    assert queued() == set() and indexed() == {(PARTY_KEY, party.pk)}


def test_changes_made_during_a_rebuild_reach_the_index_after_it(party_search, django_capture_on_commit_callbacks):
    OrganizationFactory.create_batch(2)
    late = []

    def progress(done, total):
        # A user's change commits while the rebuild runs: its drain is held, not lost.
        late.append(OrganizationFactory(name="重建期间新登记的公司"))
        index_on_commit(late[-1])
        assert queued() == {(PARTY_KEY, late[-1].pk)}

    with django_capture_on_commit_callbacks(execute=True):
        search_index_rebuild(keys=[PARTY_KEY], progress_callback=progress)

    assert queued() == set()
    assert (PARTY_KEY, late[0].pk) in indexed()
    assert IndexRebuild.objects.get().succeeded is True


def test_only_one_rebuild_runs_at_a_time_and_a_dead_one_is_taken_over(party_search):
    first = rebuild_start(None)
    with pytest.raises(RebuildInProgress):
        rebuild_start(None)
    with pytest.raises(RebuildInProgress):
        search_index_rebuild()
    # The first run died: its heartbeat stopped long ago.
    IndexRebuild.objects.filter(pk=first.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    second = rebuild_start([PARTY_KEY])
    first.refresh_from_db()
    assert (first.running, first.succeeded) == (False, False)
    assert second.running


def test_a_failed_rebuild_is_recorded_and_releases_the_outbox(party_search, monkeypatch):
    OrganizationFactory()

    def broken_rebuild(*args, **kwargs):
        raise SearchUnavailable("engine went away")

    from casemgmt.search.backends import get_backend

    monkeypatch.setattr(get_backend(), "rebuild", broken_rebuild)
    with pytest.raises(SearchUnavailable):
        search_index_rebuild()
    run = IndexRebuild.objects.get()
    assert (run.running, run.succeeded) == (False, False) and "engine went away" in run.error
    assert not search_outbox_drain().held
