"""Years without a holiday notice (issue 12 item 10, DOMAIN §7): the statutory holidays are rest
days in every year (provisional until the notice is entered); the administrator enters the
State Council's notice on one admin page; open deadlines and every copy of a due date move with
it, the handlers are told, and documents that printed a provisional date say so."""

import datetime as dt

import chinese_calendar
import holidays
import pytest
from django.urls import reverse

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.models import Deadline, HolidayNotice
from casemgmt.calendar.workdays import WorkCalendar, day_status, holidays_knows_year, package_knows_year
from casemgmt.documents.models import OfficialDocument
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog

from .calendar_fixtures import (  # noqa: F401
    NOTICE_2027_HOLIDAYS,
    NOTICE_2027_WORKDAYS,
    d,
    fresh_calendar_cache,
    notice_form,
)
from .enforcement_factories import advance, bureau, penalty_case_until
from .factories import CITY, UserFactory

pytestmark = pytest.mark.django_db


def add_url() -> str:
    return reverse("admin:calendar_holidaynotice_add")


def days_of(year: int):
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


@pytest.fixture
def administrator(client):
    user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def enter_2027_notice(client, **changes):
    data = notice_form(
        2027,
        number="国办发明电〔2026〕X号",
        issued_on="2026-11-20",
        holidays=NOTICE_2027_HOLIDAYS,
        workdays=NOTICE_2027_WORKDAYS,
    )
    return client.post(add_url() + "?year=2027", data | changes)


# --- the engine ------------------------------------------------------------------------------


def test_five_working_days_from_2026_12_28_fall_in_2027_and_skip_new_years_day_provisionally():
    result = compute_due(d("2026-12-28"), Rule.WORKING_DAYS, 5)

    assert result.due == d("2027-01-05")
    assert result.provisional
    assert (d("2027-01-01"), "元旦") in {(day.date, day.name) for day in result.skipped}


@pytest.mark.parametrize("year", [2027, 2030, 2031])
def test_every_statutory_holiday_is_a_rest_day_in_a_year_without_a_notice(year):
    """元旦, 春节 (除夕–初三), 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3: 13 holidays, all off, all
    provisional (12 dates in 2031, when 中秋 falls on 1 October)."""
    table = holidays.China(years=year, observed=False)
    names = {"New Year's Day", "Chinese New Year's Eve", "Chinese New Year (Spring Festival)", "Tomb-Sweeping Day"}
    names |= {"Labor Day", "Dragon Boat Festival", "Mid-Autumn Festival", "National Day"}
    statutory = [day for day, name in table.items() if set(name.split("; ")) <= names]
    calendar = WorkCalendar()

    assert sum(len(table[day].split("; ")) for day in statutory) == 13
    for day in statutory:
        status = calendar.day(day)
        assert not status.is_workday and status.provisional, day
    assert all("国庆节" in calendar.day(dt.date(year, 10, n)).name for n in (1, 2, 3))
    assert {calendar.day(dt.date(year, 5, n)).name for n in (1, 2)} == {"劳动节"}


def test_the_working_day_engine_agrees_with_the_holidays_package_on_every_day_of_2024_to_2026():
    calendar = WorkCalendar()
    for year in (2024, 2025, 2026):
        table = holidays.China(years=year)
        differing = [day for day in days_of(year) if calendar.is_workday(day) != table.is_working_day(day)]
        assert differing == [], year
        assert not calendar.is_provisional(year)


# chinesecalendar has 2005-12-31 (a Saturday) as a rest day; the 2006 notice made it a working day
# for 元旦 (1–3 Jan 2006), as `holidays` has it. Years both carry elsewhere agree day by day.
KNOWN_PACKAGE_DIFFERENCES = {d("2005-12-31")}


def test_the_engine_and_holidays_agree_with_chinesecalendar_where_both_packages_have_data():
    years = [y for y in range(2004, 2100) if package_knows_year(y) and holidays_knows_year(y)]
    calendar = WorkCalendar()
    assert years[0] == 2004 and 2026 in years
    for year in years:
        table = holidays.China(years=year)
        for day in days_of(year):
            expected = chinese_calendar.is_workday(day)
            assert calendar.is_workday(day) == expected, day
            if day not in KNOWN_PACKAGE_DIFFERENCES:
                assert table.is_working_day(day) == expected, day


# --- the notice in the admin, and what follows ----------------------------------------------


def test_the_add_page_offers_the_next_year_with_its_statutory_holidays_filled_in(client, administrator):
    """/add/ goes to the first year no package or notice covers (2027 here), its statutory
    holidays already in the rows; the administrator widens them to the notice's dates."""
    response = client.get(add_url())
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")

    page = client.get(response["Location"]).content.decode()
    assert 'value="2027"' in page
    assert 'name="holidays-1-name" value="春节"' in page and 'value="2027/02/05"' in page
    assert 'value="2027/10/03"' in page and "调休上班日" in page


def test_entering_the_2027_notice_moves_statement_due_and_the_deadline_row(client, clock, administrator):
    """Two parties are given prior notice: on 2026-12-28 (window ends 2027-01-05 either way) and
    on 2027-02-03 (provisionally 02-12, after 除夕–初三; under the notice's 9-day 春节 02-18). The
    notice settles the first and moves the second: the case's statement_due and its deadline row
    together, with a history row and a message to the handler; correcting the notice moves it again."""
    city = bureau(CITY)
    clock("2026-12-28 09:00")
    settled = penalty_case_until("notify", city)
    clock("2027-02-03 09:00")
    moved = penalty_case_until("notify", city)
    assert (settled.statement_due, moved.statement_due) == (d("2027-01-05"), d("2027-02-12"))
    notice_html = OfficialDocument.objects.get(object_id=moved.pk, kind="penalty_prior_notice").html
    assert "2027年2月12日" in notice_html and "暂定" in notice_html
    clock("2026-12-06 10:00")

    response = enter_2027_notice(client)

    assert response.status_code == 302, response.content.decode()
    settled.refresh_from_db()
    moved.refresh_from_db()
    window = Deadline.objects.get(object_id=moved.pk, kind="statement_window")
    assert (moved.statement_due, window.due, window.provisional) == (d("2027-02-18"), d("2027-02-18"), False)
    first = Deadline.objects.get(object_id=settled.pk, kind="statement_window")
    assert (settled.statement_due, first.due, first.provisional) == (d("2027-01-05"), d("2027-01-05"), False)
    log = TransitionLog.objects.get(object_id=moved.pk, transition="deadline_recomputed")
    assert log.changes[0]["new"] == "2027-02-18" and "国办发明电〔2026〕X号" in log.system_rule
    told = Notification.objects.filter(title__startswith="期限届满日变更")
    assert {n.recipient for n in told} == {moved.lead_officer}
    statement = told.get(title__contains="陈述")
    assert "2027-02-12" in statement.body and "2027-02-18" in statement.body

    notice = HolidayNotice.objects.get(year=2027)
    spring = notice.holidays.get(name="春节")
    spring.last = d("2027-02-11")  # as if the notice had been entered wrong and corrected
    spring.save()
    notice.workdays.filter(date=d("2027-02-20")).delete()
    change = client.get(reverse("admin:calendar_holidaynotice_change", args=[notice.pk]))
    assert change.status_code == 200 and "2027/02/11" in change.content.decode()
    moved.refresh_from_db()
    assert moved.statement_due == d("2027-02-18")  # rows changed outside the admin: no recompute yet

    data = change_form(notice)
    assert client.post(reverse("admin:calendar_holidaynotice_change", args=[notice.pk]), data).status_code == 302
    moved.refresh_from_db()
    assert moved.statement_due == Deadline.objects.get(object_id=moved.pk, kind="statement_window").due
    assert moved.statement_due == d("2027-02-17")


def change_form(notice) -> dict:
    """POST data re-saving a notice's admin page as it is stored."""
    data = {"year": str(notice.year), "number": notice.number, "issued_on": f"{notice.issued_on}", "note": ""}
    for prefix, rows, fields in (
        ("holidays", list(notice.holidays.all()), ("name", "first", "last")),
        ("workdays", list(notice.workdays.all()), ("date", "name")),
    ):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = str(row.pk)
            data[f"{prefix}-{index}-notice"] = str(notice.pk)
            data |= {f"{prefix}-{index}-{field}": f"{getattr(row, field)}" for field in fields}
    return data


def test_a_decisions_payment_due_follows_the_notice(client, clock, administrator):
    """Served 2027-01-25, the fine is due 15 days later: 02-09, a working day provisionally;
    under the notice 02-09 is 春节, so the due date moves to the next working day, 02-15."""
    city = bureau(CITY)
    clock("2027-01-05 09:00")
    case = penalty_case_until("decide", city)
    clock("2027-01-25 09:00")
    case = advance(case, city, "serve")
    decision = case.penalty_decision
    assert decision.payment_due == d("2027-02-09")
    clock("2026-12-06 10:00")

    assert enter_2027_notice(client).status_code == 302

    decision.refresh_from_db()
    payment = Deadline.objects.get(object_id=case.pk, kind="payment")
    assert decision.payment_due == payment.due == d("2027-02-15")


def test_the_court_enforcement_window_moves_with_the_lawsuit_period_the_notice_moved(client, clock, administrator):
    """Served 2026-08-10 with the fine unpaid: the lawsuit period ends 2027-02-10, provisionally a
    working day, and the three months for applying to the court count from then. Under the notice
    02-10 is 春节, the lawsuit period ends on the next working day, and the court window counts
    from that day (《行政强制法》第五十三条), not from the provisional one."""
    city = bureau(CITY)
    clock("2026-08-03 09:00")
    case = penalty_case_until("decide", city)
    clock("2026-08-10 09:00")
    case = advance(case, city, "serve")
    court = Deadline.objects.get(object_id=case.pk, kind="court_enforcement_application")
    assert (case.lawsuit_due, court.start) == (d("2027-02-10"), d("2027-02-10"))
    provisional_due = court.due
    clock("2026-12-06 10:00")

    assert enter_2027_notice(client).status_code == 302

    case.refresh_from_db()
    court.refresh_from_db()
    lawsuit = Deadline.objects.get(object_id=case.pk, kind="lawsuit_period")
    assert case.lawsuit_due == lawsuit.due == d("2027-02-15")
    assert court.start == d("2027-02-15")
    assert court.due == compute_due(d("2027-02-15"), Rule.MONTHS, 3, calendar=WorkCalendar()).due != provisional_due
    told = Notification.objects.get(title__startswith="期限届满日变更", title__contains="强制执行")
    assert told.recipient == case.lead_officer and court.due_text in told.body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"holidays-2-last": "2027-04-04"}, "2027-04-05 清明节"),  # 清明 itself left out
        ({"workdays-0-date": "2027-02-22"}, "本来就是工作日"),  # a Monday
        ({"workdays-0-date": "2027-02-06"}, "法定节假日"),  # 春节 初一
        ({"workdays-0-date": "2027-02-13"}, "已列入放假安排"),
        ({"holidays-6-last": "2027-09-30"}, "结束日不能早于起始日"),
        ({"holidays-2-first": "2027-02-10", "holidays-2-last": "2027-02-12"}, "与“春节”的放假日期重叠"),
        ({"holidays-0-first": "2026-11-28", "holidays-0-last": "2026-11-30"}, "2026-12-01 至 2027-12-31"),
        ({"number": ""}, "该字段是必填项"),
    ],
)
def test_a_notice_that_contradicts_the_law_or_itself_is_refused_and_changes_nothing(
    client, administrator, changes, message
):
    response = enter_2027_notice(client, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HolidayNotice.objects.exists()
    assert day_status(d("2027-03-01")).provisional
