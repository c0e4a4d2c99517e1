"""End to end in Chromium on a phone-sized screen: a member of the public finds a published
penalty decision by the party's credit code and reads it with the natural persons' ID numbers
masked; a withdrawn decision is gone from the same search."""

import re

import pytest
from playwright.sync_api import expect

from casemgmt.publication.masking import PLACEHOLDERS
from casemgmt.workflow.services import fire_transition

from ..enforcement_factories import bureau
from ..factories import CITY
from ..publication_factories import published_case
from .conftest import PHONE

# serialized_rollback: the reference data (jurisdictions, departments) comes from a data migration,
# which the flush after each transactional test would otherwise remove.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def search(page, q: str) -> None:
    page.goto("/public/")
    page.get_by_role("link", name="行政处罚信息公示").click()
    expect(page).to_have_url(re.compile(r"/public/penalties/$"))
    page.fill("#f-q", q)
    page.get_by_role("button", name="查询").click()


def test_the_public_finds_the_published_decision_by_credit_code_with_id_numbers_masked(open_page):
    city = bureau(CITY)
    decided = published_case(city)
    code = decided.party["credit_code"]
    number = decided.decision.number_text

    page = open_page(PHONE)
    search(page, code)
    expect(page.get_by_role("heading", name=re.compile(r"查询结果：共 1 条"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name=number).click()

    expect(page.get_by_role("heading", name=number, level=1)).to_be_visible()
    expect(page.locator("[data-credit-code]")).to_have_text(code)
    text = page.locator("[data-published-text]")
    expect(text).to_contain_text(f"身份证号码：{PLACEHOLDERS['id_number']}")
    expect(text).to_contain_text("投诉人赵某")
    html = page.content()
    for secret in (decided.representative_id, decided.complainant["id_number"], decided.complainant["name"]):
        assert secret not in html, secret
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    fire_transition(decided.publication, "withdraw", actor=city.reviewer, payload={"public_reason": "该决定已被撤销。"})
    search(page, code)
    expect(page.get_by_text("没有找到符合条件的公示信息")).to_be_visible()
    page.goto(f"/public/penalties/{decided.publication.pk}/")
    expect(page.get_by_role("heading", name="该行政处罚信息已撤回公示")).to_be_visible()
    expect(page.get_by_text("该决定已被撤销。")).to_be_visible()
