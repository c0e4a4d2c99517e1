"""Concurrent writers: 文号 stay gapless and unique, and a transition fires exactly once.

The 文号 test runs on whichever database the run uses (SQLite serialises writers with its
IMMEDIATE transactions, PostgreSQL with the row lock); the transition race is PostgreSQL's.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from casemgmt.numbering.models import DocumentSequence, IssuedNumber
from casemgmt.numbering.services import number_allocate

from .services import service_unavailable

BARRIER_TIMEOUT = 60


def race(count: int, work):
    """Run work() in `count` threads released together; returns each call's result or exception."""
    start = threading.Barrier(count, timeout=BARRIER_TIMEOUT)

    def one(_index):
        try:
            start.wait()
            return work()
        except Exception as exc:
            return exc
        finally:
            # Each thread opened its own connection; leaving it open would block the test
            # database's flush and teardown.
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_allocations_give_one_to_fifty_without_gaps_or_duplicates():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads share an in-memory database through SQLite's shared cache, whose table
        # locks fail at once instead of waiting: only a database file shows real behaviour.
        service_unavailable("needs a file-based SQLite test database: set SQLITE_TEST_NAME (as `make test` does)")
    outcomes = race(50, lambda: number_allocate(issuer="晋市监", doc_type="罚", year=2026).number)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    assert sorted(outcomes) == list(range(1, 51))
    stored = IssuedNumber.objects.filter(sequence__issuer="晋市监", sequence__doc_type="罚", sequence__year=2026)
    assert sorted(stored.values_list("number", flat=True)) == list(range(1, 51))
    assert len(set(stored.values_list("text", flat=True))) == 50
    assert DocumentSequence.objects.get(issuer="晋市监", doc_type="罚", year=2026).last_number == 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_accepts_of_one_request_succeed_once_and_the_rest_get_409(make_user):
    from casemgmt.api.errors import exception_handler
    from casemgmt.errors import Conflict
    from casemgmt.org.models import Role
    from casemgmt.workflow.selectors import history_of
    from casemgmt.workflow.services import fire_transition
    from cases.models import AssistanceRequest

    from .factories import assistance_request

    request = assistance_request()
    assert request.state == AssistanceRequest.State.SUBMITTED
    head = make_user(Role.CENTRE_HEAD)

    def accept():
        fresh = AssistanceRequest.objects.get(pk=request.pk)
        return fire_transition(fresh, "accept", actor=head, reason="材料齐全，予以受理")

    outcomes = race(20, accept)

    accepted = [o for o in outcomes if isinstance(o, AssistanceRequest)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    others = [o for o in outcomes if o not in accepted and o not in conflicts]
    assert others == []
    assert (len(accepted), len(conflicts)) == (1, 19)
    assert all(exception_handler(c, {}).status_code == 409 for c in conflicts)  # as the API answers them
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.ACCEPTED
    assert request.accepted_at == accepted[0].accepted_at
    logs = history_of(request).filter(transition="accept")
    assert list(logs.values_list("source", "target", "actor")) == [("submitted", "accepted", head.pk)]
