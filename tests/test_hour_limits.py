"""Limits in hours (DOMAIN §3a "24 h"; issue 12 item 6): they run from a moment to a moment,
are never moved off rest days, and the head's 3-day decision on a criminal transfer counts
calendar days."""

import datetime as dt

import pytest
from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.models import Deadline
from casemgmt.calendar.services import (
    deadline_extend,
    deadline_mark_met,
    deadline_open,
    deadline_suspend,
)
from casemgmt.calendar.sweep import deadlines_scan
from casemgmt.errors import Invalid
from casemgmt.org.models import Role
from casemgmt.web.deadline_rows import deadline_rows

from .calendar_fixtures import d, fresh_calendar_cache  # noqa: F401
from .enforcement_factories import bureau, penalty_case_until
from .factories import CITY, OrganizationFactory

pytestmark = pytest.mark.django_db

CASES = "/api/enforcement-cases/"


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def open_hours(obj, start, hours=24, **kwargs) -> Deadline:
    return deadline_open(
        obj, kind="report", label="报告负责人", legal_basis="《行政强制法》第十九条", start=start, rule=Rule.HOURS,
        amount=hours, **kwargs,
    )  # fmt: skip


def test_a_24_hour_limit_starting_on_a_friday_evening_falls_on_saturday_evening():
    """Friday 2026-12-04 19:30 + 24 h is Saturday 19:30 — not moved to Monday as a one-day
    limit ending on a rest day would be."""
    deadline = open_hours(OrganizationFactory(), local("2026-12-04 19:30"))

    assert timezone.localtime(deadline.due_at) == local("2026-12-05 19:30")
    assert deadline.due == d("2026-12-05") and deadline.start == d("2026-12-04")
    assert not deadline.provisional and deadline.due_text == "2026-12-05 19:30"
    assert compute_due(d("2026-12-04"), Rule.CALENDAR_DAYS, 1).due == d("2026-12-07")


def test_an_hour_limit_is_overdue_once_its_moment_has_passed_not_at_the_end_of_the_day(clock, make_user):
    """At 15:00 a limit that ran out at 14:00 the same day is overdue: the lists count hours."""
    officer = make_user(Role.OFFICER, CITY)
    clock("2026-12-04 12:00")
    deadline = open_hours(OrganizationFactory(), local("2026-12-04 11:00"), hours=3, responsible=officer)
    assert deadline.status == Deadline.Status.OPEN

    clock("2026-12-04 15:00")
    counts = deadlines_scan()

    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OVERDUE and counts["marked_overdue"] == 1
    assert deadline_rows([deadline])[0].countdown == "逾期 1 小时"


def test_an_hour_limit_is_not_suspended_and_is_extended_only_in_hours(make_user):
    head = make_user(Role.AGENCY_HEAD, CITY)
    deadline = open_hours(OrganizationFactory(), local("2026-12-04 19:30"))

    with pytest.raises(Invalid) as suspended:
        deadline_suspend(deadline, start=d("2026-12-05"), reason="鉴定", actor=head)
    with pytest.raises(Invalid) as in_days:
        deadline_extend(deadline, amount=1, rule=Rule.CALENDAR_DAYS, reason="x", approved_by=head)
    extended = deadline_extend(deadline, amount=12, reason="情况复杂", approved_by=head)

    assert "non_field_errors" in suspended.value.errors and "rule" in in_days.value.errors
    assert timezone.localtime(extended.due_at) == local("2026-12-06 07:30")


def test_meeting_an_hour_limit_records_the_moment_and_whether_it_was_late(clock):
    clock("2026-12-06 09:00")
    on_time = open_hours(OrganizationFactory(), local("2026-12-04 19:30"))
    late = open_hours(OrganizationFactory(), local("2026-12-04 19:30"))

    deadline_mark_met(on_time, on=local("2026-12-05 18:00"))
    deadline_mark_met(late, on=local("2026-12-05 20:00"))
    with pytest.raises(Invalid) as early:
        deadline_mark_met(open_hours(OrganizationFactory(), local("2026-12-04 19:30")), on=local("2026-12-04 19:00"))

    assert on_time.met_at == d("2026-12-05") and not on_time.met_late
    assert late.met_late and "on" in early.value.errors


def test_criminal_transfer_the_heads_decision_counts_3_calendar_days_and_the_transfer_24_hours(api, clock):
    """Proposed on Friday 2026-12-04: the head decides by Monday 12-07 (3 calendar days, not 3
    working days = Wednesday). Approved Friday 19:30: the transfer is due Saturday 19:30; made
    Saturday 10:00 it is on time."""
    city = bureau(CITY)
    clock("2026-12-04 09:00")
    case = penalty_case_until("start_investigation", city)
    team = [o.pk for o in city.officers[:2]]
    proposed = api.as_user(city.officers[0]).post(
        f"{CASES}{case.pk}/transitions/propose_criminal_transfer/",
        {"team": team, "report": "涉嫌销售假冒注册商标的商品罪。"},
        format="json",
    )
    assert proposed.status_code == 200, proposed.content.decode()
    decision = Deadline.objects.get(kind="criminal_transfer_decision")
    assert (decision.rule, decision.due) == (Rule.CALENDAR_DAYS, d("2026-12-07"))

    clock("2026-12-04 19:30")
    approved = api.as_user(city.head).post(
        f"{CASES}{case.pk}/transitions/approve_criminal_transfer/", {}, format="json"
    )
    assert approved.status_code == 200, approved.content.decode()
    rows = {row["kind"]: row for row in api.as_user(city.head).get(f"{CASES}{case.pk}/deadlines/").json()}
    transfer = rows["criminal_transfer"]
    assert transfer["rule"] == "hours" and transfer["due"] == "2026-12-05"
    assert dt.datetime.fromisoformat(transfer["due_at"]) == local("2026-12-05 19:30")

    clock("2026-12-05 10:00")
    moved = api.as_user(city.officers[1]).post(
        f"{CASES}{case.pk}/transitions/transfer_to_police/", {"police_unit": "晋城市公安局城区分局"}, format="json"
    )
    assert moved.status_code == 200, moved.content.decode()
    transfer = Deadline.objects.get(kind="criminal_transfer")
    assert transfer.status == Deadline.Status.MET and not transfer.met_late
    assert timezone.localtime(transfer.met_time) == local("2026-12-05 10:00")


def test_the_deadline_pages_show_the_hour_of_an_hour_limit(client, make_user):
    officer = make_user(Role.OFFICER, CITY)
    open_hours(OrganizationFactory(), local("2026-12-04 19:30"), responsible=officer)
    client.force_login(officer)

    page = client.get("/deadlines/").content.decode()

    assert "2026年12月5日 19:30" in page and "2026年12月4日 19:30" in page
