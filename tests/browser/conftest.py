"""Browser tests: Playwright (the pip package) driving Debian's Chromium against pytest-django's
live server. Playwright's own browser download does not work here, so the system binary is used:
missing, these tests skip locally and fail in CI (CI=true)."""

import os

import pytest

from tests.services import wait_for_other_sessions_to_end

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


def _chromium_available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


@pytest.fixture
def chromium(monkeypatch):
    """One browser per test, started after the test database is ready and stopped before it is
    flushed.

    The Playwright sync API keeps an event loop running in the test thread while it is started.
    Django then (1) refuses ORM calls from that thread as "async unsafe" unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set (they are synchronous here, so it is set, for the test only),
    and (2) hands out a different connection object inside the loop, one without the
    serialized reference data that serialized_rollback restores. A browser kept across tests would
    leave the next test's setup in that state, so it lives for one test."""
    if not _chromium_available():
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{message}: browser tests must run in CI.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def site(django_db_setup, live_server, django_db_blocker):
    """pytest-django's live server, stopped before the test database is dropped: its threads'
    connections would otherwise still be open then, and PostgreSQL refuses to drop a database
    in use."""
    yield live_server
    # Only the thread: pytest-django's own teardown calls stop(), which also gives back the
    # SQLite connection the thread shared, and must do that once.
    live_server.thread.terminate()
    with django_db_blocker.unblock():
        wait_for_other_sessions_to_end()


@pytest.fixture
def open_page(chromium, site):
    """Opens a page in a fresh browser context (own cookies: one per person); `viewport` defaults
    to a desktop window. Relative URLs resolve against the live server."""
    contexts = []

    def open_(viewport=None):
        context = chromium.new_context(
            base_url=site.url, viewport=viewport or DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(open_page):
    """A desktop page of an anonymous visitor."""
    return open_page()
