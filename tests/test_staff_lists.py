"""The staff lists people work from (issue 14 item 3): the generic list of every workflow type shows
the next open deadline (overdue and due-soon marked), the person handling the case, the parties and
the state; sorts by any column in the database (stable across pages); shows state chips only for
states that have cases; exports exactly the filtered, sorted rows as .xlsx (masked by role, scoped
by county); and offers the saved filters 我的逾期 and 本周到期. The supervision lists export too."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.models import Deadline
from casemgmt.calendar.services import deadline_open
from casemgmt.org.models import Role
from casemgmt.web import case_lists
from cases.models import AssistanceRequest

from .factories import CITY, ZEZHOU, UserFactory, assistance_request, jurisdiction

LIST = "/w/assistance_request/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A Wednesday: "this week" runs to Sunday 13 December.
NOW = dt.datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def wednesday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW.date()


def _limit(obj, *, start: dt.date, days: int, label: str, responsible=None):
    return deadline_open(
        obj,
        kind=f"test_{label}",
        label=label,
        start=start,
        rule=Rule.CALENDAR_DAYS,
        amount=days,
        responsible=responsible,
    )


@pytest.fixture
def desk(db, wednesday):
    """A clerk and a handler of the city, and three requests: one with an overdue limit the
    handler answers for, one due this week, one whose next limit is the acceptance limit."""
    clerk = UserFactory(role=Role.INTAKE_CLERK)
    handler = UserFactory(role=Role.HANDLER, full_name="王承办")
    overdue = assistance_request(title="逾期的申请")
    _limit(overdue, start=wednesday - dt.timedelta(days=20), days=5, label="补正期限", responsible=handler)
    this_week = assistance_request(title="本周到期的申请")
    _limit(this_week, start=wednesday - dt.timedelta(days=1), days=2, label="答复期限")
    later = assistance_request(title="不急的申请")
    AssistanceRequest.objects.filter(pk=later.pk).update(handler=handler)
    return {"clerk": clerk, "handler": handler, "overdue": overdue, "this_week": this_week, "later": later}


def _titles(response) -> list[str]:
    return [obj.title for obj in (row.obj for row in response.context["page"].object_list)]


def _sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_list_shows_next_deadline_marked_by_urgency_assignee_parties_and_state(client, desk):
    client.force_login(desk["clerk"])
    response = client.get(LIST)
    html = response.content.decode()
    headers = [c.label for c in response.context["columns"]]
    assert headers == ["编号/标题", "状态", "下一期限", "承办人", "当事人", "区划", "更新时间"]
    rows = {row.obj.title: row for row in response.context["page"].object_list}
    assert rows["逾期的申请"].deadline.urgency == "overdue"
    assert rows["逾期的申请"].deadline.deadline.label == "补正期限"
    assert rows["本周到期的申请"].deadline.urgency == "due_soon"
    assert rows["不急的申请"].assignee == "王承办"
    applicant = desk["overdue"].applicant.name
    assert f"申请人：{applicant}" in rows["逾期的申请"].parties
    assert f"对方当事人：{desk['overdue'].respondent.name}" in rows["逾期的申请"].parties
    assert 'class="urgency-overdue"' in html and "已逾期" in html and "逾期 15 天" in html
    assert applicant in html and "王承办" in html and str(AssistanceRequest.State.SUBMITTED.label) in html


def test_sorting_by_next_deadline_is_a_database_annotation_with_empty_values_last(client, desk):
    no_limit = assistance_request(title="没有期限的申请")
    Deadline.objects.filter(object_id=no_limit.pk, content_type__model="assistancerequest").update(
        status=Deadline.Status.MET
    )
    queryset = case_lists.annotate(AssistanceRequest.objects.all(), AssistanceRequest)
    assert "next_due" in queryset.query.annotations  # computed by the database, not in Python

    client.force_login(desk["clerk"])
    ascending = _titles(client.get(LIST, {"sort": "deadline"}))
    descending = _titles(client.get(LIST, {"sort": "-deadline"}))
    assert ascending == ["逾期的申请", "本周到期的申请", "不急的申请", "没有期限的申请"]
    assert descending == ["不急的申请", "本周到期的申请", "逾期的申请", "没有期限的申请"]


@pytest.mark.parametrize("sort", ["title", "state", "deadline", "assignee", "parties", "jurisdiction", "updated"])
def test_every_column_sorts_both_ways_and_the_order_is_stable_across_pages(client, desk, monkeypatch, sort):
    from casemgmt.web.views import objects

    for n in range(3):
        assistance_request(title=f"同名申请{n % 2}")
    monkeypatch.setattr(objects, "PAGE_SIZE", 2)
    client.force_login(desk["clerk"])
    for direction in (sort, f"-{sort}"):
        whole = []
        for page in (1, 2, 3):
            response = client.get(LIST, {"sort": direction, "page": page})
            assert response.status_code == 200
            assert response.context["sort"] == direction
            whole += [row.obj.pk for row in response.context["page"].object_list]
        assert sorted(whole) == sorted(AssistanceRequest.objects.values_list("pk", flat=True))  # none twice, none lost
        again = []
        for page in (1, 2, 3):
            again += [
                row.obj.pk for row in client.get(LIST, {"sort": direction, "page": page}).context["page"].object_list
            ]
        assert again == whole


def test_sort_links_keep_the_filters_and_an_unknown_sort_is_ignored(client, desk):
    client.force_login(desk["clerk"])
    html = client.get(LIST, {"state": "submitted", "sort": "assignee"}).content.decode()
    assert re.search(r'href="\?state=submitted&amp;sort=-assignee"', html)
    for bad in ("password", "--state", "jurisdiction__name", "-"):
        response = client.get(LIST, {"sort": bad})
        assert response.status_code == 200
        assert response.context["sort"] == case_lists.DEFAULT_SORT


def test_state_chips_show_only_states_that_have_cases(client, desk):
    client.force_login(desk["clerk"])
    response = client.get(LIST)
    shown = [key for key, _label, _count in response.context["state_filters"]]
    assert shown == ["submitted"]
    html = response.content.decode()
    assert 'data-state="submitted"' in html and 'data-state="archived"' not in html
    # A state asked for stays visible (as zero) so the chip of the current filter does not vanish.
    chosen = client.get(LIST, {"state": "archived"}).context["state_filters"]
    assert [key for key, _l, _c in chosen] == ["submitted", "archived"]


def test_the_export_holds_exactly_the_filtered_rows_in_the_list_order_all_pages(client, desk, monkeypatch):
    from casemgmt.web.views import objects

    monkeypatch.setattr(objects, "PAGE_SIZE", 1)
    client.force_login(desk["clerk"])
    html = client.get(LIST, {"due": "overdue"}).content.decode()
    assert "导出 Excel" in html and 'href="?due=overdue&amp;format=xlsx"' in html

    rows = _sheet(client.get(LIST, {"sort": "-deadline", "format": "xlsx"}))
    assert rows[0][:6] == ["编号/标题", "状态", "下一期限", "届满", "期限状态", "剩余"]
    titles = [row[0].split(" ", 1)[1] for row in rows[1:]]
    assert titles == ["不急的申请", "本周到期的申请", "逾期的申请"]  # every page, in the list's order

    overdue = _sheet(client.get(LIST, {"due": "overdue", "format": "xlsx"}))
    assert [row[0].split(" ", 1)[1] for row in overdue[1:]] == ["逾期的申请"]
    assert overdue[1][2:5] == ["补正期限", "2026-11-24", "已逾期"]


def test_a_county_users_export_holds_no_row_of_another_county(client, desk):
    assistance_request(title="泽州县的申请", jurisdiction_code=ZEZHOU)
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    client.force_login(county_clerk)
    rows = _sheet(client.get(LIST, {"format": "xlsx"}))
    assert [row[0].split(" ", 1)[1] for row in rows[1:]] == ["泽州县的申请"]
    # Asking for the city's rows by jurisdiction changes nothing: the selector scopes first.
    rows = _sheet(client.get(LIST, {"format": "xlsx", "jurisdiction": CITY}))
    assert [row[0].split(" ", 1)[1] for row in rows[1:]] == ["泽州县的申请"]


def test_the_export_is_masked_for_a_role_that_may_not_see_personal_numbers(client, desk):
    assistance_request(title="申请人手机13903561234")
    client.force_login(desk["clerk"])
    assert any("13903561234" in str(row[0]) for row in _sheet(client.get(LIST, {"format": "xlsx"})))
    client.force_login(UserFactory(role=Role.AUDITOR))
    rows = _sheet(client.get(LIST, {"format": "xlsx"}))
    assert not any("13903561234" in str(cell) for row in rows for cell in row)
    assert any("申请人手机" in str(row[0]) for row in rows)


def test_saved_filter_my_overdue_lists_my_cases_and_limits_i_answer_for_that_are_overdue(client, desk):
    mine_not_overdue = assistance_request(title="我的不逾期申请")
    AssistanceRequest.objects.filter(pk=mine_not_overdue.pk).update(handler=desk["handler"])
    client.force_login(desk["handler"])
    page = client.get(LIST).content.decode()
    assert 'href="?mine=1&amp;due=overdue"' in page and "我的逾期" in page
    assert _titles(client.get(LIST, {"mine": "1", "due": "overdue"})) == ["逾期的申请"]
    # Someone else's view of "my overdue" is empty: the limit names the handler, not them.
    client.force_login(desk["clerk"])
    assert _titles(client.get(LIST, {"mine": "1", "due": "overdue"})) == []


def test_saved_filter_due_this_week_lists_limits_due_from_today_to_sunday(client, desk):
    client.force_login(desk["clerk"])
    page = client.get(LIST).content.decode()
    assert 'href="?due=this_week"' in page and "本周到期" in page
    assert _titles(client.get(LIST, {"due": "this_week"})) == ["本周到期的申请"]
    assert _titles(client.get(LIST, {"due": "overdue"})) == ["逾期的申请"]


def test_filters_combine_and_unknown_values_are_ignored(client, desk):
    client.force_login(desk["clerk"])
    response = client.get(LIST, {"due": "someday", "state": "nonsense", "mine": "1"})
    assert response.status_code == 200
    assert response.context["due"] == "" and response.context["state"] == ""


def _export_url(client, page, params=None) -> str:
    html = client.get(page, params or {}).content.decode()
    match = re.search(r'<a class="btn" href="([^"]+)" data-export>', html)
    assert match, f"{page} has no export button"
    return match.group(1).replace("&amp;", "&")


@pytest.fixture
def supervision(db):
    from .supervision_factories import agency, annual_plan, inspection_item, inspector

    officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    return {
        "officer": officer,
        "agencies": [agency(ZEZHOU, name="泽州县甲代理所"), agency(ZEZHOU, name="泽州县乙代理所")],
        "elsewhere": agency(CITY, name="城区丙代理所"),
        "inspectors": [inspector(jurisdiction_code=ZEZHOU)],
        "items": [inspection_item(name="一般事项甲"), inspection_item(name="重点事项乙", kind="key")],
        "plans": [annual_plan(ZEZHOU, title="泽州县2026年抽查计划"), annual_plan(CITY, title="市局2026年抽查计划")],
    }


@pytest.mark.parametrize(
    "page, api, filters, expected",
    [
        ("/supervision/agencies/", "/api/agencies/", {}, {"泽州县甲代理所", "泽州县乙代理所"}),
        ("/supervision/agencies/", "/api/agencies/", {"q": "甲"}, {"泽州县甲代理所"}),
        ("/supervision/items/", "/api/inspection-items/", {}, {"一般事项甲", "重点事项乙"}),
        ("/supervision/items/", "/api/inspection-items/", {"kind": "key"}, {"重点事项乙"}),
        ("/supervision/plans/", "/api/annual-plans/", {}, {"泽州县2026年抽查计划"}),
    ],
)
def test_every_supervision_list_exports_its_filtered_rows_only(client, supervision, page, api, filters, expected):
    client.force_login(supervision["officer"])
    url = _export_url(client, page, filters)
    assert url.startswith(api) and "format=xlsx" in url
    rows = _sheet(client.get(url))
    names = {cell for row in rows[1:] for cell in row if isinstance(cell, str)}
    assert expected <= names
    every = {
        "泽州县甲代理所",
        "泽州县乙代理所",
        "城区丙代理所",
        "一般事项甲",
        "重点事项乙",
        "泽州县2026年抽查计划",
        "市局2026年抽查计划",
    }
    assert not (every - expected) & names  # nothing filtered out, nothing of another county


def test_the_inspector_list_has_an_export_button_with_its_filters(client, supervision):
    client.force_login(supervision["officer"])
    url = _export_url(client, "/supervision/inspectors/", {"active": "1"})
    assert url.startswith("/api/inspectors/") and "format=xlsx" in url and "active=true" in url
    rows = _sheet(client.get(url))
    assert len(rows) == 1 + len(supervision["inspectors"])


def test_my_deadlines_page_exports_its_rows_in_its_order(client, desk):
    client.force_login(desk["handler"])
    html = client.get("/deadlines/").content.decode()
    assert 'href="?format=xlsx"' in html and "导出 Excel" in html
    rows = _sheet(client.get("/deadlines/", {"format": "xlsx"}))
    assert rows[0][:2] == ["期限", "案件"]
    assert [(row[0], row[5]) for row in rows[1:]] == [("补正期限", "已逾期")]  # only the handler's limit
