"""Applicants hear back (issue 14 item 6): where an applicant gave an e-mail address, acceptance,
correction requests and closing are e-mailed with the tracking link, after the commit; nothing is
sent without an address, and nothing when the transition rolls back."""

import pytest
from django.core import mail
from django.db import transaction

from casemgmt.jobs.models import TaskOutbox
from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .factories import assistance_request

pytestmark = pytest.mark.django_db

EMAIL = "applicant@example.cn"


@pytest.fixture
def staff(make_user):
    return {
        "clerk": make_user(Role.INTAKE_CLERK),
        "head": make_user(Role.CENTRE_HEAD),
        "handler": make_user(Role.HANDLER),
    }


def fire(request, name, actor, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return fire_transition(request, name, actor=actor, **kwargs)


def test_acceptance_is_mailed_with_the_tracking_link(staff, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_SITE_URL = "https://ipr.jincheng.example"
    request = assistance_request(contact_email=EMAIL)
    fire(request, "accept", staff["head"], django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert "已受理" in message.subject and request.tracking_code in message.subject
    assert f"https://ipr.jincheng.example/public/status/?code={request.tracking_code}" in message.body
    assert staff["head"].display_name not in message.body  # no staff names for the applicant
    assert not TaskOutbox.objects.filter(task="cases.tasks.send_applicant_mail").exists()  # sent, not left


def test_a_correction_request_is_mailed_with_its_reason_and_the_online_correction_link(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_SITE_URL = "https://ipr.jincheng.example"
    request = assistance_request(respondent=False, contact_email=EMAIL)
    fire(
        request,
        "request_correction",
        staff["clerk"],
        django_capture_on_commit_callbacks,
        reason="请补充对方当事人的名称和统一社会信用代码。",
    )

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "需要补正" in mail.outbox[0].subject
    assert "请补充对方当事人的名称和统一社会信用代码。" in body
    assert f"https://ipr.jincheng.example/public/correction/?code={request.tracking_code}" in body


def test_closing_is_mailed(staff, django_capture_on_commit_callbacks):
    request = assistance_request(contact_email=EMAIL)
    head, handler = staff["head"], staff["handler"]
    fire(request, "accept", head, django_capture_on_commit_callbacks)
    fire(request, "assign", head, django_capture_on_commit_callbacks, payload={"handler": handler.pk})
    fire(request, "start", handler, django_capture_on_commit_callbacks)
    fire(request, "submit_for_review", handler, django_capture_on_commit_callbacks, payload={"opinion": "参考意见。"})
    mail.outbox.clear()
    fire(
        request,
        "approve_and_close",
        head,
        django_capture_on_commit_callbacks,
        payload={"closing_report": "已出具参考意见，办结。"},
    )

    assert [m.subject for m in mail.outbox] == [f"您的维权援助申请已办结（查询码 {request.tracking_code}）"]
    assert request.tracking_code in mail.outbox[0].body


def test_no_mail_without_an_address(staff, django_capture_on_commit_callbacks):
    request = assistance_request()
    assert request.contact_email == ""
    fire(request, "request_correction", staff["clerk"], django_capture_on_commit_callbacks, reason="请补正。")
    fire(request, "resubmit", staff["clerk"], django_capture_on_commit_callbacks)
    fire(request, "accept", staff["head"], django_capture_on_commit_callbacks)

    assert AssistanceRequest.objects.get(pk=request.pk).state == "accepted"
    assert mail.outbox == []
    assert not TaskOutbox.objects.filter(task="cases.tasks.send_applicant_mail").exists()


def test_no_mail_when_the_transition_rolls_back(staff, django_capture_on_commit_callbacks):
    request = assistance_request(contact_email=EMAIL)

    class Abandoned(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned), transaction.atomic():
        fire_transition(request, "accept", actor=staff["head"])
        raise Abandoned

    assert AssistanceRequest.objects.get(pk=request.pk).state == "submitted"
    assert mail.outbox == []
    assert not TaskOutbox.objects.filter(task="cases.tasks.send_applicant_mail").exists()


def test_a_failing_mail_server_does_not_undo_the_transition(
    staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("cases.applicant_mail.send_mail", refuse)
    request = assistance_request(contact_email=EMAIL)
    fire(request, "accept", staff["head"], django_capture_on_commit_callbacks)

    assert AssistanceRequest.objects.get(pk=request.pk).state == "accepted"
    assert mail.outbox == []


def test_the_public_form_takes_an_optional_email(client):
    from cases.public.serializers import PublicApplicationSerializer

    fields = PublicApplicationSerializer().fields
    assert fields["contact_email"].required is False
    serializer = PublicApplicationSerializer(data={"contact_email": "not-an-address"})
    serializer.is_valid()
    assert serializer.errors["contact_email"] == ["请填写正确的电子邮箱地址，或不填。"]
    assert 'name="contact_email"' in client.get("/public/apply/").content.decode()


def test_an_address_given_through_the_public_api_is_kept_and_used(staff, django_capture_on_commit_callbacks):
    import random

    from rest_framework.test import APIClient

    from casemgmt.parties.codes import make_credit_code

    rng = random.Random(14)
    body = {
        "applicant": {"kind": "organization", "name": "晋城市邮件测试有限公司", "credit_code": make_credit_code(rng)},
        "respondent": {"kind": "organization", "name": "某某贸易有限公司", "credit_code": make_credit_code(rng)},
        "contact_phone": "13903561234",
        "contact_email": EMAIL,
        "title": "商标被假冒",
        "ip_type": "trademark",
        "assistance_type": "consultation",
        "facts": "对方销售假冒我公司注册商标的商品。",
        "jurisdiction_code": "140525",
        "privacy_consent": True,
    }
    response = APIClient().post("/api/public/assistance-requests/", body, format="json")
    assert response.status_code == 201, response.content
    request = AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.contact_email == EMAIL
    fire(request, "accept", staff["head"], django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
