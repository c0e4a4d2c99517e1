"""The staff UI's create and edit screens (issue 14 item 1): the same validation and services as
the API, field errors on bad input with nothing written, 404 across jurisdictions, 403 for a role
that may not, one history row per successful write, the party field's search-or-create, and files
kept when the form comes back with an error."""

import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casemgmt.files.models import Attachment
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.parties.models import Party
from casemgmt.workflow.models import TransitionLog
from cases.models import ArbitrationReferral, AssistanceRequest, MediationCase, MediationSession
from cases.services.assistance import assistance_request_create
from enforcement.models import EnforcementCase

from . import enforcement_factories as ef
from . import mediation_factories as mf
from .factories import CITY, GAOPING, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .uploads import png_bytes, upload


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _code(seed: int) -> str:
    return make_credit_code(random.Random(seed), "140502")


def _new_party(slot: str, seed: int, name: str = "") -> dict:
    return {
        f"{slot}.pick": "new",
        f"{slot}.kind": "organization",
        f"{slot}.name": name or f"晋城市表单测试{seed}有限公司",
        f"{slot}.credit_code": _code(seed),
    }


def _rows(obj):
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def _walk_in(**extra) -> dict:
    return {
        "channel": "counter",
        "contact_phone": "13903561234",
        "title": "激光测距模组外观设计专利被仿制",
        "ip_type": "patent",
        "assistance_type": "assessment_opinion",
        "facts": "申请人发现被申请人销售的测距模组外观与其专利高度近似。",
        **_new_party("applicant", 1),
        **extra,
    }


@pytest.fixture
def clerk(db):
    return UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))


# --- create ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_walk_in_application_is_registered_with_a_new_party_and_its_files_in_one_history_row(clerk):
    url = reverse("web:object-create", args=["assistance_request"])
    data = _walk_in(**_new_party("respondent", 2), attachments=[upload("申请书.png", png_bytes())])

    response = _client(clerk).post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    request = AssistanceRequest.objects.get()
    assert (request.channel, request.applicant.name, request.respondent.credit_code) == (
        "counter",
        "晋城市表单测试1有限公司",
        _code(2),
    )
    assert response["Location"] == request.get_absolute_url()
    assert [a.original_name for a in Attachment.objects.all()] == ["申请书.png"]
    assert _rows(request).count() == 1


@pytest.mark.django_db
def test_bad_input_comes_back_with_field_errors_and_writes_nothing(clerk):
    url = reverse("web:object-create", args=["assistance_request"])
    data = _walk_in(title="", contact_phone="12")
    data["applicant.credit_code"] = "91140500MA0K000000"

    response = _client(clerk).post(url, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写事项。" in page or "该字段不能为空" in page
    assert "联系电话格式不正确。" in page
    assert 'value="晋城市表单测试1有限公司"' in page  # what was typed stays
    assert not AssistanceRequest.objects.exists()
    assert not Party.objects.exists()
    assert not TransitionLog.objects.exists()


@pytest.mark.django_db
def test_files_chosen_on_a_form_that_comes_back_with_an_error_are_kept_and_stored_on_success(clerk):
    client = _client(clerk)
    url = reverse("web:object-create", args=["assistance_request"])

    first = client.post(url, _walk_in(title="", attachments=[upload("证据.png", png_bytes())]))

    assert first.status_code == 400
    tokens = [t for t in first.context["staged"]]
    assert [t.name for t in tokens] == ["证据.png"]
    assert "证据.png" in first.content.decode()
    assert not Attachment.objects.exists()

    second = client.post(url, _walk_in(**{"attachments.staged": [t.token for t in tokens]}))

    assert second.status_code == 302, second.content.decode()[:2000]
    assert [a.original_name for a in Attachment.objects.all()] == ["证据.png"]


@pytest.mark.django_db
def test_a_parked_file_of_another_user_cannot_be_claimed(clerk):
    other = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    url = reverse("web:object-create", args=["assistance_request"])
    first = _client(other).post(url, _walk_in(title="", attachments=[upload("别人的.png", png_bytes())]))
    token = first.context["staged"][0].token

    response = _client(clerk).post(url, _walk_in(**{"attachments.staged": [token]}))

    assert response.status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_role_that_may_not_register_gets_403_and_writes_nothing():
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))
    officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(CITY))
    url = reverse("web:object-create", args=["assistance_request"])

    assert _client(auditor).get(url).status_code == 403
    assert _client(auditor).post(url, _walk_in()).status_code == 403
    assert _client(officer).get(reverse("web:object-create", args=["mediation"])).status_code in (403, 404)
    assert not AssistanceRequest.objects.exists()


@pytest.mark.django_db
def test_the_party_search_offers_only_parties_the_user_may_see_and_writes_nothing(clerk):
    seen = Party.objects.create(kind="organization", name="晋城市可见测试有限公司", credit_code=_code(5))
    hidden = Party.objects.create(kind="organization", name="高平市隐藏测试有限公司", credit_code=_code(6))
    county = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(GAOPING))
    for actor, place, party in ((clerk, CITY, seen), (county, GAOPING, hidden)):
        assistance_request_create(
            actor=actor,
            jurisdiction=jurisdiction(place),
            applicant=party,
            title="外观设计专利被仿制",
            facts="发现仿制。",
            ip_type="patent",
            assistance_type="consultation",
            contact_phone="13903561234",
        )
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    before = TransitionLog.objects.count()
    url = reverse("web:object-create", args=["assistance_request"])

    page = _client(county_clerk).post(url, {"applicant.q": "测试有限公司", "_find": "applicant"})

    assert page.status_code == 200
    assert "高平市隐藏测试有限公司" not in page.content.decode()
    city_page = _client(clerk).post(url, {"applicant.q": "可见测试", "_find": "applicant"}).content.decode()
    assert f'value="party:{seen.pk}"' in city_page
    assert TransitionLog.objects.count() == before


@pytest.mark.django_db
def test_picking_a_party_the_user_may_not_see_is_refused(clerk):
    hidden = Party.objects.create(kind="organization", name="外县测试有限公司", credit_code=_code(7))
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    data = _walk_in()
    data["applicant.pick"] = f"party:{hidden.pk}"

    response = _client(county_clerk).post(reverse("web:object-create", args=["assistance_request"]), data)

    assert response.status_code == 400
    assert "未找到该当事人" in response.content.decode()
    assert not AssistanceRequest.objects.exists()


# --- edit -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_respondent_added_on_the_edit_page_lets_the_head_accept(clerk):
    request = assistance_request(actor=clerk, respondent=False)
    url = reverse("web:object-edit", args=["assistance_request", request.pk])
    page = _client(clerk).get(url).content.decode()
    assert 'id="respondent"' in page
    data = {
        "channel": request.channel,
        "contact_phone": request.contact_phone,
        "title": request.title,
        "ip_type": request.ip_type,
        "assistance_type": request.assistance_type,
        "facts": request.facts,
        "claims": request.claims,
        "applicant.pick": f"party:{request.applicant_id}",
        **_new_party("respondent", 8),
        "reason": "申请人补充对方当事人",
    }

    response = _client(clerk).post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert request.respondent.credit_code == _code(8)
    rows = list(_rows(request).filter(transition="edit"))
    assert len(rows) == 1 and rows[0].reason == "申请人补充对方当事人"
    head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=jurisdiction(CITY))
    detail = _client(head).get(request.get_absolute_url()).content.decode()
    assert 'data-transition="accept"' in detail


@pytest.mark.django_db
def test_another_countys_record_edit_page_is_404(clerk):
    request = assistance_request(actor=clerk)
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(GAOPING))
    url = reverse("web:object-edit", args=["assistance_request", request.pk])

    assert _client(county_clerk).get(url).status_code == 404
    assert _client(county_clerk).post(url, {"title": "x"}).status_code == 404
    attach = reverse("web:object-attachments", args=["assistance_request", request.pk])
    assert (
        _client(county_clerk).post(attach, {"kind": "other", "files": upload("a.png", png_bytes())}).status_code == 404
    )
    assert _rows(request).count() == 1


@pytest.mark.django_db
def test_a_closed_state_offers_nothing_to_edit():
    w_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=jurisdiction(CITY))
    from casemgmt.workflow.services import fire_transition

    request = assistance_request(actor=w_clerk)
    fire_transition(request, "reject", actor=head, reason="不属于援助范围")
    url = reverse("web:object-edit", args=["assistance_request", request.pk])

    response = _client(w_clerk).get(url)

    assert response.status_code == 409
    assert "没有可以修改的内容" in response.content.decode()
    assert _client(w_clerk).post(url, {"title": "改"}).status_code == 409


@pytest.mark.django_db
def test_a_filed_enforcement_case_shows_no_party_field_and_an_edit_is_one_history_row():
    city = ef.bureau(CITY)
    case = ef.penalty_case_until("start_investigation", city)
    officer = case.officers.first()
    url = reverse("web:object-edit", args=["enforcement_case", case.pk])
    page = _client(officer).get(url)
    assert page.status_code == 200
    assert 'data-party-field="respondent"' not in page.content.decode()
    before = _rows(case).count()

    response = _client(officer).post(
        url, {"title": case.title, "facts": case.facts, "illegal_turnover": "80000.00", "reason": "补充违法经营额"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert str(case.illegal_turnover) == "80000.00"
    assert _rows(case).count() == before + 1


# --- enforcement clue, mediation, arbitration ---------------------------------------------------


@pytest.mark.django_db
def test_an_officer_registers_a_clue_with_a_respondent_picked_from_the_registry():
    city = ef.bureau(CITY)
    officer = city.officers[0]
    party = Party.objects.create(kind="organization", name="晋城市丹河测试眼镜有限公司", credit_code=_code(9))
    body = {
        "kind": "trademark_infringement",
        "clue_source": "complaint",
        "received_on": timezone.localdate().isoformat(),
        "title": "销售假冒“丹河”商标镜片",
        "facts": "群众举报。",
        "respondent.pick": f"party:{party.pk}",
    }
    client = _client(officer)
    url = reverse("web:object-create", args=["enforcement_case"])
    response = client.post(url, body)

    assert response.status_code == 302, response.content.decode()[:2000]
    case = EnforcementCase.objects.get()
    assert case.state == "clue" and [p.pk for p in case.respondents] == [party.pk]
    assert _rows(case).count() == 1
    missing = client.post(url, body | {"respondent.pick": ""})
    assert missing.status_code == 400 and EnforcementCase.objects.count() == 1


@pytest.mark.django_db
def test_a_clerk_registers_a_mediation_case_and_a_clashing_session_is_refused_with_its_reason():
    place = jurisdiction(CITY)
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=place)
    head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=place)
    mediator = UserFactory(role=Role.HANDLER, jurisdiction=place)
    body = {
        "source": "direct",
        "title": "铸造模具实用新型专利侵权纠纷",
        "facts": "申请人申请调解。",
        "ip_type": "patent",
        **_new_party("applicant", 31),
        **_new_party("respondent", 32),
    }
    response = _client(clerk).post(reverse("web:object-create", args=["mediation"]), body)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = MediationCase.objects.get()
    case = mf.advance(case, mf.PATHS["accepted"], clerk=clerk, head=head, mediator=mediator)
    start, end = mf.session_times(days_ahead=7)
    url = reverse("web:mediation-session-create", args=[case.pk])
    session = {
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(end).strftime("%Y-%m-%dT%H:%M"),
        "place": "分中心第一调解室",
    }
    assert _client(mediator).post(url, session).status_code == 302
    before = _rows(case).count()

    clash = _client(mediator).post(url, session | {"place": "分中心第二调解室"})

    assert clash.status_code == 400
    assert "时间冲突" in clash.content.decode()
    assert MediationSession.objects.count() == 1
    assert _rows(case).count() == before
    assert _client(clerk).get(url).status_code == 403


@pytest.mark.django_db
def test_an_arbitration_referral_without_an_agreement_is_refused_and_a_litigation_one_registered(clerk):
    url = reverse("web:object-create", args=["arbitration_referral"])
    body = {
        "kind": "arbitration",
        "receiving_body": "晋城仲裁委员会",
        "title": "商标许可合同纠纷",
        "facts": "被申请人拖欠许可使用费。",
        "ip_type": "trademark",
        **_new_party("applicant", 41),
        **_new_party("respondent", 42),
    }
    refused = _client(clerk).post(url, body)
    assert refused.status_code == 400
    assert "书面仲裁协议" in refused.content.decode()
    assert not ArbitrationReferral.objects.exists() and not Party.objects.exists()

    response = _client(clerk).post(url, body | {"kind": "litigation", "receiving_body": "晋城市城区人民法院"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert _rows(ArbitrationReferral.objects.get()).count() == 1


# --- attachments and parties ----------------------------------------------------------------------


@pytest.mark.django_db
def test_attachments_uploaded_on_a_detail_page_are_one_history_row_and_a_bad_file_none(clerk):
    request = assistance_request(actor=clerk)
    url = reverse("web:object-attachments", args=["assistance_request", request.pk])
    client = _client(clerk)

    bad = client.post(url, {"kind": "evidence", "files": upload("a.exe", b"MZ" + b"\x00" * 100)})
    assert bad.status_code == 400 and not Attachment.objects.exists()
    ok = client.post(url, {"kind": "evidence", "files": [upload("b.png", png_bytes()), upload("c.png", png_bytes())]})

    assert ok.status_code == 302
    assert Attachment.objects.count() == 2
    assert list(_rows(request).filter(transition="attach").values_list("reason", flat=True)) == ["上传附件"]
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))
    assert _client(auditor).post(url, {"kind": "evidence", "files": upload("d.png", png_bytes())}).status_code == 403


@pytest.mark.django_db
def test_a_party_is_registered_and_corrected_on_the_registry_pages(clerk):
    client = _client(clerk)
    bad = client.post(reverse("web:party-create"), {"kind": "organization", "name": "晋城市名录测试有限公司"})
    assert bad.status_code == 400 and "统一社会信用代码" in bad.content.decode() and not Party.objects.exists()

    created = client.post(
        reverse("web:party-create"),
        {"kind": "organization", "name": "晋城市名录测试有限公司", "credit_code": _code(51)},
    )
    assert created.status_code == 302
    party = Party.objects.get()
    edited = client.post(
        reverse("web:party-edit", args=[party.pk]),
        {"kind": "organization", "name": party.name, "credit_code": party.credit_code, "address": "城区新市东街1号"},
    )

    assert edited.status_code == 302
    party.refresh_from_db()
    assert party.address == "城区新市东街1号"
    assert _rows(party).count() == 2
    assert (
        _client(UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY)))
        .get(reverse("web:party-create"))
        .status_code
        == 403
    )
    assert party.name in client.get(reverse("web:party-list") + "?q=名录测试").content.decode()


@pytest.mark.django_db
def test_an_online_application_is_corrected_without_losing_its_channel(clerk):
    request = assistance_request(actor=None, channel="online")
    url = reverse("web:object-edit", args=["assistance_request", request.pk])
    page = _client(clerk).get(url).content.decode()
    assert '<option value="online" selected>' in page
    body = {
        "channel": "online",
        "contact_phone": request.contact_phone,
        "title": "激光测距模组外观设计专利被仿制（更正）",
        "ip_type": request.ip_type,
        "assistance_type": request.assistance_type,
        "facts": request.facts,
        "applicant.pick": f"party:{request.applicant_id}",
        "respondent.pick": f"party:{request.respondent_id}",
    }

    response = _client(clerk).post(url, body)

    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert (request.channel, request.title) == ("online", "激光测距模组外观设计专利被仿制（更正）")
    assert _rows(request).filter(transition="edit").count() == 1


@pytest.mark.django_db
def test_an_accepted_mediation_case_offers_no_party_field():
    place = jurisdiction(CITY)
    people = {
        "clerk": UserFactory(role=Role.INTAKE_CLERK, jurisdiction=place),
        "head": UserFactory(role=Role.CENTRE_HEAD, jurisdiction=place),
        "mediator": UserFactory(role=Role.HANDLER, jurisdiction=place),
    }
    case = mf.mediation_in_state("accepted", **people)
    url = reverse("web:object-edit", args=["mediation", case.pk])

    page = _client(people["clerk"]).get(url).content.decode()

    assert 'data-party-field="respondent"' not in page and 'name="title"' in page
    sneaked = _client(people["clerk"]).post(
        url, {"title": case.title, "facts": case.facts, "ip_type": case.ip_type, **_new_party("respondent", 61)}
    )
    assert sneaked.status_code in (302, 400)
    case.refresh_from_db()
    assert case.respondent.credit_code != _code(61)


@pytest.mark.django_db
def test_the_referral_form_offers_only_handlers_of_the_users_own_areas():
    own = UserFactory(role=Role.HANDLER, jurisdiction=jurisdiction(ZEZHOU), full_name="泽州承办人")
    other = UserFactory(role=Role.HANDLER, jurisdiction=jurisdiction(GAOPING), full_name="高平承办人")
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))

    page = _client(county_clerk).get(reverse("web:object-create", args=["arbitration_referral"])).content.decode()

    assert f'value="{own.pk}"' in page and "泽州承办人" in page
    assert "高平承办人" not in page and f'<option value="{other.pk}"' not in page


@pytest.mark.django_db
def test_a_clues_respondent_is_replaced_on_its_edit_page_in_one_history_row():
    city = ef.bureau(CITY)
    case = ef.penalty_clue(actor=city.officers[0])
    url = reverse("web:object-edit", args=["enforcement_case", case.pk])
    page = _client(city.officers[1]).get(url).content.decode()
    assert 'data-party-field="respondent"' in page and 'data-party-field="complainant"' in page
    before = _rows(case).count()

    response = _client(city.officers[1]).post(
        url, {"title": case.title, "facts": case.facts, **_new_party("respondent", 71), "reason": "当事人名称有误"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert [p.credit_code for p in case.respondents] == [_code(71)]
    assert _rows(case).count() == before + 1
