"""End to end in Chromium: a credit officer proposes the party of a penalty decision for the
serious-dishonesty list, serves the notice and records the party's waiver (and, with the setting
on, the level above's consent); the bureau's head decides the listing; the officer publishes it;
a member of the public then finds the entry on the public list on a phone."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from creditlist import rules
from creditlist.models import CreditEntry

from ..creditlist_factories import credit_bureau
from ..factories import CITY
from ..publication_factories import decided_case
from .conftest import PHONE

# serialized_rollback: the reference data (jurisdictions, departments, the grounds and measures)
# comes from data migrations, which the flush after each transactional test would otherwise remove.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(open_page, user):
    page = open_page()
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def fire(page, entry_url: str, transition: str, label: str, state_label: str, **fields) -> None:
    page.goto(entry_url)
    page.locator(f'a[data-transition="{transition}"]').click()
    expect(page.get_by_role("heading", name=label, level=1)).to_be_visible()
    for name, value in fields.items():
        page.fill(f"#f-{name}", value)
    page.get_by_role("button", name=f"确认{label}").click()
    expect(page.locator(".head-meta").get_by_text(state_label, exact=True)).to_be_visible()


def test_a_proposal_goes_through_notice_listing_and_publication_onto_the_public_list(open_page):
    city = credit_bureau(CITY)
    decided = decided_case(city.staff)
    party_name = decided.party["name"]

    officer = sign_in(open_page, city.credit)
    officer.get_by_role("navigation", name="主导航").get_by_role("link", name="提出列入建议").click()
    expect(officer.get_by_role("heading", name="提出列入建议", level=1)).to_be_visible()
    officer.fill("#f-q", party_name)
    officer.get_by_role("button", name="查找").click()
    officer.locator(f'input[data-pick-decision="{decided.decision.pk}"]').check()
    officer.select_option("#f-ground", "refusal_to_perform")
    officer.fill("#f-matched-rule", "当事人有履行能力，逾期不缴纳罚款，经催告仍不履行。")
    officer.fill("#f-facts", "罚款五万元至今未缴纳。")
    officer.get_by_role("button", name="提出列入建议").click()

    expect(officer.locator(".head-meta").get_by_text("拟列入", exact=True)).to_be_visible()
    entry = CreditEntry.objects.get(penalty_decision=decided.decision)
    entry_url = re.sub(r"^https?://[^/]+", "", officer.url)
    assert entry_url == entry.get_absolute_url()
    panel = officer.locator('[data-object-panel="credit-entry"]')
    expect(panel.locator("[data-ground]")).to_have_text("有履行能力但拒不履行、逃避执行行政处罚决定")
    expect(panel.locator("[data-matched-rule]")).to_contain_text("经催告仍不履行")

    fire(officer, entry_url, "notify", "送达列入告知书", "已告知（陈述申辩期）")
    fire(officer, entry_url, "record_waiver", "登记当事人放弃陈述申辩和听证", "已告知（陈述申辩期）")
    if rules.consent_required(entry):
        fire(officer, entry_url, "submit_for_consent", "报请上一级同意", "报上一级同意中")
        fire(
            officer,
            entry_url,
            "record_consent",
            "登记上一级同意",
            "上一级已同意",
            **{"consent_reference": "晋市监信函〔2026〕7号"},
        )

    head = sign_in(open_page, city.head)
    fire(head, entry_url, "list", "作出列入决定", "已列入")
    number = CreditEntry.objects.get(pk=entry.pk).listing_number
    expect(head.locator("[data-listing-document]")).to_have_text(number)

    fire(officer, entry_url, "publish", "公示", "已公示")

    public = open_page(PHONE)
    public.goto("/public/")
    public.get_by_role("link", name=re.compile("严重违法失信名单公示")).click()
    expect(public).to_have_url(re.compile(r"/public/credit-list/$"))
    public.fill("#f-q", decided.party["credit_code"])
    public.get_by_role("button", name="查询").click()
    expect(public.get_by_role("heading", name=re.compile(r"查询结果：共 1 条"))).to_be_visible()
    public.get_by_role("link", name=party_name).click()
    expect(public.get_by_role("heading", name=party_name, level=1)).to_be_visible()
    expect(public.locator("[data-listing-number]")).to_have_text(number)
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
