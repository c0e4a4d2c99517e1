"""In Chromium, offline: the city's auditor opens the dashboard from the sidebar, reads it drawn
without scripts from elsewhere and without a Content-Security-Policy violation, clicks a number and
lands on the list of exactly those cases; narrowed to one county, the same number lists that
county's cases only; a bar of a chart links to the same list."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casemgmt.org.models import Role

from ..factories import CITY, GAOPING, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .test_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def listed_links(page) -> set[str]:
    return {link.get_attribute("href") for link in page.locator("td.cell-title a").all()}


def test_a_number_on_the_dashboard_opens_the_list_of_exactly_those_cases(open_page, site):
    cases = {
        code: [assistance_request(jurisdiction_code=code, title=f"{code}外观设计被仿制{n}") for n in range(count)]
        for code, count in ((CITY, 2), (ZEZHOU, 3), (GAOPING, 1))
    }
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))

    page = open_page()
    outside = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.goto("/login/")
    page.fill("#id_username", auditor.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="统计看板").click()
    expect(page.get_by_role("heading", name="统计看板", level=1)).to_be_visible()
    expect(page.locator("svg.dash-svg").first).to_be_visible()
    number = page.locator('a[data-figure="assistance-new"]')
    expect(number).to_have_text("6")

    number.click()
    expect(page.get_by_role("heading", name="维权援助申请", level=1)).to_be_visible()
    expect(page.locator("[data-list-filter]")).to_contain_text("新收")
    everyone = {request.get_absolute_url() for county in cases.values() for request in county}
    assert listed_links(page) == everyone

    page.go_back()
    page.select_option("#f-jurisdiction", ZEZHOU)  # submits itself
    expect(page.locator('a[data-figure="assistance-new"]')).to_have_text("3")
    page.locator('a[data-figure="assistance-new"]').click()
    expect(page.locator("[data-list-filter]")).to_contain_text("泽州县")
    assert listed_links(page) == {request.get_absolute_url() for request in cases[ZEZHOU]}

    page.go_back()
    bar = page.locator('svg.dash-svg a[aria-label^="维权援助申请：新收"]')
    bar.click()
    expect(page).to_have_url(re.compile(r"/w/assistance_request/\?dash=new"))
    assert listed_links(page) == {request.get_absolute_url() for request in cases[ZEZHOU]}

    assert outside == []
    assert page.evaluate("window.__cspViolations") == []
