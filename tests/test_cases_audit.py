"""Every write of the branch centre goes through the audited door: a booked or edited mediation
session, a corrected request, mediation or referral, a report to the court each leave exactly one
history row naming the actor and the reason (edits with their old → new values), a refused write
(400/403/404/409) leaves none, and an online application's creation row names the applicant."""

import random

import pytest
from django.contrib.contenttypes.models import ContentType

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.errors import Conflict, Forbidden, Invalid, NotFound
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase, MediationSession
from cases.services.assistance import assistance_request_update
from cases.services.mediation import mediation_create, mediation_update
from cases.services.sessions import mediation_session_create, mediation_session_update

from .factories import CITY, ZEZHOU, assistance_request, jurisdiction
from .mediation_factories import advance, mediation_case, mediation_in_state, party, session_times, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user(Role.INTAKE_CLERK, CITY, full_name="王丽"),
        "head": make_user(Role.CENTRE_HEAD, CITY, full_name="陈建国"),
        "mediator": make_user(Role.HANDLER, CITY, full_name="赵敏"),
    }


def history(obj) -> list[TransitionLog]:
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).order_by("at", "id")
    )


def session_body(days_ahead: int = 3, hour: int = 9, **extra) -> dict:
    start, end = session_times(days_ahead=days_ahead, hour=hour)
    return {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "分中心第一调解室", **extra}


# ---------- one row per write, naming actor and reason ----------


def test_booking_and_editing_a_session_each_leave_one_row_on_the_case_with_actor_and_reason(people, api):
    case = mediation_in_state("in_mediation", **people)
    client = api.as_user(people["mediator"])
    rows = len(history(case))

    created = client.post(f"/api/mediations/{case.pk}/sessions/", session_body(reason="安排首次调解"), format="json")
    assert created.status_code == 201, created.content
    assert "reason" not in created.json()
    [booked] = history(case)[rows:]
    assert (booked.transition, booked.transition_label) == ("session_create", "安排调解会议")
    assert (booked.actor, booked.actor_name, booked.reason) == (people["mediator"], "赵敏", "安排首次调解")
    assert (booked.source, booked.target) == ("in_mediation", "in_mediation")
    assert booked.payload["session"] == created.json()["id"] and booked.payload["place"] == "分中心第一调解室"

    url = f"/api/mediations/{case.pk}/sessions/{created.json()['id']}/"
    edited = client.patch(url, {"place": "分中心第二调解室", "reason": "第一调解室检修"}, format="json")
    assert edited.status_code == 200, edited.content
    [moved] = history(case)[rows + 1 :]
    assert (moved.transition, moved.actor, moved.reason) == ("session_update", people["mediator"], "第一调解室检修")
    assert moved.changes == [
        {"field": "place", "label": "调解会议·地点", "old": "分中心第一调解室", "new": "分中心第二调解室"}
    ]

    # Without a reason the row gives the step's label.
    client.patch(url, {"participants": "双方当事人及代理人"}, format="json")
    assert history(case)[-1].reason == "修改调解会议"
    assert len(history(case)) == rows + 3


def test_minutes_of_a_held_session_are_an_edit_of_the_session_recorded_on_the_case(people):
    case = mediation_in_state("in_mediation", **people)
    start, end = session_times(days_ahead=-1)
    session = mediation_session_create(case, actor=people["mediator"], starts_at=start, ends_at=end, place="调解室")
    updated = mediation_session_update(
        session, actor=people["mediator"], minutes="双方同意继续协商。", reason="记录笔录"
    )
    assert updated.recorded_by == people["mediator"] and updated.recorded_at is not None
    last = history(case)[-1]
    assert (last.transition, last.reason) == ("session_update", "记录笔录")
    assert [change["field"] for change in last.changes] == ["minutes"]


def test_a_patch_of_an_assistance_request_records_old_and_new_values(people, api):
    request = assistance_request(actor=people["clerk"], title="测距模组外观设计被仿制")
    client = api.as_user(people["clerk"])
    old_phone = request.contact_phone
    response = client.patch(
        f"/api/assistance-requests/{request.pk}/",
        {"title": "激光测距模组外观设计专利被仿制", "contact_phone": "0356-2021234", "reason": "申请人来电更正"},
        format="json",
    )
    assert response.status_code == 200, response.content
    [created, edit] = history(request)
    assert created.transition == "create"
    assert (edit.transition, edit.transition_label, edit.actor, edit.reason) == (
        "edit",
        "修改申请信息",
        people["clerk"],
        "申请人来电更正",
    )
    assert {change["field"]: (change["label"], change["old"], change["new"]) for change in edit.changes} == {
        "title": ("事项", "测距模组外观设计被仿制", "激光测距模组外观设计专利被仿制"),
        "contact_phone": ("联系电话", old_phone, "0356-2021234"),
    }
    entry = client.get(f"/api/assistance-requests/{request.pk}/history/").json()[-1]
    assert (entry["transition"], entry["actor_name"], entry["reason"]) == (
        "edit",
        people["clerk"].display_name,
        "申请人来电更正",
    )

    # A new respondent is recorded by name; without a reason the label stands in.
    new_respondent = party()
    client.patch(f"/api/assistance-requests/{request.pk}/", {"respondent": new_respondent}, format="json")
    last = history(request)[-1]
    assert last.reason == "修改申请信息"
    assert last.changes == [
        {"field": "respondent", "label": "对方当事人", "old": request.respondent.name, "new": new_respondent["name"]}
    ]


def test_a_mediation_patch_records_the_court_case_number_as_stored(people, api):
    case = mediation_case(actor=people["clerk"], court=True)
    response = api.as_user(people["clerk"]).patch(
        f"/api/mediations/{case.pk}/",
        {"court_case_number": "（2026）晋05民初 456号", "reason": "法院更正案号"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["court_case_number"] == "(2026)晋05民初456号"
    last = history(case)[-1]
    assert (last.transition, last.actor, last.reason) == ("edit", people["clerk"], "法院更正案号")
    assert last.changes == [
        {"field": "court_case_number", "label": "法院案号", "old": "(2026)晋05民初123号", "new": "(2026)晋05民初456号"}
    ]


def test_a_new_handler_of_a_referral_is_recorded_and_takes_over_its_deadline(people, make_user, api):
    mediation_in_state("referred", **people)
    referral = ArbitrationReferral.objects.get()
    other = make_user(Role.HANDLER, CITY, full_name="孙磊")
    response = api.as_user(people["head"]).patch(
        f"/api/arbitration-referrals/{referral.pk}/", {"handler": other.pk, "reason": "原跟进人休假"}, format="json"
    )
    assert response.status_code == 200, response.content
    last = history(referral)[-1]
    assert (last.transition, last.actor, last.reason) == ("edit", people["head"], "原跟进人休假")
    assert last.changes == [{"field": "handler", "label": "跟进人", "old": "赵敏", "new": "孙磊"}]
    assert [d.responsible for d in deadlines_for(referral) if d.is_active] == [other]


def test_the_court_report_is_one_row_whose_reason_is_the_report(people, api):
    case = mediation_in_state("terminated", court=True, **people)
    rows = len(history(case))
    body = {"reported_on": today().isoformat(), "report": "调解不成，已函告晋城市中级人民法院。"}
    assert (
        api.as_user(people["mediator"])
        .post(f"/api/mediations/{case.pk}/court-report/", body, format="json")
        .status_code
        == 200
    )
    [row] = history(case)[rows:]
    assert (row.transition, row.actor, row.reason) == ("report_to_court", people["mediator"], body["report"])
    assert {change["field"] for change in row.changes} == {"court_reported_on", "court_report"}


# ---------- refused writes leave no row ----------


def test_refused_writes_answer_400_403_404_409_and_write_no_history(people, make_user, api):
    request = assistance_request(actor=people["clerk"])
    case = mediation_in_state("in_mediation", **people)
    waiting = mediation_in_state("consulting_respondent", **people)
    stranger = make_user(Role.HANDLER, CITY)
    county = make_user(Role.INTAKE_CLERK, ZEZHOU)
    mediator = api.as_user(people["mediator"])
    booked = mediator.post(f"/api/mediations/{case.pk}/sessions/", session_body(hour=9), format="json").json()
    closed = fire_transition(
        assistance_request(actor=people["clerk"]), "withdraw", actor=people["clerk"], reason="撤回"
    )
    before = TransitionLog.objects.count()

    def status(user, method, url, body):
        return getattr(api.as_user(user), method)(url, body, format="json").status_code

    sessions = f"/api/mediations/{case.pk}/sessions/"
    refused = [
        # 400: bad input, a closed request, nothing changed, a double booking, another area
        (400, status(people["clerk"], "patch", f"/api/assistance-requests/{request.pk}/", {"title": " "})),
        (400, status(people["clerk"], "patch", f"/api/assistance-requests/{closed.pk}/", {"title": "改"})),
        (400, status(people["clerk"], "patch", f"/api/assistance-requests/{request.pk}/", {"title": request.title})),
        (400, status(people["mediator"], "post", sessions, session_body(hour=10))),
        (
            400,
            status(people["clerk"], "patch", f"/api/assistance-requests/{request.pk}/", {"jurisdiction_code": ZEZHOU}),
        ),
        # 403: not this case's mediator
        (403, status(stranger, "post", sessions, session_body(hour=14))),
        (403, status(stranger, "patch", f"{sessions}{booked['id']}/", {"place": "别处"})),
        (403, status(stranger, "patch", f"/api/mediations/{case.pk}/", {"title": "改"})),
        # 404: another county's clerk does not see the request
        (404, status(county, "patch", f"/api/assistance-requests/{request.pk}/", {"title": "改"})),
        # 409: no sessions before the case is accepted; the court report of a direct case
        (409, status(people["head"], "post", f"/api/mediations/{waiting.pk}/sessions/", session_body(hour=16))),
        (
            409,
            status(
                people["mediator"],
                "post",
                f"/api/mediations/{case.pk}/court-report/",
                {"reported_on": today().isoformat(), "report": "x"},
            ),
        ),
    ]
    assert [got for _, got in refused] == [expected for expected, _ in refused]
    assert TransitionLog.objects.count() == before
    assert MediationSession.objects.count() == 1


def test_services_refuse_with_domain_errors_and_write_nothing(people, make_user):
    case = mediation_in_state("in_mediation", **people)
    start, end = session_times(days_ahead=2)
    session = mediation_session_create(case, actor=people["mediator"], starts_at=start, ends_at=end, place="调解室")
    request = assistance_request(actor=people["clerk"])
    auditor, stranger, county_head = (
        make_user(Role.AUDITOR, CITY),
        make_user(Role.HANDLER, CITY),
        make_user(Role.CENTRE_HEAD, ZEZHOU),
    )
    rows = TransitionLog.objects.count()

    with pytest.raises(Invalid) as overlap:
        mediation_session_create(case, actor=people["mediator"], starts_at=start, ends_at=end, place="调解室")
    assert "starts_at" in overlap.value.errors
    with pytest.raises(Forbidden):
        mediation_session_update(session, actor=stranger, place="别处")
    with pytest.raises(NotFound):
        mediation_update(case, actor=county_head, title="改")
    with pytest.raises(Invalid) as fixed:
        mediation_session_update(session, actor=people["mediator"], cancelled_at=start)
    assert fixed.value.errors == {"cancelled_at": ["该项不能修改。"]}
    with pytest.raises(Forbidden):
        assistance_request_update(request, actor=auditor, title="改")
    assert TransitionLog.objects.count() == rows

    # Once the mediation ended, its sessions still ahead are called off and stay so.
    advance(case, ["terminate"], **people)
    rows = TransitionLog.objects.count()
    with pytest.raises(Conflict):
        mediation_session_update(session, actor=people["mediator"], place="别处")
    assert TransitionLog.objects.count() == rows


def test_registering_by_hand_needs_an_intake_role_in_the_area(people, make_user):
    jurisdiction_city = jurisdiction(CITY)
    fields = {"title": "商标许可费纠纷", "facts": "双方就许可费数额协商未果。", "ip_type": "trademark"}
    for actor in (make_user(Role.HANDLER, CITY), make_user(Role.INTAKE_CLERK, ZEZHOU), None):
        with pytest.raises(Forbidden):
            mediation_create(
                actor=actor, applicant=party(), respondent=party(), jurisdiction=jurisdiction_city, **fields
            )
    assert not MediationCase.objects.exists() and not TransitionLog.objects.exists()


def test_enforcement_referrals_are_never_patched(people, make_user, api):
    request = assistance_request(actor=people["clerk"])
    handler = people["mediator"]
    fire_transition(request, "accept", actor=people["head"], reason="受理")
    fire_transition(request, "assign", actor=people["head"], payload={"handler": handler.pk})
    fire_transition(request, "start", actor=handler)
    payload = {"referral_target": "enforcement", "referral_unit": "晋城市市场监督管理局", "applicant_consent": True}
    fire_transition(request, "refer", actor=handler, reason="移送执法", payload=payload)
    referral = EnforcementReferral.objects.get()
    [created] = history(referral)
    assert (created.transition, created.actor, created.reason) == ("create", handler, "移送执法")
    head = make_user(Role.AGENCY_HEAD, CITY)
    response = api.as_user(head).patch(f"/api/enforcement-referrals/{referral.pk}/", {"summary": "改"}, format="json")
    assert response.status_code in (403, 405)
    assert len(history(referral)) == 1


# ---------- the public ----------


def test_an_online_applications_creation_row_names_the_applicant(api):
    body = {
        "applicant": {
            "kind": "organization",
            "name": "晋城市凤凰光电科技有限公司",
            "credit_code": make_credit_code(random.Random(7), "140502"),
        },
        "contact_phone": "13903561234",
        "title": "煤层气排采设备实用新型专利纠纷",
        "ip_type": "patent",
        "assistance_type": "consultation",
        "facts": "被申请人使用与本公司专利相同的排采控制装置。",
        "jurisdiction_code": ZEZHOU,
        "privacy_consent": True,
    }
    response = api.post("/api/public/assistance-requests/", body, format="json")
    assert response.status_code == 201, response.content
    request = AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    [created] = history(request)
    assert (created.transition, created.actor, created.actor_role) == ("create", None, "public")
    assert created.actor_name == "申请人 晋城市凤凰光电科技有限公司（网上申请）"
    assert created.reason == "网上提交申请"

    refused = api.post("/api/public/assistance-requests/", body | {"privacy_consent": False}, format="json")
    assert refused.status_code == 400
    assert TransitionLog.objects.count() == 1
