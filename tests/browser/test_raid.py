"""End to end in Chromium on a phone-sized screen: an enforcement officer on site logs a raid with a
second officer, the phone's location and a photo, and sees the saved raid with the photo's SHA-256."""

import hashlib
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from enforcement.models import Inspection

from ..enforcement_factories import bureau, penalty_case_until
from ..factories import CITY
from ..uploads import png_bytes
from .conftest import PHONE

# serialized_rollback: the reference data (jurisdictions, departments) comes from a data migration,
# which the flush after each transactional test would otherwise remove.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# 晋城市城区凤台东街, as the phone reports it.
POSITION = {"latitude": 35.4907, "longitude": 112.8512, "accuracy": 15}


def test_an_officer_logs_a_raid_with_a_second_officer_and_a_photo_from_a_phone(open_page):
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city)
    officer, second = city.officers[0], city.officers[1]
    photo = png_bytes(8, 8)

    page = open_page(PHONE)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(POSITION)
    page.goto("/login/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto(case.get_absolute_url())
    expect(page.get_by_role("heading", name=str(case))).to_be_visible()
    expect(page.locator(".head-meta").get_by_text("调查取证")).to_be_visible()

    page.locator("a[data-object-link]", has_text="现场检查").click()
    expect(page.get_by_role("heading", name="记录现场检查")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save = page.get_by_role("button", name="保存现场检查记录")
    for control in (page.locator("#f-place"), page.locator(".option").first, page.locator(".capture"), save):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44

    page.fill("#f-place", "晋城市城区凤台东街眼镜市场12号商铺后仓")
    page.get_by_role("button", name="使用我的位置").click()
    expect(page.locator("[data-locate-status]")).to_contain_text("已定位")
    expect(page.locator(f'input[name="officers"][value="{officer.pk}"]')).to_be_checked()
    page.locator(f'input[name="officers"][value="{second.pk}"]').check()
    page.locator("#f-certificates-shown").check()
    page.get_by_role("button", name="添加在场人员").click()
    rows = page.locator("[data-person-row]")
    expect(rows).to_have_count(3)
    rows.nth(0).get_by_label("姓名").fill("王五")
    rows.nth(0).locator("select[name$='-role']").select_option("principal")
    rows.nth(1).get_by_label("姓名").fill("赵六")
    rows.nth(1).locator("select[name$='-role']").select_option("witness")
    page.fill("#f-findings", "后仓堆放标有“丹河”商标的树脂镜片约1,200副，无进货票据。")
    page.get_by_label("当事人（在场人员）签字确认").check()
    page.set_input_files("#f-photos", files=[{"name": "后仓.png", "mimeType": "image/png", "buffer": photo}])
    expect(page.locator("[data-photo-preview] li")).to_have_count(1)
    save.click()

    expect(page.get_by_role("heading", name="现场检查记录")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/enforcement/cases/{case.pk}/raid/\d+/$"))
    expect(page.locator("[data-sha256]")).to_have_text(hashlib.sha256(photo).hexdigest())
    expect(page.get_by_text(second.certificate_number)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    inspection = Inspection.objects.get(case=case)
    assert [link.officer_id for link in inspection.officer_links.all()] == [officer.pk, second.pk]
    assert float(inspection.latitude) == POSITION["latitude"] and inspection.location_accuracy == 15
    assert [p.name for p in inspection.persons.all()] == ["王五", "赵六"]
    evidence = inspection.evidence.get()
    assert evidence.attachment.sha256 == hashlib.sha256(photo).hexdigest() and evidence.taken_at is not None
