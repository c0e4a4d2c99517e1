"""In Chromium, walked as a branch-centre clerk would: from the mediation list to 导入历史案件, the
blank sheet downloaded, a sheet with one bad row rejected with that row listed and nothing
imported, the corrected sheet imported, and the imported case opened from the report in the state
its row gave."""

import io

import pytest
from django.conf import settings
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from cases.models import MediationCase
from cases.services.mediation_import import MEDIATION_COLUMNS

from ..test_case_imports import _mediation, clerk  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sheet(rows: list[dict]) -> dict:
    headers = [column.header for column in MEDIATION_COLUMNS]
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        "name": "历史调解案件.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def test_a_clerk_imports_historical_mediations_after_fixing_the_row_the_page_named(open_page, clerk):  # noqa: F811
    page = open_page()
    page.goto("/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto("/w/mediation/")
    page.get_by_role("link", name="导入历史案件").click()
    expect(page.get_by_role("heading", name="导入历史调解案件", level=1)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载空白表格").click()
    with open(download.value.path(), "rb") as handle:
        headers = next(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert [h for h in headers if h] == [column.header for column in MEDIATION_COLUMNS]

    good, bad = _mediation(1), _mediation(2, **{"状态": "达成调解协议", "调解协议生效日期": ""})
    page.set_input_files("#f-file", _sheet([good, bad]))
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator("[data-import-errors]")
    expect(errors).to_contain_text("第 3 行")
    expect(errors).not_to_contain_text("第 2 行")
    expect(page.get_by_role("heading", name="表格有误，未导入任何数据")).to_be_visible()
    assert not MediationCase.objects.exists()

    page.set_input_files("#f-file", _sheet([good, _mediation(2)]))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("[data-created]")).to_have_text("2")
    assert MediationCase.objects.count() == 2
    page.locator("#import-report a").first.click()
    expect(page.get_by_text("达成调解协议").first).to_be_visible()
    expect(page.get_by_text("导入历史案件").first).to_be_visible()
