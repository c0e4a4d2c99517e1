"""The public online application (API and HTML form) and the applicant's own progress lookup:
everything is checked before anything is written, bad input is a 400 that leaves no row and no
file, submissions and lookups are rate limited, and the lookup shows states and dates only."""

import random
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client

from casemgmt.files.models import Attachment
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.parties.models import Party
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest
from cases.public.serializers import PublicApplicationSerializer
from cases.public.services import public_application_submit

from .factories import CITY, ZEZHOU
from .identifiers import valid_id_number
from .uploads import ELF, PDF, files_under, png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/public/assistance-requests/"
PHONE = "13903567788"
_rng = random.Random(20260518)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def rates(settings, **scopes):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes},
    }


@pytest.fixture(autouse=True)
def generous_rates(settings):
    rates(settings, public="1000/min", public_submit="1000/min")
    settings.PUBLIC_APPLICATIONS_PER_PHONE_PER_DAY = 100


def form(**overrides) -> dict:
    """A valid multipart application (nested fields in DRF's dotted form)."""
    data = {
        "applicant.kind": "organization",
        "applicant.name": "晋城市凤凰光电科技有限公司",
        "applicant.credit_code": make_credit_code(_rng),
        "applicant.legal_representative": "王五",
        "contact_phone": PHONE,
        "respondent.kind": "organization",
        "respondent.name": "某某电子商行有限公司",
        "respondent.credit_code": make_credit_code(_rng),
        "title": "激光测距仪外观设计专利被仿制",
        "ip_type": "patent",
        "assistance_type": "assessment_opinion",
        "facts": "我公司拥有外观设计专利ZL2024300000001，发现对方在网店销售外观近似的产品。",
        "claims": "请出具侵权判定参考意见。",
        "jurisdiction_code": ZEZHOU,
        "privacy_consent": "true",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(media) -> tuple:
    return (
        AssistanceRequest.objects.count(),
        Party.objects.count(),
        Attachment.objects.count(),
        TransitionLog.objects.count(),
        len(files_under(media)),
    )


def post(api, data):
    return api.post(URL, data, format="multipart")


# ---------- submission ----------


def test_a_valid_application_with_a_picture_is_stored_with_its_file_and_answers_only_the_code(api, media):
    response = post(api, form(attachments=[upload("侵权产品照片.png", png_bytes(), "image/png")]))

    assert response.status_code == 201
    assert set(response.json()) == {"tracking_code"}
    request = AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.channel == "online" and request.created_by is None and request.state == "submitted"
    assert request.jurisdiction_id == ZEZHOU and request.contact_phone == PHONE
    assert request.applicant.name == "晋城市凤凰光电科技有限公司" and request.respondent.name == "某某电子商行有限公司"
    (attachment,) = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(AssistanceRequest), object_id=request.pk
    )
    assert attachment.original_name == "侵权产品照片.png" and attachment.uploaded_by is None
    assert attachment.kind == "application_material" and attachment.jurisdiction_id == ZEZHOU
    assert len(files_under(media)) == 1


def test_a_json_application_of_a_person_without_respondent_or_files_is_accepted(api):
    data = {
        "applicant": {"kind": "person", "name": "赵六", "id_number": valid_id_number(_rng)},
        "contact_phone": "0356-2021234",
        "title": "作品被他人擅自使用",
        "ip_type": "copyright",
        "assistance_type": "consultation",
        "facts": "我拍摄的照片被某网站未经许可使用。",
        "jurisdiction_code": "140502",
        "privacy_consent": True,
    }
    response = api.post(URL, data, format="json")

    assert response.status_code == 201, response.json()
    request = AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.respondent is None and request.applicant.kind == "person"
    assert request.contact_phone == "03562021234"
    assert request.privacy_consent_at is not None  # the consent is kept with the application


def test_a_blank_respondent_section_means_no_respondent(api):
    response = post(api, form(**{"respondent.name": "", "respondent.credit_code": ""}))
    assert response.status_code == 201
    assert AssistanceRequest.objects.get().respondent is None


BAD_INPUTS = {
    "invalid credit code": (form(**{"applicant.credit_code": "91140500MA0000000X"}), "applicant"),
    "organization without credit code": (form(**{"applicant.credit_code": None}), "applicant"),
    "invalid id number": (
        form(
            **{"applicant.kind": "person", "applicant.credit_code": None, "applicant.id_number": "140502199001011234"}
        ),
        "applicant",
    ),
    "invalid respondent code": (form(**{"respondent.credit_code": "123"}), "respondent"),
    "missing facts": (form(facts=None), "facts"),
    "blank facts": (form(facts="   "), "facts"),
    "missing title": (form(title=""), "title"),
    "unknown ip type": (form(ip_type="nonsense"), "ip_type"),
    "city is not a county": (form(jurisdiction_code=CITY), "jurisdiction_code"),
    "unknown county": (form(jurisdiction_code="999999"), "jurisdiction_code"),
    "no consent": (form(privacy_consent=None), "privacy_consent"),
    "consent refused": (form(privacy_consent="false"), "privacy_consent"),
    "bad phone": (form(contact_phone="12345"), "contact_phone"),
    "short mobile": (form(contact_phone="1390356"), "contact_phone"),
}


@pytest.mark.parametrize("data, field", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_every_bad_input_is_a_400_on_its_field_and_writes_nothing(api, media, data, field):
    before = snapshot(media)
    response = post(api, {**data, "attachments": [upload("ok.png", png_bytes())]})

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert snapshot(media) == before


def test_an_executable_renamed_to_png_is_refused_and_nothing_is_written(api, media):
    before = snapshot(media)
    response = post(api, form(attachments=[upload("a.png", png_bytes()), upload("photo.png", ELF, "image/png")]))

    assert response.status_code == 400
    (message,) = response.json()["errors"]["attachments"]
    assert "第2个文件" in message and "photo.png" in message and "可执行" in message
    assert snapshot(media) == before


def test_more_than_five_files_are_refused(api, media):
    before = snapshot(media)
    files = [upload(f"p{i}.png", png_bytes()) for i in range(6)]
    response = post(api, form(attachments=files))

    assert response.status_code == 400
    assert "最多上传 5 个文件" in response.json()["errors"]["attachments"][0]
    assert snapshot(media) == before


def test_a_50_mb_upload_is_refused_before_it_is_parsed(api, media):
    before = snapshot(media)
    huge = png_bytes() + b"\x00" * (50 * 1024 * 1024)
    response = post(api, form(attachments=[upload("huge.png", huge)]))

    assert response.status_code == 400
    assert "过大" in response.json()["errors"]["attachments"][0]
    assert snapshot(media) == before


def test_a_file_over_the_per_file_limit_inside_the_request_cap_is_refused(api, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    before = snapshot(media)
    response = post(api, form(attachments=[upload("big.pdf", PDF + b"\n" * (2 * 1024 * 1024))]))

    assert response.status_code == 400
    assert "1 MB 的大小限制" in response.json()["errors"]["attachments"][0]
    assert snapshot(media) == before


def test_a_failure_while_storing_the_files_leaves_no_row_and_no_file(media, monkeypatch):
    data = QueryDict(mutable=True)
    data.update(form())
    data.setlist("attachments", [upload("a.png", png_bytes()), upload("b.pdf", PDF)])
    serializer = PublicApplicationSerializer(data=data)
    assert serializer.is_valid(), serializer.errors
    from cases.public import services

    real_store, calls = services.attachment_store, []

    def store_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_store(*args, **kwargs)

    monkeypatch.setattr(services, "attachment_store", store_then_fail)
    before = snapshot(media)
    with pytest.raises(OSError):
        public_application_submit(**serializer.validated_data)
    assert len(calls) == 2
    assert snapshot(media) == before


def test_an_empty_file_part_from_a_browser_means_no_file(api):
    boundary = "----formboundary"
    parts = [f'Content-Disposition: form-data; name="{key}"\r\n\r\n{value}' for key, value in form().items()]
    parts.append(
        'Content-Disposition: form-data; name="attachments"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    body = "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"
    response = api.generic("POST", URL, body.encode(), content_type=f"multipart/form-data; boundary={boundary}")

    assert response.status_code == 201, response.json()
    assert Attachment.objects.count() == 0


def test_an_empty_or_malformed_body_is_a_400(api):
    assert api.post(URL, {}, format="json").status_code == 400
    response = api.generic("POST", URL, "{not json", content_type="application/json")
    assert response.status_code == 400 and "errors" in response.json()


def test_a_logged_in_staff_member_submits_like_anyone_else(api, make_user):
    response = api.as_user(make_user(Role.CENTRE_HEAD)).post(URL, form(), format="multipart")
    assert response.status_code == 201
    assert AssistanceRequest.objects.get().created_by is None


# ---------- rate limits ----------


def test_submissions_per_address_are_throttled_and_a_refused_one_writes_nothing(api, settings, media):
    rates(settings, public_submit="2/min")
    assert post(api, form()).status_code == 201
    assert post(api, form()).status_code == 201
    before = snapshot(media)

    response = post(api, form())

    assert response.status_code == 429
    assert snapshot(media) == before


def test_rejected_attempts_do_not_use_up_the_submission_quota(api, settings):
    rates(settings, public_submit="1/min")
    assert post(api, form(facts="")).status_code == 400
    assert post(api, form()).status_code == 201
    assert post(api, form()).status_code == 429


def test_every_public_request_counts_against_the_public_rate(api, settings):
    rates(settings, public="3/min")
    for _ in range(3):
        assert post(api, form(facts="")).status_code == 400
    assert post(api, form()).status_code == 429
    assert api.get(f"{URL}WQ26-AAAAAAAA/", {"phone_last4": "1234"}).status_code == 429


def test_lookups_are_throttled_even_with_the_right_digits(api, settings):
    code = post(api, form()).json()["tracking_code"]
    cache.clear()
    rates(settings, public="3/min")
    for _ in range(3):
        assert api.get(f"{URL}{code}/", {"phone_last4": "0000"}).status_code == 404
    assert api.get(f"{URL}{code}/", {"phone_last4": PHONE[-4:]}).status_code == 429


def test_the_limits_are_per_address(api, settings):
    rates(settings, public="1/min")
    assert api.get(f"{URL}WQ26-AAAAAAAA/", {"phone_last4": "1234"}, REMOTE_ADDR="10.0.0.1").status_code == 404
    assert api.get(f"{URL}WQ26-AAAAAAAA/", {"phone_last4": "1234"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert api.get(f"{URL}WQ26-AAAAAAAA/", {"phone_last4": "1234"}, REMOTE_ADDR="10.0.0.2").status_code == 404


def test_one_phone_number_can_submit_only_a_few_applications_a_day(api, settings, media):
    settings.PUBLIC_APPLICATIONS_PER_PHONE_PER_DAY = 2
    assert post(api, form()).status_code == 201
    assert post(api, form(contact_phone="139-0356-7788")).status_code == 201
    before = snapshot(media)

    response = post(api, form(contact_phone="+86 139 0356 7788"))

    assert response.status_code == 400
    assert "每日上限" in response.json()["errors"]["contact_phone"][0]
    assert snapshot(media) == before
    assert post(api, form(contact_phone="13903560000")).status_code == 201


# ---------- status lookup ----------


@pytest.fixture
def submitted(api):
    return post(api, form()).json()["tracking_code"]


def lookup(api, code, digits=PHONE[-4:]):
    return api.get(f"{URL}{code}/", {"phone_last4": digits})


def test_the_applicant_sees_the_state_and_a_dated_timeline(api, submitted):
    response = lookup(api, submitted)

    assert response.status_code == 200
    data = response.json()
    assert data["tracking_code"] == submitted and data["state"] == "submitted" and data["state_label"] == "已提交"
    assert data["title"] == "激光测距仪外观设计专利被仿制"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["submitted_on"])
    assert data["timeline"] == [
        {"date": data["submitted_on"], "label": "提交申请", "state_label": "已提交", "reason": ""}
    ]
    assert data["action_required"] is None and data["rejection_reason"] is None
    assert "applicant" not in data and "contact_phone" not in data


def test_the_code_is_case_insensitive(api, submitted):
    assert lookup(api, submitted.lower()).status_code == 200


def test_wrong_digits_and_a_wrong_code_give_the_same_404(api, submitted):
    wrong_digits = lookup(api, submitted, "0000")
    wrong_code = lookup(api, "WQ26-ZZZZZZZZ")
    assert wrong_digits.status_code == wrong_code.status_code == 404
    assert wrong_digits.json() == wrong_code.json()


def test_malformed_digits_are_a_400(api, submitted):
    response = api.get(f"{URL}{submitted}/")
    assert response.status_code == 400 and "phone_last4" in response.json()["errors"]
    assert lookup(api, submitted, "12a4").status_code == 400


def test_a_correction_request_tells_the_applicant_what_to_do(api, submitted, make_user):
    clerk = make_user(Role.INTAKE_CLERK, CITY, full_name="受理员钱七")
    request = AssistanceRequest.objects.get(tracking_code=submitted)
    fire_transition(request, "request_correction", actor=clerk, reason="请补充外观设计专利证书复印件。")

    data = lookup(api, submitted).json()

    assert data["state_label"] == "待补正"
    assert data["action_required"]["reason"] == "请补充外观设计专利证书复印件。"
    assert "查询码" in data["action_required"]["instructions"]
    assert data["timeline"][-1]["label"] == "通知补正"
    assert "钱七" not in str(data)


def test_internal_steps_reasons_and_staff_names_stay_hidden(api, submitted, make_user):
    head = make_user(Role.CENTRE_HEAD, CITY, full_name="主任孙八")
    handler = make_user(Role.HANDLER, CITY, full_name="承办人周九")
    request = AssistanceRequest.objects.get(tracking_code=submitted)
    fire_transition(request, "accept", actor=head, reason="内部备注：材料齐全")
    fire_transition(request, "assign", actor=head, payload={"handler": handler.pk})
    fire_transition(request, "start", actor=handler)
    fire_transition(request, "submit_for_review", actor=handler, payload={"opinion": "内部意见草稿"})

    data = lookup(api, submitted).json()

    assert data["state"] == "under_review" and data["state_label"] == "办理中"
    assert [e["label"] for e in data["timeline"]] == ["提交申请", "受理", "安排承办人", "开始办理"]
    text = str(data)
    for secret in ("孙八", "周九", "内部备注", "内部意见"):
        assert secret not in text


def test_a_rejection_shows_its_reason(api, submitted, make_user):
    head = make_user(Role.CENTRE_HEAD, CITY)
    request = AssistanceRequest.objects.get(tracking_code=submitted)
    fire_transition(request, "reject", actor=head, reason="该纠纷已由人民法院受理。")

    data = lookup(api, submitted).json()
    assert data["state_label"] == "不予受理" and data["rejection_reason"] == "该纠纷已由人民法院受理。"


# ---------- HTML pages ----------


def csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/public/apply/")
    assert page.status_code == 200
    return client, page.cookies["csrftoken"].value


def test_the_portal_offers_the_application_and_the_lookup_with_the_disclaimer(client):
    html = client.get("/public/").content.decode()
    assert "公示查询与服务" in html and 'href="/public/apply/"' in html and 'href="/public/status/"' in html
    assert "仅供参考" in html and "免费" in html


def test_the_form_has_csrf_file_input_and_privacy_notice(client):
    html = client.get("/public/apply/").content.decode()
    assert "csrfmiddlewaretoken" in html and 'type="file" name="attachments" multiple' in html
    assert "个人信息保护告知" in html and 'name="privacy_consent"' in html


def test_the_form_refuses_a_post_without_csrf_token(media):
    before = snapshot(media)
    response = Client(enforce_csrf_checks=True).post("/public/apply/", form())
    assert response.status_code == 403
    assert snapshot(media) == before


def test_the_form_submits_through_the_same_service_and_shows_the_code(media):
    client, token = csrf_client()
    response = client.post(
        "/public/apply/", {**form(), "attachments": upload("a.png", png_bytes()), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302 and response["Location"] == "/public/apply/done/"
    request = AssistanceRequest.objects.get()
    assert request.channel == "online" and Attachment.objects.count() == 1
    done = client.get("/public/apply/done/").content.decode()
    assert request.tracking_code in done and "抄写或截图保存" in done


def test_form_errors_are_shown_next_to_their_fields_and_values_are_kept(media):
    client, token = csrf_client()
    before = snapshot(media)
    response = client.post(
        "/public/apply/",
        {**form(**{"applicant.credit_code": "123"}), "facts": "", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 400
    html = response.content.decode()
    credit_error = re.search(r'id="f-applicant-credit-code-error">(.*?)</div>', html, re.S)
    facts_error = re.search(r'id="f-facts-error">(.*?)</div>', html, re.S)
    assert credit_error and "统一社会信用代码" in credit_error.group(1)
    assert facts_error and "请填写事实与理由" in facts_error.group(1)
    assert 'value="晋城市凤凰光电科技有限公司"' in html
    assert 'href="#f-facts"' in html  # the summary links to the field
    assert snapshot(media) == before


def test_an_oversized_form_post_is_a_400_without_being_read(media):
    client, token = csrf_client()
    before = snapshot(media)
    huge = png_bytes() + b"\x00" * (30 * 1024 * 1024)
    response = client.post(
        "/public/apply/", {**form(), "attachments": upload("huge.png", huge), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 400 and "过大" in response.content.decode()
    assert snapshot(media) == before


def test_the_form_is_throttled_with_a_page_saying_so(settings):
    rates(settings, public_submit="1/min")
    client, token = csrf_client()
    assert client.post("/public/apply/", {**form(), "csrfmiddlewaretoken": token}).status_code == 302
    response = client.post("/public/apply/", {**form(), "csrfmiddlewaretoken": token})
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert AssistanceRequest.objects.count() == 1


def test_the_done_page_without_a_submission_leads_back_to_the_form(client):
    response = client.get("/public/apply/done/")
    assert response.status_code == 302 and response["Location"] == "/public/apply/"


def test_the_status_page_shows_the_state_and_hides_wrong_matches_alike(submitted):
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/public/status/?code={submitted}")
    assert submitted in page.content.decode()
    token = page.cookies["csrftoken"].value

    found = client.post(
        "/public/status/", {"tracking_code": submitted, "phone_last4": PHONE[-4:], "csrfmiddlewaretoken": token}
    )
    wrong = client.post(
        "/public/status/", {"tracking_code": submitted, "phone_last4": "0000", "csrfmiddlewaretoken": token}
    )
    unknown = client.post(
        "/public/status/", {"tracking_code": "WQ26-ZZZZZZZZ", "phone_last4": PHONE[-4:], "csrfmiddlewaretoken": token}
    )

    assert found.status_code == 200 and "已提交" in found.content.decode() and "提交申请" in found.content.decode()
    assert wrong.status_code == unknown.status_code == 404
    assert "未找到该申请" in wrong.content.decode() and "未找到该申请" in unknown.content.decode()
    invalid = client.post(
        "/public/status/", {"tracking_code": submitted, "phone_last4": "12", "csrfmiddlewaretoken": token}
    )
    assert invalid.status_code == 400 and "后四位数字" in invalid.content.decode()


def test_the_staff_case_page_lists_the_applications_attachments(api, media, client, make_user):
    response = post(api, form(attachments=[upload("侵权产品照片.png", png_bytes(), "image/png")]))
    assert response.status_code == 201, response.content
    request = AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    client.force_login(make_user(Role.INTAKE_CLERK, request.jurisdiction_id))
    page = client.get(f"/w/assistance_request/{request.pk}/").content.decode()
    from casemgmt.files.selectors import attachments_for

    attachment = attachments_for(request).first()
    assert attachment.original_name in page and f"/api/attachments/{attachment.pk}/download/" in page
