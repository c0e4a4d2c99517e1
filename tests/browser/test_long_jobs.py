"""In Chromium: a county clerk exports a list too large to write at once; the export runs as a
background job whose page polls its progress (casemgmt/job-progress.js, under the CSP) from 0 % to
100 % and then offers the download, which holds the county's rows only."""

import io

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from casemgmt.jobs import outbox
from casemgmt.jobs.models import FileJob
from casemgmt.org.models import Role

from ..factories import GAOPING, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .test_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_large_export_shows_its_progress_reach_100_percent_and_its_download(open_page, settings_override):
    ours = {
        assistance_request(jurisdiction_code=ZEZHOU, title=f"泽州外观设计被仿制{n}").display_title for n in range(3)
    }
    assistance_request(jurisdiction_code=GAOPING, title="高平外观设计被仿制")
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))

    page = open_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto("/w/assistance_request/")
    page.get_by_role("button", name="导出 Excel（后台生成）").click()
    expect(page.get_by_role("heading", name="维权援助申请 Excel 导出", level=1)).to_be_visible()
    expect(page.locator("[data-job-percent]")).to_have_text("0%")  # queued: the relay is held

    settings_override.release()  # the broker takes the task now; the page is polling meanwhile
    expect(page.locator("[data-job-percent]")).to_have_text("100%")
    link = page.get_by_role("link", name="下载（.xlsx）")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == ours
    assert FileJob.objects.get().status == FileJob.Status.DONE
    assert page.evaluate("window.__cspViolations") == []


class HeldRelay:
    """The task outbox's relay held back until `release()`: a request's task stays queued, as with
    a busy worker, so the page is seen before the job has run."""

    def __init__(self, monkeypatch):
        self.held = True
        send_own = outbox._relay_own  # what a commit calls to send the rows it wrote
        monkeypatch.setattr(outbox, "_relay_own", lambda row: None if self.held else send_own(row))

    def release(self):
        self.held = False
        outbox.task_outbox_relay()  # as the beat's relay would: every queued row


@pytest.fixture
def settings_override(settings, monkeypatch):
    settings.LIST_EXPORT_SYNC_MAX_ROWS = 2
    return HeldRelay(monkeypatch)
