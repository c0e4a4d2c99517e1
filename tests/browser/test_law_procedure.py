"""End to end in Chromium: the head files a clue whose violation is more than two years old and is
told why it cannot be filed, then files it with the right date; the head decides a case on the
structured form (no typed decision text) and prints a decision with the remedy notice; the
public reads a changed decision's publication marked as corrected."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from casemgmt.workflow.services import fire_transition
from enforcement.publication import penalty_decision_revoke

from ..enforcement_factories import advance, bureau, penalty_case_until, penalty_clue
from ..factories import CITY
from ..publication_factories import published_case

# serialized_rollback: the reference data (jurisdictions, departments) comes from a data migration,
# which the flush after each transactional test would otherwise remove.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_the_head_is_told_a_time_barred_clue_cannot_be_filed_then_files_it_with_the_right_date(open_page):
    city = bureau(CITY)
    case = advance(penalty_clue(jurisdiction_code=city.code, violation_on=None), city, "start_verification")
    today = timezone.localdate()
    page = open_page()
    sign_in(page, city.head)
    page.goto(case.get_absolute_url())
    page.locator('a[data-transition="file_case"]').click()
    page.select_option("#f-officers", [str(o.pk) for o in city.officers[:2]])
    page.fill("#f-violation_on", (today - dt.timedelta(days=800)).isoformat())
    page.get_by_role("button", name="确认立案").click()
    expect(page.get_by_text(re.compile("违法行为在二年内未被发现的，不再给予行政处罚"))).to_be_visible()

    page.fill("#f-violation_on", (today - dt.timedelta(days=100)).isoformat())
    page.get_by_role("button", name="确认立案").click()
    expect(page.get_by_text(re.compile("已完成“立案”"))).to_be_visible()
    case.refresh_from_db()
    assert case.state == "filed" and case.violation_on == today - dt.timedelta(days=100)


def test_the_head_decides_on_the_structured_form_and_the_decision_tells_where_to_appeal(open_page):
    city = bureau(CITY)
    case = penalty_case_until("record_statement", city)
    page = open_page()
    sign_in(page, city.head)
    page.goto(f"/w/enforcement_case/{case.pk}/transition/decide/")
    page.select_option("#f-outcome", "penalty")
    page.fill("#f-violation_type", "销售侵犯注册商标专用权的商品")
    page.fill("#f-legal_basis", "《中华人民共和国商标法》第六十条第二款")
    page.fill("#f-fine_amount", "50000")
    page.fill("#f-facts", "当事人销售假冒“丹河”注册商标的树脂镜片，违法经营额80,000.00元。")
    page.fill("#f-evidence", "询问笔录\n权利人鉴定意见")
    page.get_by_role("button", name="确认作出决定").click()
    expect(page.get_by_text(re.compile("已完成“作出决定”"))).to_be_visible()
    case.refresh_from_db()
    document = case.penalty_decision.document
    page.goto(f"/documents/{document.pk}/")
    expect(page.get_by_text(re.compile("60日内向晋城市人民政府申请行政复议"))).to_be_visible()
    expect(page.get_by_text(re.compile("六个月内直接向晋城市城区人民法院提起行政诉讼"))).to_be_visible()
    expect(page.locator("[data-seal]")).to_contain_text("晋城市市场监督管理局印章")


def test_the_public_reads_a_changed_decision_marked_as_corrected(open_page):
    city = bureau(CITY)
    decided = published_case(city)
    changed = decided.decision.decision_text.replace("50,000.00", "30,000.00")
    penalty_decision_revoke(
        decided.decision, reason="行政复议决定变更罚款数额", actor=city.head, ground="changed", changed_text=changed
    )
    fire_transition(decided.publication, "correct", actor=city.reviewer, reason="按变更后的决定更新公示")
    page = open_page()
    page.goto(f"/public/penalties/{decided.publication.pk}/")
    expect(page.locator("[data-corrected]")).to_contain_text("依法变更")
    expect(page.locator("[data-corrected]")).to_contain_text("更正为变更后的决定")
    expect(page.locator("[data-published-text]")).to_contain_text("罚款人民币30,000.00元")
