"""The applicant answers a correction request (补正) online (issue 14 item 2): with the tracking code
and the phone's last four digits, naming the respondent and attaching files; the application
returns to `submitted` and the centre can accept it. A public application without a respondent is
thereby completed to acceptance through the pages alone."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casemgmt.files.models import Attachment
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .factories import ZEZHOU, assistance_request
from .uploads import png_bytes

pytestmark = pytest.mark.django_db

URL = "/public/correction/"


def valid_credit_code(seed: int) -> str:
    return make_credit_code(random.Random(seed))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def waiting_for_correction(clerk):
    request = assistance_request(respondent=False, jurisdiction_code=ZEZHOU)
    return fire_transition(
        request, "request_correction", actor=clerk, reason="请补充对方当事人的名称和统一社会信用代码。"
    )


def answer(request, **overrides):
    body = {
        "tracking_code": request.tracking_code.lower(),  # typed as the applicant likes
        "phone_last4": request.contact_phone[-4:],
        "statement": "对方为晋城市某光电科技有限公司，地址见营业执照。",
        "respondent.kind": "organization",
        "respondent.name": "晋城市某光电科技有限公司",
        "respondent.credit_code": valid_credit_code(31),
        "attachments": [SimpleUploadedFile("营业执照.png", png_bytes(), content_type="image/png")],
    }
    body.update(overrides)
    return Client().post(URL, body)


def test_the_answer_names_the_respondent_stores_the_files_and_returns_the_request_to_submitted(make_user):
    clerk = make_user(Role.INTAKE_CLERK)
    head = make_user(Role.CENTRE_HEAD)
    request = waiting_for_correction(clerk)

    response = answer(request)

    assert response.status_code == 200 and "补正已提交" in response.content.decode()
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.SUBMITTED
    assert request.respondent.name == "晋城市某光电科技有限公司"
    files = Attachment.objects.filter(object_id=request.pk, description="申请人网上补正材料")
    assert [f.original_name for f in files] == ["营业执照.png"]
    assert Notification.objects.filter(recipient=head, title__contains=request.tracking_code).exists()
    fire_transition(request, "accept", actor=head)
    assert AssistanceRequest.objects.get(pk=request.pk).state == AssistanceRequest.State.ACCEPTED


def test_wrong_digits_are_refused_without_saying_whether_the_code_exists(make_user):
    request = waiting_for_correction(make_user(Role.INTAKE_CLERK))
    response = answer(request, phone_last4="0000")
    assert response.status_code == 404
    assert "未找到该申请" in response.content.decode()
    assert AssistanceRequest.objects.get(pk=request.pk).state == AssistanceRequest.State.NEEDS_CORRECTION
    assert not Attachment.objects.filter(object_id=request.pk).exists()


def test_an_application_awaiting_no_correction_is_refused_with_the_reason(make_user):
    request = assistance_request(respondent=False)
    response = answer(request)
    assert response.status_code == 409
    assert "不需要补正" in response.content.decode()
    assert AssistanceRequest.objects.get(pk=request.pk).respondent_id is None


def test_a_missing_statement_rerenders_the_form_in_chinese_and_writes_nothing(make_user):
    request = waiting_for_correction(make_user(Role.INTAKE_CLERK))
    response = answer(request, statement="")
    assert response.status_code == 400
    assert "请说明补正的内容。" in response.content.decode()
    assert AssistanceRequest.objects.get(pk=request.pk).state == AssistanceRequest.State.NEEDS_CORRECTION


def test_staff_cannot_fire_the_applicants_answer(make_user):
    clerk = make_user(Role.INTAKE_CLERK)
    request = waiting_for_correction(clerk)
    page = signed_in(clerk).get(f"/w/assistance_request/{request.pk}/").content.decode()
    assert 'data-transition="answer_correction"' not in page
    response = signed_in(clerk).post(f"/w/assistance_request/{request.pk}/transition/answer_correction/", {})
    assert response.status_code == 403


def test_a_public_application_without_a_respondent_is_accepted_through_the_pages(make_user):
    clerk = make_user(Role.INTAKE_CLERK, ZEZHOU)
    head = make_user(Role.CENTRE_HEAD)
    applied = Client().post(
        "/public/apply/",
        {
            "applicant.kind": "organization",
            "applicant.name": "晋城市某精密铸造有限公司",
            "applicant.credit_code": valid_credit_code(32),
            "contact_phone": "13903565678",
            "title": "铸件外观设计被仿制",
            "ip_type": "patent",
            "assistance_type": "consultation",
            "facts": "发现有企业仿制本公司外观设计，对方名称尚不清楚。",
            "jurisdiction_code": ZEZHOU,
            "privacy_consent": "true",
        },
    )
    assert applied.status_code == 302
    request = AssistanceRequest.objects.get(title="铸件外观设计被仿制")
    detail = f"/w/assistance_request/{request.pk}/"
    assert 'data-blocked-transition="accept"' in signed_in(head).get(detail).content.decode()

    correction = signed_in(clerk).post(f"{detail}transition/request_correction/", {"reason": "请补充对方当事人。"})
    assert correction.status_code == 302
    status = Client().post("/public/status/", {"tracking_code": request.tracking_code, "phone_last4": "5678"})
    assert f"{URL}?code={request.tracking_code}" in status.content.decode()
    assert answer(request, **{"respondent.credit_code": valid_credit_code(33)}).status_code == 200

    assert 'data-transition="accept"' in signed_in(head).get(detail).content.decode()
    accepted = signed_in(head).post(f"{detail}transition/accept/", {})
    assert accepted.status_code == 302
    assert AssistanceRequest.objects.get(pk=request.pk).state == AssistanceRequest.State.ACCEPTED


def test_naming_the_respondent_on_file_again_by_name_keeps_it_with_its_code_and_records_the_address(make_user):
    clerk = make_user(Role.INTAKE_CLERK)
    request = fire_transition(
        assistance_request(jurisdiction_code=ZEZHOU), "request_correction", actor=clerk, reason="请补充对方地址。"
    )
    on_file = request.respondent

    response = answer(
        request,
        **{
            "respondent.name": on_file.name,
            "respondent.credit_code": "",
            "respondent.address": "晋城市泽州县某路8号",
        },
    )

    assert response.status_code == 200 and "补正已提交" in response.content.decode()
    request.refresh_from_db()
    assert request.respondent_id == on_file.pk and request.respondent.credit_code == on_file.credit_code
    recorded = [log.payload["statement"] for log in history_of(request) if log.transition == "answer_correction"]
    assert len(recorded) == 1
    assert "晋城市泽州县某路8号" in recorded[0]
