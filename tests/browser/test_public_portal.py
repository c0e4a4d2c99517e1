"""End to end in Chromium: a member of the public applies online and follows the application;
staff find it in their tasks and the centre head accepts it; the form works on a phone screen."""

import random
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casemgmt.files.models import Attachment
from casemgmt.org.models import Jurisdiction, Role
from casemgmt.parties.codes import make_credit_code
from cases.models import AssistanceRequest
from cases.public.services import public_application_submit

from ..factories import CITY, ZEZHOU
from ..identifiers import valid_id_number
from ..uploads import png_bytes
from .conftest import PHONE

# serialized_rollback: the reference data (jurisdictions, departments) comes from a data migration,
# which the flush after each transactional test would otherwise remove.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

_rng = random.Random(20260520)


def look_up(page, tracking_code: str, phone: str) -> None:
    page.goto("/public/status/")
    page.fill("#f-tracking-code", tracking_code)
    page.fill("#f-phone-last4", phone[-4:])
    page.get_by_role("button", name="查询").click()


def test_a_member_of_the_public_applies_with_a_picture_and_sees_the_status(browser_page):
    page = browser_page
    phone = "13903561111"
    page.goto("/public/")
    expect(page.get_by_text("仅供参考").first).to_be_visible()
    page.get_by_role("link", name="网上申请维权援助").click()
    expect(page).to_have_url(re.compile(r"/public/apply/$"))

    page.get_by_label("法人或其他组织").first.check()
    page.fill("#f-applicant-name", "晋城市凤凰光电科技有限公司")
    page.fill("#f-applicant-credit-code", make_credit_code(_rng))
    page.fill("#f-contact-phone", phone)
    page.fill("#f-respondent-name", "某某电子商行有限公司")
    page.fill("#f-respondent-credit-code", make_credit_code(_rng))
    page.fill("#f-title", "激光测距仪外观设计专利被仿制")
    page.select_option("#f-ip-type", "patent")
    page.select_option("#f-assistance-type", "assessment_opinion")
    page.select_option("#f-jurisdiction-code", ZEZHOU)
    page.fill("#f-facts", "我公司的外观设计专利产品被对方仿制并在网店销售。")
    page.set_input_files(
        "#f-attachments", files=[{"name": "侵权产品.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.check("#f-privacy-consent")
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    tracking_code = page.locator("[data-tracking-code]").inner_text().strip()
    request = AssistanceRequest.objects.get(tracking_code=tracking_code)
    assert request.channel == "online"
    assert Attachment.objects.get(object_id=request.pk).original_name == "侵权产品.png"

    page.get_by_role("link", name="查询办理进度").click()
    expect(page.locator("#f-tracking-code")).to_have_value(tracking_code)
    page.fill("#f-phone-last4", phone[-4:])
    page.get_by_role("button", name="查询").click()
    expect(page.locator("[data-state-label]")).to_have_text("已提交")
    expect(page.get_by_text("提交申请", exact=True)).to_be_visible()


def test_staff_find_the_online_application_and_the_centre_head_accepts_it(open_page, make_user):
    phone = "13903562222"
    application = public_application_submit(
        applicant={"kind": "organization", "name": "晋城市泽州光学有限公司", "credit_code": make_credit_code(_rng)},
        respondent={"kind": "organization", "name": "某某贸易有限公司", "credit_code": make_credit_code(_rng)},
        contact_phone=phone,
        jurisdiction=Jurisdiction.objects.get(code=ZEZHOU),
        title="镜片商标被假冒",
        ip_type="trademark",
        assistance_type="enforcement_referral",
        facts="对方在集市销售假冒我公司注册商标的镜片。",
        privacy_consent=True,
    )
    clerk = make_user(Role.INTAKE_CLERK, CITY)
    head = make_user(Role.CENTRE_HEAD, CITY)

    def sign_in(user):
        page = open_page()
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", settings.DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="工作台")).to_be_visible()
        return page

    clerk_page = sign_in(clerk)
    tasks = clerk_page.locator("#tasks")
    tasks.get_by_role("link", name=application.title).click()
    expect(clerk_page.get_by_role("heading", name=application.title)).to_be_visible()
    expect(clerk_page.locator(".head-meta").get_by_text("已提交")).to_be_visible()

    head_page = sign_in(head)
    head_page.get_by_role("navigation", name="主导航").get_by_role("link", name="维权援助申请").click()
    head_page.get_by_role("link", name=application.title).click()
    head_page.locator('a[data-transition="accept"]').click()
    expect(head_page).to_have_url(
        f"{head_page.url.split('/w/')[0]}/w/assistance_request/{application.pk}/transition/accept/"
    )
    head_page.get_by_role("button", name="确认受理").click()
    expect(head_page.locator(".head-meta").get_by_text("已受理")).to_be_visible()

    public_page = open_page()
    look_up(public_page, application.tracking_code, phone)
    expect(public_page.locator("[data-state-label]")).to_have_text("已受理")


def test_the_form_fits_and_works_on_a_phone_screen(open_page):
    page = open_page(PHONE)
    phone = "13903563333"
    page.goto("/public/apply/")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    submit = page.get_by_role("button", name="提交申请")
    for locator in (page.locator("#f-applicant-name"), page.locator("#f-facts"), submit):
        box = locator.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44

    # A person applicant: the ID number field replaces the credit code.
    page.get_by_label("自然人").first.check()
    expect(page.locator("#f-applicant-credit-code")).to_be_hidden()
    expect(page.locator("#f-applicant-id-number")).to_be_visible()
    page.fill("#f-applicant-name", "赵六")
    page.fill("#f-applicant-id-number", valid_id_number(_rng))
    page.fill("#f-contact-phone", phone)
    page.fill("#f-title", "摄影作品被擅自使用")
    page.select_option("#f-ip-type", "copyright")
    page.select_option("#f-assistance-type", "consultation")
    page.select_option("#f-jurisdiction-code", "140502")
    page.fill("#f-facts", "我拍摄的照片被某网站未经许可用于广告。")
    page.check("#f-privacy-consent")
    submit.click()

    code = page.locator("[data-tracking-code]")
    expect(code).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    request = AssistanceRequest.objects.get(tracking_code=code.inner_text().strip())
    assert request.applicant.kind == "person" and request.respondent is None
