"""End to end in Chromium (issue 12 item 10): the administrator enters a year's State Council
holiday notice on its admin page — the year's statutory holidays are already in the rows, the
administrator widens 春节 and 国庆 to the notice's dates and adds a make-up working day — and a
provisional deadline in that year moves and is settled."""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.models import HolidayNotice
from casemgmt.calendar.services import deadline_open
from casemgmt.org.models import Role

from ..calendar_fixtures import d
from ..factories import OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_administrator_enters_the_2027_notice_and_a_provisional_deadline_moves(open_page, tmp_path):
    administrator = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    deadline = deadline_open(
        OrganizationFactory(),
        kind="statement_window",
        label="陈述申辩期限",
        start=d("2027-02-03"),
        rule=Rule.WORKING_DAYS,
        amount=5,
    )
    assert (deadline.due, deadline.provisional) == (d("2027-02-12"), True)

    page = open_page()
    page.goto("/login/")
    page.fill("#id_username", administrator.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto("/admin/calendar/holidaynotice/add/")

    expect(page.locator("#id_year")).to_have_value("2027")
    expect(page.locator("#id_holidays-1-name")).to_have_value("春节")
    page.fill("#id_number", "国办发明电〔2026〕X号")
    page.fill("#id_issued_on", "2026-11-20")
    page.fill("#id_holidays-1-last", "2027-02-13")
    page.fill("#id_holidays-6-last", "2027-10-07")
    page.fill("#id_workdays-0-date", "2027-02-20")
    page.fill("#id_workdays-0-name", "春节调休上班")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.environ["SCREENSHOTS"] + "/holiday_notice_form.png", full_page=True)
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist")).to_contain_text("2027")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.environ["SCREENSHOTS"] + "/holiday_notice_saved.png", full_page=True)
    notice = HolidayNotice.objects.get(year=2027)
    assert notice.entered_by == administrator and notice.workdays.get().date == d("2027-02-20")
    deadline.refresh_from_db()
    assert (deadline.due, deadline.provisional) == (d("2027-02-18"), False)
