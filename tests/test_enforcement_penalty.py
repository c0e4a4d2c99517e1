"""Administrative penalty cases (DOMAIN §3a) through the API: the whole ordinary procedure from
clue to closing, and the refusals on the way (wrong team, wrong bureau, wrong state, wrong
procedure, read-only roles)."""

import datetime as dt

import pytest
from django.utils import timezone

from casemgmt.documents.models import OfficialDocument
from casemgmt.numbering.models import IssuedNumber
from casemgmt.org.models import Role
from casemgmt.parties.models import StaffRelation
from casemgmt.workflow.models import TransitionLog
from enforcement.models import EnforcementCase, PenaltyDecision

from .enforcement_factories import bureau, org_party, penalty_case_until, penalty_clue, penalty_payload
from .factories import CITY, ZEZHOU, UserFactory, jurisdiction

URL = "/api/enforcement-cases/"


@pytest.fixture
def city(db):
    return bureau(CITY)


def fire(api, user, case, name, body=None):
    return api.as_user(user).post(f"{URL}{case.pk}/transitions/{name}/", body or {}, format="json")


def step(api, user, case, name, body=None):
    response = fire(api, user, case, name, body)
    assert response.status_code == 200, (name, response.content.decode())
    return response.json()


@pytest.mark.django_db
def test_a_clue_goes_through_the_whole_procedure_to_closing_with_a_numbered_decision(api, city):
    """clue → verifying → filed (two officers, 案号) → investigating → investigation_closed →
    under_review → notified → decided (文号) → served → executing (paid) → closed."""
    officer, second, head, reviewer = city.officers[0], city.officers[1], city.head, city.reviewer
    created = api.as_user(officer).post(
        URL,
        {
            "procedure": "penalty",
            "kind": "trademark_infringement",
            "clue_source": "complaint",
            "title": "销售假冒“丹河”注册商标的光学镜片",
            "facts": "举报人反映当事人销售假冒注册商标的树脂镜片。",
            "received_on": timezone.localdate().isoformat(),
            "violation_on": (timezone.localdate() - dt.timedelta(days=60)).isoformat(),
            "illegal_turnover": "80000.00",
            "parties": [
                {"role": "respondent", "party": org_party()},
                {"role": "complainant", "party": org_party()},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content.decode()
    body = created.json()
    assert (body["state"], body["procedure"], body["jurisdiction"]) == ("clue", "penalty", CITY)
    assert body["limitation"]["years"] == 2 and not body["limitation"]["time_barred"]
    case = EnforcementCase.objects.get(pk=body["id"])

    step(api, officer, case, "start_verification")
    filed = step(api, head, case, "file_case", {"officers": [officer.pk, second.pk]})
    year = timezone.localdate().year
    assert filed["state"] == "filed" and filed["case_number"] == f"晋市监立〔{year}〕1号"
    assert {o["id"] for o in filed["officers"]} == {officer.pk, second.pk}
    step(api, second, case, "start_investigation")
    step(api, officer, case, "close_investigation", {"investigation_report": "事实清楚。", "illegal_gains": "12000"})
    step(api, officer, case, "submit_for_review")
    step(api, reviewer, case, "approve_review", {"review_opinion": "同意。"})
    notified = step(api, officer, case, "notify", {"proposed_penalty": "拟罚款50,000元。", "proposed_fine": "50000"})
    assert notified["state"] == "notified" and notified["hearing_right"] is False
    # The party states and, in the same signed statement, waives any further statement and defence:
    # with no hearing right to waive, the bureau may decide before the five working days are over.
    step(
        api,
        officer,
        case,
        "record_statement",
        {"statement_text": "当事人称系初犯，请求从轻；放弃继续陈述申辩。", "waived": True},
    )
    case.refresh_from_db()
    decided = step(api, head, case, "decide", penalty_payload("decide", city, case))
    assert decided["state"] == "decided"
    decision = PenaltyDecision.objects.get(case=case)
    assert (
        decision.number_text == f"晋市监罚〔{year}〕1号"
        and decided["penalty_decision"]["number"] == decision.number_text
    )
    assert decision.fine_amount == 50000 and not decision.warning_only and not decision.must_aggravate
    assert decision.document.kind == "penalty_decision" and decision.document.number == decision.number
    assert all(line in decision.document.html for line in decision.decision_text.splitlines())
    assert IssuedNumber.objects.get(text=decision.number_text).object_id == case.pk

    served = step(api, officer, case, "serve", {"service_method": "direct"})
    assert served["state"] == "served"
    step(api, officer, case, "start_execution")
    paid = api.as_user(officer).post(
        f"/api/penalty-decisions/{decision.pk}/payments/",
        {"amount": "50000.00", "paid_on": timezone.localdate().isoformat(), "receipt_number": "晋财缴2026-0001"},
        format="json",
    )
    assert paid.status_code == 201, paid.content.decode()
    assert paid.json()["payment_status"] == "settled"
    closed = step(api, head, case, "close", {"closing_report": "执行完毕。"})
    assert (closed["state"], closed["closing_reason"]) == ("closed", "executed")

    kinds = {d["kind"]: d["status"] for d in api.as_user(head).get(f"{URL}{case.pk}/deadlines/").json()}
    assert kinds["filing_decision"] == "met" and kinds["decision"] == "met" and kinds["payment"] == "met"
    documents = {d["kind"] for d in api.as_user(head).get(f"{URL}{case.pk}/documents/").json()}
    assert documents == {"filing_approval", "penalty_prior_notice", "penalty_decision", "penalty_service_receipt"}
    history = [h["transition"] for h in api.as_user(head).get(f"{URL}{case.pk}/history/").json()]
    assert history[0] == "create" and history[-2:] == ["record_payment", "close"]


@pytest.mark.django_db
def test_filing_with_one_officer_is_refused_and_nothing_is_written(api, city):
    case = penalty_case_until("start_verification", city)
    response = fire(api, city.head, case, "file_case", {"officers": [city.officers[0].pk]})
    assert response.status_code == 400
    assert "两名" in response.json()["errors"]["officers"][0]
    case.refresh_from_db()
    assert case.state == "verifying" and case.case_number == "" and not case.officers.exists()
    assert not IssuedNumber.objects.exists()


@pytest.mark.django_db
def test_filing_refuses_officers_without_certificate_from_another_bureau_or_with_a_conflict(api, city):
    case = penalty_case_until("start_verification", city)
    uncertified = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(CITY), certificate_number="")
    county = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    related = city.officers[0]
    StaffRelation.objects.create(user=related, party=case.principal_party, relation="relative")
    response = fire(api, city.head, case, "file_case", {"officers": [uncertified.pk, county.pk, related.pk]})
    assert response.status_code == 400
    problems = " ".join(response.json()["errors"]["officers"])
    assert "执法证号" in problems and "不属于本案管辖机关" in problems and "回避" in problems
    assert EnforcementCase.objects.get(pk=case.pk).state == "verifying"


@pytest.mark.django_db
def test_a_county_officer_or_head_cannot_see_or_decide_a_city_case(api, city):
    case = penalty_case_until("record_statement", city)
    county_head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county_officer).get(f"{URL}{case.pk}/").status_code == 404
    assert fire(api, county_head, case, "decide", penalty_payload("decide", city, case)).status_code == 404
    assert case.pk not in [c["id"] for c in api.as_user(county_head).get(URL).json()["results"]]
    assert EnforcementCase.objects.get(pk=case.pk).state == "notified"


@pytest.mark.django_db
def test_the_city_head_does_not_decide_a_county_bureaus_case(api, make_user):
    """The city sees its counties' cases, but each bureau decides its own."""
    county = bureau(ZEZHOU)
    case = penalty_case_until("record_statement", county)
    city_head = make_user(Role.AGENCY_HEAD, CITY)
    assert api.as_user(city_head).get(f"{URL}{case.pk}/").status_code == 200
    assert fire(api, city_head, case, "decide", penalty_payload("decide", county, case)).status_code == 403
    response = fire(api, county.head, case, "decide", penalty_payload("decide", county, case))
    assert response.status_code == 200
    assert PenaltyDecision.objects.get(case=case).number_text.startswith("泽市监罚〔")


@pytest.mark.django_db
def test_a_transition_from_the_wrong_state_is_a_conflict(api, city):
    case = penalty_clue(jurisdiction_code=CITY)
    response = fire(api, city.head, case, "file_case", {"officers": [o.pk for o in city.officers[:2]]})
    assert response.status_code == 409 and "线索登记" in response.json()["detail"]


@pytest.mark.django_db
def test_unknown_and_adjudication_transitions_are_unknown_on_a_penalty_case(api, city):
    case = penalty_clue(jurisdiction_code=CITY)
    for name in ("fly_away", "examine", "adjudicate"):
        response = fire(api, city.head, case, name)
        assert response.status_code == 400 and "transition" in response.json()["errors"], name
    names = {t["name"] for t in api.as_user(city.officers[0]).get(f"{URL}{case.pk}/transitions/").json()}
    assert names == {"start_verification"}


@pytest.mark.django_db
def test_auditors_and_credit_officers_read_but_may_not_write(api, city, make_user):
    case = penalty_clue(jurisdiction_code=CITY)
    for role in (Role.AUDITOR, Role.CREDIT_OFFICER):
        reader = make_user(role, CITY)
        assert api.as_user(reader).get(f"{URL}{case.pk}/").status_code == 200
        assert fire(api, reader, case, "start_verification").status_code == 403
        assert api.as_user(reader).patch(f"{URL}{case.pk}/", {"title": "改"}, format="json").status_code == 403
        assert api.as_user(reader).post(URL, {}, format="json").status_code == 403
    assert TransitionLog.objects.filter(object_id=case.pk).count() == 1


@pytest.mark.django_db
def test_the_branch_centre_does_not_read_case_files(api, make_user):
    case = penalty_clue(jurisdiction_code=CITY)
    assert api.as_user(make_user(Role.HANDLER, CITY)).get(f"{URL}{case.pk}/").status_code == 404


@pytest.mark.django_db
def test_bad_creation_input_gives_field_errors_and_writes_nothing(api, city):
    response = api.as_user(city.officers[0]).post(
        URL,
        {
            "procedure": "penalty",
            "kind": "",
            "clue_source": "assistance_referral",
            "title": " ",
            "facts": "案情",
            "received_on": "2099-01-01",
            "parties": [{"role": "complainant", "party": org_party()}],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"title", "received_on"} <= set(errors)
    response = api.as_user(city.officers[0]).post(
        URL,
        {
            "procedure": "penalty",
            "kind": "",
            "clue_source": "assistance_referral",
            "title": "线索",
            "facts": "案情",
            "received_on": "2026-09-24",
            "parties": [{"role": "complainant", "party": org_party()}],
        },
        format="json",
    )
    assert response.status_code == 400 and {"kind", "clue_source"} <= set(response.json()["errors"])
    assert not EnforcementCase.objects.exists()


@pytest.mark.django_db
def test_list_filters_by_procedure_kind_state_jurisdiction_and_officer(api, city):
    filed = penalty_case_until("file_case", city)
    clue = penalty_clue(jurisdiction_code=ZEZHOU, kind="patent_counterfeiting")
    reader = city.head

    def ids(**params):
        response = api.as_user(reader).get(URL, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(procedure="penalty") == {filed.pk, clue.pk}
    assert ids(kind="patent_counterfeiting") == {clue.pk}
    assert ids(state="filed") == {filed.pk}
    assert ids(jurisdiction=ZEZHOU) == {clue.pk}
    assert ids(officer=str(city.officers[1].pk)) == {filed.pk}
    assert api.as_user(reader).get(URL, {"officer": "x"}).status_code == 400
    assert api.as_user(reader).get(URL, {"kind": "murder"}).status_code == 400


@pytest.mark.django_db
def test_my_cases_queue_lists_the_officers_cases(api, city, client):
    mine = penalty_case_until("file_case", city)
    other = penalty_clue(jurisdiction_code=CITY, title="电商平台销售假冒“巴公”铸件线索")
    officer = city.officers[1]
    listed = {row["id"] for row in api.as_user(officer).get(URL, {"mine": "1"}).json()["results"]}
    assert listed == {mine.pk}
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert "我的案件" in page
    listing = client.get("/w/enforcement_case/?mine=1").content.decode()
    assert mine.case_number in listing and other.title not in listing


@pytest.mark.django_db
def test_a_criminal_referral_needs_a_team_of_two_and_the_heads_approval(api, city):
    case = penalty_case_until("start_investigation", city, illegal_turnover="60000", unsold_goods_value="20000")
    detail = api.as_user(city.head).get(f"{URL}{case.pk}/").json()
    assert len(detail["criminal_threshold_hint"]) == 1 and "销售金额" in detail["criminal_threshold_hint"][0]
    one = fire(
        api, city.officers[0], case, "propose_criminal_transfer", {"team": [city.officers[0].pk], "report": "报告"}
    )
    assert one.status_code == 400 and "team" in one.json()["errors"]
    team = [o.pk for o in city.officers[:2]]
    step(
        api,
        city.officers[0],
        case,
        "propose_criminal_transfer",
        {"team": team, "report": "涉嫌销售假冒注册商标的商品罪。"},
    )
    assert fire(api, city.officers[0], case, "approve_criminal_transfer").status_code == 403
    step(api, city.head, case, "approve_criminal_transfer")
    moved = step(api, city.officers[1], case, "transfer_to_police", {"police_unit": "晋城市公安局城区分局"})
    assert moved["state"] == "transferred_to_police"
    closed = step(api, city.head, case, "close")
    assert closed["closing_reason"] == "criminal_transfer"
    statuses = {d["kind"]: d["status"] for d in api.as_user(city.head).get(f"{URL}{case.pk}/deadlines/").json()}
    assert statuses["criminal_transfer_decision"] == "met" and statuses["decision"] == "cancelled"


@pytest.mark.django_db
def test_a_no_penalty_decision_issues_its_own_document_and_the_case_closes_directly(api, city):
    case = penalty_case_until("approve_review", city)
    decided = step(
        api,
        city.head,
        case,
        "decide",
        {
            "outcome": "no_penalty",
            "decision_note": "违法行为轻微并及时改正，没有造成危害后果。",
            "decision_text": "不予处罚。",
        },
    )
    assert decided["state"] == "decided" and decided["penalty_decision"] is None
    assert fire(api, city.officers[0], case, "serve", {"service_method": "direct"}).status_code == 409
    closed = step(api, city.head, case, "close")
    assert closed["closing_reason"] == "no_penalty"
    assert OfficialDocument.objects.filter(object_id=case.pk, kind="no_penalty_decision").exists()
    assert not PenaltyDecision.objects.exists()


@pytest.mark.django_db
def test_a_penalty_needs_the_prior_notice_first(api, city):
    case = penalty_case_until("approve_review", city)
    response = fire(api, city.head, case, "decide", penalty_payload("decide", city, case))
    assert response.status_code == 400 and "事先告知" in response.json()["errors"]["outcome"][0]


@pytest.mark.django_db
def test_the_decision_waits_for_the_statement_window_unless_the_party_answered(api, city):
    case = penalty_case_until("notify", city)
    response = fire(api, city.head, case, "decide", penalty_payload("decide", city, case))
    assert response.status_code == 409 and "陈述" in response.json()["detail"]


@pytest.mark.django_db
def test_search_finds_a_case_by_party_credit_code_and_decision_number_within_the_jurisdiction(
    api, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = penalty_case_until("decide", city)
    code = case.principal_party.credit_code
    number = case.penalty_decision.number_text
    for q in (code, number, "树脂镜片"):
        hits = api.as_user(city.head).get("/api/search/", {"q": q, "type": "enforcement_case"}).json()
        assert [hit["id"] for hit in hits["results"]] == [case.pk], q
    county = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county).get("/api/search/", {"q": number}).json()["count"] == 0


@pytest.mark.django_db
def test_officers_edit_amounts_of_their_open_case_but_not_its_procedure_or_a_decided_case(api, city):
    case = penalty_case_until("start_investigation", city)
    url = f"{URL}{case.pk}/"
    edited = api.as_user(city.officers[1]).patch(url, {"illegal_turnover": "120000.50"}, format="json")
    assert edited.status_code == 200 and edited.json()["illegal_turnover"] == "120000.50"
    assert edited.json()["fine_ceiling"]["amount"] == "600002.50"
    fixed = api.as_user(city.officers[1]).patch(url, {"procedure": "adjudication"}, format="json")
    assert fixed.status_code == 400 and "procedure" in fixed.json()["errors"]
    outsider = api.as_user(city.officers[2]).patch(url, {"title": "改"}, format="json")
    assert outsider.status_code == 403
    state = api.as_user(city.officers[1]).patch(url, {"state": "closed"}, format="json")
    assert state.status_code == 200 and state.json()["state"] == "investigating"
    decided = penalty_case_until("decide", city)
    late = api.as_user(city.head).patch(f"{URL}{decided.pk}/", {"illegal_gains": "1"}, format="json")
    assert late.status_code == 400 and "state" in late.json()["errors"]


@pytest.mark.django_db
def test_the_head_files_a_case_from_the_staff_web_form_naming_two_officers(client, city):
    case = penalty_case_until("start_verification", city)
    client.force_login(city.head)
    url = f"/w/enforcement_case/{case.pk}/transition/file_case/"
    form = client.get(url).content.decode()
    assert city.officers[0].display_name in form
    refused = client.post(url, {"officers": [city.officers[0].pk]})
    assert refused.status_code == 400 and "两名" in refused.content.decode()
    done = client.post(url, {"officers": [city.officers[0].pk, city.officers[1].pk], "reason": "立案"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == "filed" and case.officers.count() == 2 and case.case_number


@pytest.mark.django_db
def test_case_and_decision_lists_export_to_excel(api, city):
    penalty_case_until("decide", city)
    for url in (URL, "/api/penalty-decisions/"):
        response = api.as_user(city.head).get(url, {"format": "xlsx"})
        assert response.status_code == 200 and response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ), url
