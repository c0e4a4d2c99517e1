"""Working-day calendar and the deadline calculator (DOMAIN §7, API 'Deadline calculator')."""

import pytest
from django.urls import reverse

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.models import CalendarDay, HolidayNotice
from casemgmt.calendar.workdays import day_status, is_workday
from casemgmt.org.models import Role

from .calendar_fixtures import d, fresh_calendar_cache  # noqa: F401
from .factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/calendar/deadline/"


def test_five_working_days_skip_mid_autumn_and_national_day_2026():
    """5 WD after 2026-09-24 pass over 中秋 (25–27 Sep) and 国庆 (1–7 Oct) and end on 9 Oct."""
    result = compute_due(d("2026-09-24"), Rule.WORKING_DAYS, 5)

    assert result.due == d("2026-10-09")
    assert not result.provisional
    skipped = {day.date: day.name for day in result.skipped}
    assert list(skipped) == [d("2026-09-25"), d("2026-09-26"), d("2026-09-27")] + [
        d(f"2026-10-0{n}") for n in range(1, 8)
    ]
    assert skipped[d("2026-09-25")] == "中秋节"
    assert skipped[d("2026-10-03")] == "国庆节"


def test_make_up_saturday_is_a_working_day_2026():
    """1 WD after Friday 2026-02-13 is Saturday 2026-02-14, a 春节 make-up working day."""
    result = compute_due(d("2026-02-13"), Rule.WORKING_DAYS, 1)

    assert result.due == d("2026-02-14")
    assert result.skipped == ()
    assert day_status(d("2026-02-14")).name == "春节调休上班"


@pytest.mark.parametrize(
    ("start", "amount", "due"),
    [
        ("2026-02-13", 3, "2026-02-25"),  # 2026 春节 15–23 Feb off after the 14 Feb make-up day
        ("2025-12-31", 1, "2026-01-04"),  # 2026 元旦 1–3 Jan off, Sunday 4 Jan worked
        ("2025-01-24", 2, "2025-01-27"),  # 2025 春节: Sunday 26 Jan worked
        ("2025-09-26", 2, "2025-09-29"),  # 2025 国庆: Sunday 28 Sep worked
        ("2025-09-30", 1, "2025-10-09"),  # 2025 国庆/中秋 1–8 Oct off
        ("2024-02-09", 1, "2024-02-18"),  # 2024 春节 10–17 Feb off, Sunday 18 Feb worked
        ("2024-09-27", 2, "2024-09-30"),  # 2024 国庆: Sunday 29 Sep worked
        ("2024-09-30", 1, "2024-10-08"),  # 2024 国庆 1–7 Oct off
        ("2024-04-30", 1, "2024-05-06"),  # 2024 劳动节 1–5 May off
    ],
)
def test_working_days_follow_the_2024_to_2026_notices(start, amount, due):
    """Working-day counting honours each year's holidays and make-up days."""
    assert compute_due(d(start), Rule.WORKING_DAYS, amount).due == d(due)


def test_calendar_day_limit_ending_in_national_day_moves_to_2026_10_08():
    """10 days after 2026-09-21 is 1 Oct, inside 国庆, so the limit ends on the first working day after it."""
    result = compute_due(d("2026-09-21"), Rule.CALENDAR_DAYS, 10)

    assert result.due == d("2026-10-08")
    assert [day.date for day in result.skipped] == [d(f"2026-10-0{n}") for n in range(1, 8)]


def test_calendar_day_limit_on_an_ordinary_weekend_moves_to_monday():
    """A calendar-day limit ending on a plain Saturday ends on the following Monday."""
    result = compute_due(d("2026-03-02"), Rule.CALENDAR_DAYS, 5)

    assert result.due == d("2026-03-09")
    assert [(day.date, day.name) for day in result.skipped] == [
        (d("2026-03-07"), "休息日"),
        (d("2026-03-08"), "休息日"),
    ]


def test_calendar_day_limit_ending_on_a_make_up_day_does_not_move():
    """A Saturday that is a make-up working day is a valid last day."""
    assert compute_due(d("2026-02-04"), Rule.CALENDAR_DAYS, 10).due == d("2026-02-14")


def test_month_limit_clamps_to_month_end_and_keeps_a_make_up_day():
    """One month after 31 Jan is 28 Feb 2026, itself a make-up working Saturday."""
    assert compute_due(d("2026-01-31"), Rule.MONTHS, 1).due == d("2026-02-28")


def test_month_limit_ending_in_spring_festival_moves_past_it():
    """One month after 2026-01-16 is 16 Feb (春节), so the limit ends on 24 Feb."""
    result = compute_due(d("2026-01-16"), Rule.MONTHS, 1)

    assert result.due == d("2026-02-24")
    assert {day.name for day in result.skipped} == {"春节"}


def test_years_without_a_notice_keep_the_statutory_holidays_and_are_provisional():
    """2027 has no notice in either package: 元旦 is still a rest day, Monday–Friday otherwise,
    all marked provisional. Years the `holidays` package carries (2003) are settled."""
    new_year = day_status(d("2027-01-01"))
    saturday = day_status(d("2027-01-02"))
    monday = day_status(d("2027-01-04"))
    old = day_status(d("2003-05-01"))

    assert not new_year.is_workday and new_year.name == "元旦" and new_year.provisional
    assert not saturday.is_workday and saturday.name == "休息日"
    assert monday.is_workday and monday.provisional
    assert not old.is_workday and not old.provisional
    assert compute_due(d("2026-12-28"), Rule.WORKING_DAYS, 10).provisional
    assert not compute_due(d("2026-12-01"), Rule.WORKING_DAYS, 10).provisional


def test_an_entered_year_is_no_longer_provisional():
    """Once an administrator records the 2027 notice, 2027 answers are settled."""
    assert day_status(d("2027-03-01")).provisional

    HolidayNotice.objects.create(year=2027, number="国办发明电〔2026〕X号")

    assert not day_status(d("2027-03-01")).provisional


def test_administrator_days_override_the_package_and_the_cache_follows():
    """A CalendarDay row wins over the package; saving and deleting it take effect at once."""
    assert is_workday(d("2026-12-01"))

    override = CalendarDay.objects.create(date=d("2026-12-01"), is_workday=False, name="地方假日")
    assert not is_workday(d("2026-12-01"))
    assert day_status(d("2026-12-01")).name == "地方假日"

    override.delete()
    assert is_workday(d("2026-12-01"))


def test_admin_enters_a_holiday_block_in_one_form(client):
    """The CalendarDay admin add form registers every day of a range with the same setting."""
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:calendar_calendarday_add"),
        {"date": "2027-10-01", "until": "2027-10-07", "name": "国庆节", "note": "国办发明电〔2026〕X号"},
    )

    assert response.status_code == 302
    rows = list(CalendarDay.objects.order_by("date").values_list("date", "is_workday", "name"))
    assert rows == [(d(f"2027-10-0{n}"), False, "国庆节") for n in range(1, 8)]
    assert not is_workday(d("2027-10-04"))


def test_admin_range_entry_refuses_dates_already_entered(client):
    """A range overlapping existing rows is rejected and writes nothing."""
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    CalendarDay.objects.create(date=d("2027-10-03"), is_workday=False, name="国庆节")

    response = client.post(
        reverse("admin:calendar_calendarday_add"), {"date": "2027-10-01", "until": "2027-10-07", "name": "国庆节"}
    )

    assert response.status_code == 200
    assert "2027-10-03" in response.content.decode()
    assert CalendarDay.objects.count() == 1


# --- API ---------------------------------------------------------------------------------


def test_calculator_counts_working_days(api, city_clerk):
    """GET ?working_days= returns the due date, rule, skipped holidays with names and the provisional flag."""
    response = api.as_user(city_clerk).get(URL, {"start": "2026-09-24", "working_days": "5"})

    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-09-24"
    assert body["due"] == "2026-10-09"
    assert body["rule"] == "working_days"
    assert body["provisional"] is False
    assert {"date": "2026-10-01", "name": "国庆节"} in body["skipped_holidays"]
    assert len(body["skipped_holidays"]) == 10


def test_calculator_counts_calendar_days_and_months(api, city_clerk):
    """?days= and ?months= use calendar-day and month rules with the rest-day move."""
    client = api.as_user(city_clerk)

    days = client.get(URL, {"start": "2026-09-21", "days": "10"}).json()
    months = client.get(URL, {"start": "2026-01-16", "months": "1"}).json()

    assert (days["rule"], days["due"]) == ("calendar_days", "2026-10-08")
    assert (months["rule"], months["due"]) == ("months", "2026-02-24")


def test_calculator_flags_unknown_years_as_provisional(api, city_clerk):
    """A count running into 2027 (no notice entered) skips 元旦 and is provisional."""
    body = api.as_user(city_clerk).get(URL, {"start": "2026-12-28", "working_days": "10"}).json()

    assert body["due"] == "2027-01-12"
    assert {"date": "2027-01-01", "name": "元旦"} in body["skipped_holidays"]
    assert body["provisional"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"working_days": "5"}, "start"),
        ({"start": "2026-02-30", "working_days": "5"}, "start"),
        ({"start": "next monday", "days": "5"}, "start"),
        ({"start": "9999-12-31", "days": "5"}, "start"),
        ({"start": "2026-09-24", "working_days": "-1"}, "working_days"),
        ({"start": "2026-09-24", "working_days": "0"}, "working_days"),
        ({"start": "2026-09-24", "working_days": "abc"}, "working_days"),
        ({"start": "2026-09-24", "working_days": ""}, "working_days"),
        ({"start": "", "days": "5"}, "start"),
        ({"start": "2026-09-24", "days": "1.5"}, "days"),
        ({"start": "2026-09-24", "days": "3651"}, "days"),
        ({"start": "2026-09-24", "days": "9" * 40}, "days"),
        ({"start": "2026-09-24", "months": "121"}, "months"),
        ({"start": "2026-09-24"}, "non_field_errors"),
        ({"start": "2026-09-24", "days": "5", "working_days": "5"}, "non_field_errors"),
    ],
)
def test_calculator_rejects_bad_parameters_with_field_errors(api, city_clerk, params, field):
    """Missing, malformed, negative, zero, huge or conflicting parameters give 400 with field errors."""
    response = api.as_user(city_clerk).get(URL, params)

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_calculator_requires_a_signed_in_user(api):
    """The calculator is for staff: anonymous callers are refused."""
    response = api.get(URL, {"start": "2026-09-24", "working_days": "5"})

    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_calendar_admin_lists_render_with_year_filter(client):
    """The CalendarDay list (filtered by year) and the notice list render for an administrator."""
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    CalendarDay.objects.create(date=d("2027-02-06"), is_workday=False, name="春节")
    CalendarDay.objects.create(date=d("2026-12-01"), is_workday=False, name="地方假日")
    HolidayNotice.objects.create(year=2027, number="国办发明电〔2026〕X号", note="国务院办公厅通知")

    days = client.get(reverse("admin:calendar_calendarday_changelist"), {"year": "2027"})
    years = client.get(reverse("admin:calendar_holidaynotice_changelist"))

    assert days.status_code == 200
    assert "春节" in days.content.decode()
    assert "地方假日" not in days.content.decode()
    assert years.status_code == 200
    assert "国办发明电〔2026〕X号" in years.content.decode()
