"""`manage.py search_check [--repair]`: drift between database and index (missing, stale,
orphaned documents) is found by content hash and repaired, on either backend."""

import pytest
from django.core.management import CommandError, call_command

from casemgmt.parties.models import Party
from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.consistency import search_index_check
from casemgmt.search.outbox import outbox_enqueue, search_outbox_drain

from .factories import OrganizationFactory
from .search_helpers import PARTY_KEY

pytest_plugins = ["tests.search_fixtures"]


@pytest.fixture
def parties(any_backend, party_search):
    """Five parties, all indexed through the outbox."""
    created = OrganizationFactory.create_batch(5)
    outbox_enqueue([(PARTY_KEY, party.pk) for party in created])
    search_outbox_drain()
    return created


@pytest.fixture
def drifted(any_backend, parties):
    """Every kind of drift, made behind the outbox's back."""
    missing, stale, deleted, hidden, _untouched = parties
    any_backend.delete(PARTY_KEY, [missing.pk])
    Party.objects.filter(pk=stale.pk).update(address="阳城县凤城镇新址")
    Party.objects.filter(pk=deleted.pk).delete()
    Party.objects.filter(pk=hidden.pk).update(name="（不索引）某公司")
    any_backend.index([SearchDocument(type="retired_type", id=7, title="已停用类型的文档")])
    return {"missing": [missing.pk], "stale": [stale.pk], "orphaned": sorted([deleted.pk, hidden.pk])}


def party_drift(check):
    [drift] = [drift for drift in check.types if drift.key == PARTY_KEY]
    return drift


def test_a_consistent_index_has_no_drift(parties):
    check = search_index_check()
    assert not check.has_drift
    drift = party_drift(check)
    assert (drift.expected, drift.indexed) == (5, 5)


def test_check_finds_missing_stale_and_orphaned_documents(drifted):
    check = search_index_check()
    drift = party_drift(check)
    assert {"missing": drift.missing, "stale": drift.stale, "orphaned": drift.orphaned} == drifted
    [retired] = [drift for drift in check.types if drift.key == "retired_type"]
    assert retired.orphaned == [7] and retired.expected == 0
    assert check.has_drift


def test_check_of_one_type_ignores_the_others(drifted):
    check = search_index_check(keys=[PARTY_KEY])
    assert [drift.key for drift in check.types] == [PARTY_KEY]


def test_command_reports_drift_and_exits_with_an_error(drifted, capsys):
    with pytest.raises(CommandError, match="--repair"):
        call_command("search_check")
    out = capsys.readouterr().out
    assert f"{PARTY_KEY}（当事人）：应索引 3，已索引 4，缺失 1，过期 1，多余 2" in out
    assert "retired_type（未注册的类型）" in out


def test_repair_brings_the_index_in_line_with_the_database(drifted, any_backend, capsys):
    call_command("search_check", "--repair")
    out = capsys.readouterr().out
    assert "已修复" in out and out.rstrip().endswith("索引与数据库一致。")
    assert not search_index_check().has_drift
    assert any_backend.type_counts() == {PARTY_KEY: 3}
    call_command("search_check")  # consistent: no error


def test_command_rejects_unknown_types(party_search):
    with pytest.raises(CommandError, match="nonexistent"):
        call_command("search_check", "--type", "nonexistent")
