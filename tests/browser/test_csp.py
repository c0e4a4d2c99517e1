"""In Chromium, offline (every request outside the application is refused): /api/docs/ renders
Swagger UI from our own static files, and it, the staff UI, the public portal and the admin work
under the Content-Security-Policy without a single violation."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casemgmt.org.models import Role

from ..factories import CITY, UserFactory, assistance_request, jurisdiction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def offline_page(open_page, site):
    """A page that can reach the application only, and reports every CSP violation it meets."""
    page = open_page()
    outside, console = [], []
    page.add_init_script(RECORD_VIOLATIONS)

    def route(route):
        if route.request.url.startswith(site.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: console.append(message.text))
    page.outside_requests = outside
    page.csp_console = lambda: [text for text in console if "Content Security Policy" in text]
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.csp_console()


def test_the_api_docs_render_offline_without_csp_violations(offline_page):
    page = offline_page
    page.goto("/api/docs/")
    # The page fetches the schema, generated on the first request: seconds on a busy 2-core machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("casemgmt API", timeout=60_000)
    # Every tag of our schema is loaded (the list itself is virtual: only the visible part is drawn).
    assert page.evaluate("ui.specSelectors.taggedOperations().size") >= 20
    first = page.locator(".opblock-summary-control").first
    expect(first).to_be_visible()
    first.click()  # an operation opens: Swagger UI's own scripts and styles work
    expect(page.locator(".opblock-body").first).to_be_visible()
    expect(page.locator(".opblock-body .responses-wrapper").first).to_be_visible()
    assert page.outside_requests == []
    assert violations(page) == []


def sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("load")
    assert "/login/" not in page.url


def test_staff_ui_public_portal_and_admin_work_under_the_policy(offline_page):
    page = offline_page
    request = assistance_request()
    head = UserFactory(
        role=Role.CENTRE_HEAD, jurisdiction=jurisdiction(CITY), is_staff=True, is_superuser=True, username="head"
    )
    sign_in(page, head)
    for path in (
        "/",
        "/deadlines/",
        "/workflows/",
        "/w/assistance_request/",
        f"/w/assistance_request/{request.pk}/",
        "/search/?q=专利",
        "/admin/",
        "/admin/cases/assistancerequest/",
        "/public/",
        "/public/apply/",
        "/public/credit-list/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
    assert page.outside_requests == []
    assert violations(page) == []
