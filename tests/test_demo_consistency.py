"""The demo data reads like a real register: one company has one 统一社会信用代码 whichever loader
names it, and each issuer's numbers follow the dates they were issued on (晋市监罚〔2026〕1号 is
decided before 2号)."""

import io
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count

from casemgmt.parties.models import Party
from enforcement.models import EnforcementCase, PenaltyDecision

NUMBER = re.compile(r"^(?P<series>.+〔\d{4}〕)(?P<seq>\d+)号$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _in_order(pairs) -> list:
    """(number text, date) pairs whose sequence order disagrees with their dates."""
    series = defaultdict(list)
    for text, day in pairs:
        match = NUMBER.match(text or "")
        if match and day:
            series[match["series"]].append((int(match["seq"]), day, text))
    wrong = []
    for items in series.values():
        items.sort()
        wrong += [(a[2], b[2]) for a, b in zip(items, items[1:], strict=False) if a[1] > b[1]]
    return wrong


@pytest.mark.django_db
def test_no_company_of_the_demo_has_two_credit_codes(demo):
    named_twice = (
        Party.objects.exclude(credit_code="").values("name").annotate(codes=Count("credit_code", distinct=True))
    )
    assert [row["name"] for row in named_twice if row["codes"] > 1] == []


@pytest.mark.django_db
def test_penalty_decision_numbers_follow_their_decision_dates(demo):
    pairs = PenaltyDecision.objects.values_list("number_text", "decided_on")
    assert pairs.exists()
    assert _in_order(pairs) == []


@pytest.mark.django_db
def test_case_numbers_follow_their_filing_dates(demo):
    pairs = EnforcementCase.objects.exclude(case_number="").values_list("case_number", "filed_on")
    assert pairs.exists()
    assert _in_order(pairs) == []
