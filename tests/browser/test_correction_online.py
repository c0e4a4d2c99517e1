"""End to end in Chromium (issue 14 item 2): an online application without a named respondent
cannot be accepted, and the page says why; the clerk asks for a correction (补正), the applicant
answers it online with the tracking code, the phone's last four digits and a file, and the centre
head then accepts the application in the staff UI."""

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
from ..uploads import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

_rng = random.Random(20261206)


def test_an_applicant_answers_a_correction_online_and_the_head_accepts(open_page, make_user):
    phone = "13903564321"
    application = public_application_submit(
        applicant={"kind": "organization", "name": "晋城市陵川精工有限公司", "credit_code": make_credit_code(_rng)},
        respondent=None,
        contact_phone=phone,
        jurisdiction=Jurisdiction.objects.get(code=ZEZHOU),
        title="轴承商标被假冒",
        ip_type="trademark",
        assistance_type="enforcement_referral",
        facts="集市上有人销售假冒我公司注册商标的轴承，对方名称尚不清楚。",
        privacy_consent=True,
    )
    clerk = make_user(Role.INTAKE_CLERK, CITY)
    head = make_user(Role.CENTRE_HEAD, CITY)
    detail = f"/w/assistance_request/{application.pk}/"

    def sign_in(user):
        page = open_page()
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", settings.DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="工作台")).to_be_visible()
        return page

    # The head sees 受理 disabled, with the reason.
    head_page = sign_in(head)
    head_page.goto(detail)
    blocked = head_page.locator('[data-blocked-transition="accept"]')
    expect(blocked.get_by_role("button", name=re.compile("受理"))).to_be_disabled()
    expect(blocked).to_contain_text("申请未列明明确的对方当事人，不能受理。")

    # The clerk asks for a correction.
    clerk_page = sign_in(clerk)
    clerk_page.goto(detail)
    clerk_page.locator('a[data-transition="request_correction"]').click()
    clerk_page.fill("#f-reason", "请补充对方当事人的名称和统一社会信用代码，并上传相关证明。")
    clerk_page.get_by_role("button", name=re.compile("确认")).click()
    expect(clerk_page.locator(".head-meta").get_by_text("待补正")).to_be_visible()

    # The applicant finds the request on the portal and answers it online.
    public_page = open_page()
    public_page.goto("/public/status/")
    public_page.fill("#f-tracking-code", application.tracking_code)
    public_page.fill("#f-phone-last4", phone[-4:])
    public_page.get_by_role("button", name="查询").click()
    expect(public_page.get_by_text("请补充对方当事人的名称和统一社会信用代码").first).to_be_visible()
    public_page.get_by_role("link", name="在线提交补正").click()
    expect(public_page.locator("#f-tracking-code")).to_have_value(application.tracking_code)
    public_page.fill("#f-phone-last4", phone[-4:])
    public_page.fill("#f-statement", "对方为晋城市某五金商行有限公司，营业执照照片见附件。")
    public_page.fill("#f-respondent-name", "晋城市某五金商行有限公司")
    public_page.fill("#f-respondent-credit-code", make_credit_code(_rng))
    public_page.set_input_files(
        "#f-attachments", files=[{"name": "对方营业执照.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    public_page.get_by_role("button", name="提交补正").click()
    expect(public_page.get_by_role("heading", name="补正已提交")).to_be_visible()
    expect(public_page.locator("[data-state-label]")).to_have_text("已提交")

    application.refresh_from_db()
    assert application.state == AssistanceRequest.State.SUBMITTED
    assert application.respondent.name == "晋城市某五金商行有限公司"
    assert Attachment.objects.filter(object_id=application.pk, original_name="对方营业执照.png").exists()

    # The clerk sees the answer; the head accepts.
    clerk_page.reload()
    expect(clerk_page.get_by_text("申请人网上补正").first).to_be_visible()
    expect(clerk_page.get_by_role("link", name="对方营业执照.png")).to_be_visible()
    expect(clerk_page.locator("[data-parties]")).to_contain_text("晋城市某五金商行有限公司")

    head_page.reload()
    expect(head_page.locator('[data-blocked-transition="accept"]')).to_have_count(0)
    head_page.locator('a[data-transition="accept"]').click()
    head_page.get_by_role("button", name="确认受理").click()
    expect(head_page.locator(".head-meta").get_by_text("已受理")).to_be_visible()
    assert AssistanceRequest.objects.get(pk=application.pk).state == AssistanceRequest.State.ACCEPTED
