"""End to end in Chromium, the staff create and edit screens (issue 14 item 1): a clerk registers a
walk-in application with a new party and a file (kept over a mistake in another field), the
centre head accepts it; an officer registers a clue and starts verifying it, the bureau's head
files the case; a clerk registers a mediation case and, once accepted, the mediator schedules a
session and a clashing one is refused with its reason."""

import datetime as dt
import random

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from casemgmt.files.models import Attachment
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from cases.models import AssistanceRequest, MediationCase, MediationSession
from enforcement.models import EnforcementCase

from .. import enforcement_factories as ef
from .. import mediation_factories as mf
from ..factories import CITY, UserFactory, jurisdiction
from ..uploads import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(open_page, user):
    page = open_page()
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def fire(page, name: str, reason: str = "", **fields):
    page.locator(f'a[data-transition="{name}"]').click()
    for selector, value in fields.items():
        page.locator(selector).fill(value) if not isinstance(value, list) else page.locator(selector).select_option(
            value
        )
    if reason:
        page.locator("#f-reason").fill(reason)
    page.locator(".form-card button[type=submit]").click()


def new_party(page, slot: str, name: str, code: str):
    page.locator(f'[data-party-field="{slot}"] input[data-party-new]').check()
    page.select_option(f"#f-{slot}-kind", "organization")
    page.fill(f"#f-{slot}-name", name)
    page.fill(f"#f-{slot}-credit-code", code)


def test_a_clerk_registers_a_walk_in_application_with_a_new_party_and_a_file_and_the_head_accepts(open_page, tmp_path):
    place = jurisdiction(CITY)
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=place)
    head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=place)
    proof = tmp_path / "专利证书.png"
    proof.write_bytes(png_bytes())
    rng = random.Random(14)

    page = log_in(open_page, clerk)
    page.goto("/w/assistance_request/")
    page.locator("[data-object-create]").click()
    expect(page.get_by_role("heading", name="登记维权援助申请")).to_be_visible()
    new_party(page, "applicant", "晋城市浏览器窗口申请有限公司", make_credit_code(rng, "140502"))
    new_party(page, "respondent", "晋城市浏览器仿冒测试有限公司", make_credit_code(rng, "140502"))
    page.fill("#f-contact_phone", "13903561234")
    page.select_option("#f-ip_type", "patent")
    page.select_option("#f-assistance_type", "assessment_opinion")
    page.fill("#f-facts", "被申请人销售与申请人外观设计专利相同的产品。")
    page.set_input_files("#f-attachments", str(proof))
    page.locator("[data-submit]").click()  # the title is missing: the page comes back

    expect(page.locator("#field-title .field-error")).to_be_visible()
    expect(page.locator("[data-staged-files]")).to_contain_text("专利证书.png")
    assert not AssistanceRequest.objects.exists()
    page.fill("#f-title", "外观设计专利被仿制")
    page.locator("[data-submit]").click()

    expect(page.get_by_role("heading", name="外观设计专利被仿制")).to_be_visible()
    request = AssistanceRequest.objects.get()
    assert request.channel == "counter" and request.respondent.name == "晋城市浏览器仿冒测试有限公司"
    assert [a.original_name for a in Attachment.objects.all()] == ["专利证书.png"]
    expect(page.get_by_text("专利证书.png")).to_be_visible()

    page = log_in(open_page, head)
    page.goto(request.get_absolute_url())
    fire(page, "accept", "对方当事人明确，属于援助范围")
    expect(page.locator(".state-badge, .badge").first).to_contain_text("已受理")
    request.refresh_from_db()
    assert request.state == "accepted"


def test_an_officer_registers_a_clue_and_the_head_files_the_case(open_page):
    city = ef.bureau(CITY)
    officer, second = city.officers[0], city.officers[1]
    rng = random.Random(15)

    page = log_in(open_page, officer)
    page.goto("/w/enforcement_case/")
    page.locator("[data-object-create]").click()
    page.select_option("#f-kind", "trademark_infringement")
    page.select_option("#f-clue_source", "complaint")
    page.fill("#f-received_on", timezone.localdate().isoformat())
    page.fill("#f-title", "销售假冒“丹河”注册商标的树脂镜片")
    new_party(page, "respondent", "晋城市浏览器眼镜经营部", make_credit_code(rng, "140502"))
    page.fill("#f-facts", "群众举报凤台东街某店销售假冒商标镜片。")
    page.fill("#f-violation_on", (timezone.localdate() - dt.timedelta(days=10)).isoformat())
    page.locator("[data-submit]").click()

    expect(page.get_by_role("heading", name="销售假冒“丹河”注册商标的树脂镜片")).to_be_visible()
    case = EnforcementCase.objects.get()
    assert case.state == "clue" and case.respondents[0].name == "晋城市浏览器眼镜经营部"
    assert case.violation_on == timezone.localdate() - dt.timedelta(days=10)
    fire(page, "start_verification", "核查举报线索")
    expect(page.locator('a[data-transition="start_verification"]')).to_have_count(0)

    page = log_in(open_page, city.head)
    page.goto(case.get_absolute_url())
    page.locator('a[data-transition="file_case"]').click()
    page.select_option("#f-officers", [str(officer.pk), str(second.pk)])
    page.fill("#f-violation_on", case.violation_on.isoformat())  # the transition form's own pre-fill
    page.locator("#f-reason").fill("经核查，有违法事实，予以立案")
    page.locator(".form-card button[type=submit]").click()
    expect(page.get_by_role("heading", name="销售假冒“丹河”注册商标的树脂镜片")).to_be_visible()
    case.refresh_from_db()
    assert case.state == "filed" and set(case.officers.values_list("pk", flat=True)) == {officer.pk, second.pk}


def test_a_mediation_case_is_registered_and_a_clashing_session_is_refused_with_its_reason(open_page):
    place = jurisdiction(CITY)
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=place)
    head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=place)
    mediator = UserFactory(role=Role.HANDLER, jurisdiction=place)
    rng = random.Random(16)

    # The intake clerk registers the application (DOMAIN §2: the mediator is assigned on acceptance).
    page = log_in(open_page, clerk)
    page.goto("/w/mediation/new/")
    page.select_option("#f-source", "direct")
    new_party(page, "applicant", "晋城市浏览器模具有限公司", make_credit_code(rng, "140502"))
    new_party(page, "respondent", "晋城市浏览器铸造有限公司", make_credit_code(rng, "140502"))
    page.fill("#f-title", "铸造模具实用新型专利侵权纠纷")
    page.select_option("#f-ip_type", "patent")
    page.fill("#f-facts", "申请人认为被申请人使用的模具落入其专利保护范围，申请调解。")
    page.locator("[data-submit]").click()
    expect(page.get_by_role("heading", name="铸造模具实用新型专利侵权纠纷")).to_be_visible()
    case = MediationCase.objects.get()
    # Consent, acceptance and assignment are the workflow's transitions (their own pages, tested elsewhere).
    mf.advance(case, mf.PATHS["accepted"], clerk=clerk, head=head, mediator=mediator)

    page = log_in(open_page, mediator)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="安排调解会议").click()
    start = timezone.localtime(mf.session_times(days_ahead=8)[0])
    page.fill("#f-starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-ends_at", (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-place", "分中心第一调解室")
    page.locator("[data-session-form] button[type=submit]").click()
    expect(page.get_by_text("已安排调解会议")).to_be_visible()

    page.get_by_role("link", name="安排调解会议").click()
    page.fill("#f-starts_at", (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-ends_at", (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-place", "分中心第二调解室")
    page.locator("[data-session-form] button[type=submit]").click()

    expect(page.locator("#field-starts_at .field-error")).to_contain_text("时间冲突")
    assert MediationSession.objects.count() == 1
