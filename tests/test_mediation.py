"""Mediation cases (DOMAIN §2): never without the respondent's consent, 回避 and no double-booking
of mediators, court-entrusted time limits and reporting, the judicial-confirmation window, and
the permission of every transition for every role."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from casemgmt.calendar.counting import compute_due
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.org.models import Role
from casemgmt.parties.models import StaffRelation
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.transitions import transition_specs
from cases.models import AssistanceRequest, MediationCase, MediationSession
from cases.selectors import sessions_between

from .factories import CITY, ZEZHOU, assistance_request
from .mediation_factories import (
    COURT_CASE_NUMBER,
    PATHS,
    advance,
    mediation_case,
    mediation_in_state,
    party,
    payload_for,
    session_times,
    today,
)

S = MediationCase.State

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user):
    return make_user(Role.INTAKE_CLERK, CITY, full_name="王丽")


@pytest.fixture
def head(make_user):
    return make_user(Role.CENTRE_HEAD, CITY, full_name="陈建国")


@pytest.fixture
def mediator(make_user):
    return make_user(Role.HANDLER, CITY, full_name="赵敏")


@pytest.fixture
def people(clerk, head, mediator):
    return {"clerk": clerk, "head": head, "mediator": mediator}


def history(case):
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(MediationCase), object_id=case.pk
        ).order_by("at", "id")
    )


def post(client, case, name, body):
    return client.post(f"/api/mediations/{case.pk}/transitions/{name}/", body, format="json")


def deadline(case, kind):
    return next(d for d in deadlines_for(case) if d.kind == kind)


# ---------- the whole path through the API ----------


def test_assistance_referral_to_performed_agreement_through_the_api(people, api):
    """An assistance request referred to mediation becomes a linked case; consent, acceptance,
    assignment, a session with minutes, agreement, judicial confirmation and performance follow,
    each leaving one history row with its actor and reason."""
    clerk, head, mediator = people["clerk"], people["head"], people["mediator"]
    request = assistance_request(actor=clerk, claims="请求对方支付许可费")
    request = fire_transition(request, "accept", actor=head, reason="受理")
    request = fire_transition(request, "assign", actor=head, payload={"handler": mediator.pk})
    request = fire_transition(request, "start", actor=mediator)
    response = api.as_user(mediator).post(
        f"/api/assistance-requests/{request.pk}/transitions/refer/",
        {
            "reason": "申请人同意转交调解",
            "referral_target": "mediation",
            "referral_unit": "晋城市知识产权纠纷人民调解委员会",
            "applicant_consent": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.content

    case = request.mediations.get()
    assert (case.source, case.state, case.assistance_request) == ("assistance_referral", S.APPLIED, request)
    assert (case.applicant, case.respondent, case.facts, case.jurisdiction_id) == (
        request.applicant,
        request.respondent,
        request.facts,
        request.jurisdiction_id,
    )
    [created] = history(case)
    assert (created.transition, created.actor, created.reason) == ("create", mediator, "申请人同意转交调解")

    steps = [
        (clerk, "consult_respondent", {"reason": "电话征询被申请人"}),
        (clerk, "record_consent", {"reason": "被申请人同意", "responded_on": today().isoformat(), "method": "written"}),
        (head, "accept", {"reason": "双方同意调解"}),
        (head, "assign_mediator", {"reason": "指派赵敏", "mediator": mediator.pk}),
        (mediator, "start_mediation", {"reason": "首次调解"}),
    ]
    for actor, name, body in steps:
        response = post(api.as_user(actor), case, name, body)
        assert response.status_code == 200, (name, response.content)

    start, end = session_times(days_ahead=-1)
    response = api.as_user(mediator).post(
        f"/api/mediations/{case.pk}/sessions/",
        {
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
            "place": "分中心第一调解室",
            "participants": "申请人代理人、被申请人法定代表人",
            "minutes": "双方确认侵权事实，就许可费数额达成一致意见。",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    session = MediationSession.objects.get(pk=response.json()["id"])
    assert (session.mediator, session.recorded_by) == (mediator, mediator)

    steps = [
        (
            "record_agreement",
            {
                "reason": "签署调解协议",
                "agreement_text": "被申请人支付许可费八万元。",
                "agreement_effective_on": today().isoformat(),
            },
        ),
        (
            "request_judicial_confirmation",
            {
                "reason": "双方共同申请",
                "confirmation_court": "晋城市城区人民法院",
                "confirmation_applied_on": today().isoformat(),
            },
        ),
        (
            "record_confirmation",
            {
                "reason": "法院裁定有效",
                "confirmation_case_number": "（2026）晋0502民特12号",
                "confirmation_ruled_on": today().isoformat(),
            },
        ),
        ("record_performance", {"reason": "已付清", "performed_on": today().isoformat()}),
    ]
    for name, body in steps:
        response = post(api.as_user(mediator), case, name, body)
        assert response.status_code == 200, (name, response.content)
    assert response.json()["state"] == "performed"
    assert response.json()["confirmation_case_number"] == "(2026)晋0502民特12号"

    rows = api.as_user(head).get(f"/api/mediations/{case.pk}/history/").json()
    assert [(r["transition"], r["actor"], r["reason"]) for r in rows] == [
        ("create", mediator.username, "申请人同意转交调解"),
        ("consult_respondent", clerk.username, "电话征询被申请人"),
        ("record_consent", clerk.username, "被申请人同意"),
        ("accept", head.username, "双方同意调解"),
        ("assign_mediator", head.username, "指派赵敏"),
        ("start_mediation", mediator.username, "首次调解"),
        ("session_create", mediator.username, "安排调解会议"),
        ("record_agreement", mediator.username, "签署调解协议"),
        ("request_judicial_confirmation", mediator.username, "双方共同申请"),
        ("record_confirmation", mediator.username, "法院裁定有效"),
        ("record_performance", mediator.username, "已付清"),
    ]
    by_kind = {d["kind"]: d for d in api.as_user(head).get(f"/api/mediations/{case.pk}/deadlines/").json()}
    assert by_kind["judicial_confirmation_window"]["status"] == "met"
    assert by_kind["judicial_confirmation_review"]["status"] == "met"


def test_assistance_referral_to_another_target_creates_no_mediation(people):
    clerk, head, mediator = people["clerk"], people["head"], people["mediator"]
    request = fire_transition(assistance_request(actor=clerk), "accept", actor=head)
    request = fire_transition(request, "assign", actor=head, payload={"handler": mediator.pk})
    request = fire_transition(request, "start", actor=mediator)
    fire_transition(
        request,
        "refer",
        actor=mediator,
        payload={"referral_target": "enforcement", "referral_unit": "晋城市市场监督管理局", "applicant_consent": True},
    )
    assert not MediationCase.objects.exists()


def test_a_respondent_who_refuses_ends_the_case_as_declined(people, api):
    """Mediation never proceeds against a party's will: without consent the head cannot accept,
    and a recorded refusal declines the case."""
    case = mediation_in_state("consulting_respondent", **people)
    response = post(api.as_user(people["head"]), case, "accept", {"reason": "受理"})
    assert response.status_code == 409 and "第十七条" in response.json()["detail"]

    response = post(
        api.as_user(people["clerk"]),
        case,
        "record_refusal",
        {"reason": "被申请人表示不接受调解，要求通过诉讼解决", "responded_on": today().isoformat(), "method": "phone"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["respondent_response"], body["respondent_response_method"]) == (
        "declined",
        "refused",
        "phone",
    )
    assert history(case)[-1].reason == "被申请人表示不接受调解，要求通过诉讼解决"


def test_consent_is_recorded_with_its_date_and_form_and_only_once(people, api):
    case = mediation_in_state("consulting_respondent", **people)
    client = api.as_user(people["clerk"])
    response = post(client, case, "record_consent", {"responded_on": "2099-01-01", "method": "written"})
    assert response.status_code == 400 and "responded_on" in response.json()["errors"]
    response = post(client, case, "record_consent", {"responded_on": today().isoformat(), "method": "oral"})
    assert response.status_code == 200
    assert (response.json()["respondent_responded_on"], response.json()["respondent_response_method"]) == (
        today().isoformat(),
        "oral",
    )
    again = post(client, case, "record_consent", {"responded_on": today().isoformat(), "method": "oral"})
    assert again.status_code == 409


# ---------- sessions ----------


def test_a_mediator_cannot_be_double_booked(people, make_user, api):
    """A second session overlapping one the mediator already has, in any case, is refused with
    the other case and its time named; nothing is written."""
    first = mediation_in_state("in_mediation", **people)
    second = mediation_in_state("accepted", **people)
    client = api.as_user(people["mediator"])
    start, end = session_times(days_ahead=3, hour=9, hours=2)
    booked = client.post(
        f"/api/mediations/{first.pk}/sessions/",
        {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "第一调解室"},
        format="json",
    )
    assert booked.status_code == 201, booked.content

    overlapping = client.post(
        f"/api/mediations/{second.pk}/sessions/",
        {
            "starts_at": (start + dt.timedelta(hours=1)).isoformat(),
            "ends_at": (end + dt.timedelta(hours=1)).isoformat(),
            "place": "第二调解室",
        },
        format="json",
    )
    assert overlapping.status_code == 400
    [message] = overlapping.json()["errors"]["starts_at"]
    assert str(first) in message and f"{start:%Y-%m-%d %H:%M}" in message and "赵敏" in message
    assert MediationSession.objects.count() == 1

    adjacent = client.post(
        f"/api/mediations/{second.pk}/sessions/",
        {"starts_at": end.isoformat(), "ends_at": (end + dt.timedelta(hours=2)).isoformat(), "place": "第二调解室"},
        format="json",
    )
    assert adjacent.status_code == 201, adjacent.content


def test_overlapping_sessions_of_different_mediators_are_fine(people, make_user, api):
    other_mediator = make_user(Role.HANDLER, CITY)
    first = mediation_in_state("in_mediation", **people)
    second = mediation_in_state("in_mediation", **(people | {"mediator": other_mediator}))
    start, end = session_times(days_ahead=2)
    for case, user in ((first, people["mediator"]), (second, other_mediator)):
        response = api.as_user(user).post(
            f"/api/mediations/{case.pk}/sessions/",
            {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "分中心调解室"},
            format="json",
        )
        assert response.status_code == 201, response.content
    assert MediationSession.objects.filter(starts_at=start).count() == 2


def test_rescheduling_onto_another_session_is_refused_too(people, api):
    case = mediation_in_state("in_mediation", **people)
    client = api.as_user(people["mediator"])
    ids = []
    for hour in (9, 14):
        start, end = session_times(days_ahead=4, hour=hour)
        response = client.post(
            f"/api/mediations/{case.pk}/sessions/",
            {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "调解室"},
            format="json",
        )
        ids.append(response.json()["id"])
    start, _ = session_times(days_ahead=4, hour=9)
    response = client.patch(
        f"/api/mediations/{case.pk}/sessions/{ids[1]}/",
        {"starts_at": (start + dt.timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "starts_at" in response.json()["errors"]


def test_sessions_only_while_the_case_is_accepted_or_in_mediation(people, api):
    case = mediation_in_state("consulting_respondent", **people)
    start, end = session_times()
    response = api.as_user(people["head"]).post(
        f"/api/mediations/{case.pk}/sessions/",
        {
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
            "place": "调解室",
            "mediator": people["mediator"].pk,
        },
        format="json",
    )
    assert response.status_code == 409
    assert not MediationSession.objects.exists()


def test_minutes_are_written_after_the_session_and_indexed_for_search(people, api, django_capture_on_commit_callbacks):
    case = mediation_in_state("in_mediation", **people)
    client = api.as_user(people["mediator"])
    start, end = session_times(days_ahead=1)
    created = client.post(
        f"/api/mediations/{case.pk}/sessions/",
        {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "调解室", "minutes": "提前写的笔录"},
        format="json",
    )
    assert created.status_code == 400 and "minutes" in created.json()["errors"]

    start, end = session_times(days_ahead=-2)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            f"/api/mediations/{case.pk}/sessions/",
            {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "调解室"},
            format="json",
        )
        assert created.status_code == 201
        updated = client.patch(
            f"/api/mediations/{case.pk}/sessions/{created.json()['id']}/",
            {"minutes": "被申请人同意停止销售涉案煤层气抽采泵并下架宣传资料。"},
            format="json",
        )
    assert updated.status_code == 200, updated.content
    assert updated.json()["recorded_by"] == people["mediator"].pk

    hits = api.as_user(people["head"]).get("/api/search/", {"q": "煤层气抽采泵", "type": "mediation"}).json()
    assert [hit["id"] for hit in hits["results"]] == [case.pk]


def test_a_handler_who_is_not_the_mediator_cannot_book_sessions(people, make_user, api):
    case = mediation_in_state("in_mediation", **people)
    start, end = session_times()
    response = api.as_user(make_user(Role.HANDLER, CITY)).post(
        f"/api/mediations/{case.pk}/sessions/",
        {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "调解室"},
        format="json",
    )
    assert response.status_code == 403


def test_calendar_lists_sessions_between_dates_for_one_or_all_visible_mediators(people, make_user, api):
    other = make_user(Role.HANDLER, CITY)
    mine = mediation_in_state("in_mediation", **people)
    theirs = mediation_in_state("in_mediation", **(people | {"mediator": other}))
    county_head = make_user(Role.CENTRE_HEAD, ZEZHOU)
    county_mediator = make_user(Role.HANDLER, ZEZHOU)
    county = mediation_in_state(
        "in_mediation", clerk=people["clerk"], head=county_head, mediator=county_mediator, jurisdiction_code=ZEZHOU
    )
    from cases.services.sessions import mediation_session_create

    for case, user, days in ((mine, people["mediator"], 1), (theirs, other, 2), (county, county_mediator, 1)):
        start, end = session_times(days_ahead=days)
        mediation_session_create(case, actor=user, starts_at=start, ends_at=end, place="调解室")
    start, end = session_times(days_ahead=20)
    mediation_session_create(mine, actor=people["mediator"], starts_at=start, ends_at=end, place="调解室")

    week = (today(), today() + dt.timedelta(days=6))
    assert [s.mediation for s in sessions_between(people["head"], *week)] == [mine, county, theirs]
    assert [s.mediation for s in sessions_between(people["head"], *week, mediator=other)] == [theirs]
    assert [s.mediation for s in sessions_between(county_head, *week)] == [county]

    response = api.as_user(people["mediator"]).get(
        "/api/mediation-sessions/",
        {"start": week[0].isoformat(), "end": week[1].isoformat(), "mediator": people["mediator"].pk},
    )
    assert response.status_code == 200
    assert [row["mediation"] for row in response.json()] == [mine.pk]
    bad = api.as_user(people["mediator"]).get("/api/mediation-sessions/", {"start": "2026-12-10", "end": "2026-12-01"})
    assert bad.status_code == 400 and "end" in bad.json()["errors"]


def test_sessions_still_ahead_are_called_off_when_the_mediation_ends(people):
    from cases.services.sessions import mediation_session_create

    case = mediation_in_state("in_mediation", **people)
    start, end = session_times(days_ahead=5)
    session = mediation_session_create(case, actor=people["mediator"], starts_at=start, ends_at=end, place="调解室")
    advance(case, ["terminate"], **people)
    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert list(sessions_between(people["head"], today(), today() + dt.timedelta(days=7))) == []


# ---------- assignment, visibility, permissions ----------


def test_assigning_a_mediator_related_to_a_party_is_refused_with_the_reason(people, api):
    case = mediation_in_state("consulting_respondent", **people)
    case = advance(case, ["record_consent", "accept"], **people)
    StaffRelation.objects.create(user=people["mediator"], party=case.applicant, relation="agent")
    response = post(api.as_user(people["head"]), case, "assign_mediator", {"mediator": people["mediator"].pk})
    assert response.status_code == 400
    [message] = response.json()["errors"]["mediator"]
    assert "回避" in message and case.applicant.name in message
    case.refresh_from_db()
    assert case.mediator is None


def test_the_mediator_may_not_accept_a_case(people, api):
    case = mediation_in_state("consulting_respondent", **people)
    case = advance(case, ["record_consent"], **people)
    response = post(api.as_user(people["mediator"]), case, "accept", {"reason": "受理"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == S.CONSULTING_RESPONDENT


def test_county_staff_and_enforcement_staff_get_404(people, make_user, api):
    case = mediation_in_state("in_mediation", **people)
    for user in (make_user(Role.CENTRE_HEAD, ZEZHOU), make_user(Role.OFFICER, CITY)):
        client = api.as_user(user)
        assert client.get(f"/api/mediations/{case.pk}/").status_code == 404
        assert client.get(f"/api/mediations/{case.pk}/sessions/").status_code == 404
        assert post(client, case, "terminate", {"termination_reason": "x"}).status_code == 404
        assert case.pk not in [row["id"] for row in client.get("/api/mediations/").json()["results"]]


def test_auditors_read_but_never_write(people, make_user, api):
    case = mediation_in_state("in_mediation", **people)
    client = api.as_user(make_user(Role.AUDITOR, CITY))
    assert client.get(f"/api/mediations/{case.pk}/").status_code == 200
    assert post(client, case, "terminate", {"termination_reason": "x"}).status_code == 403
    start, end = session_times()
    assert (
        client.post(
            f"/api/mediations/{case.pk}/sessions/",
            {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "x"},
            format="json",
        ).status_code
        == 403
    )
    assert client.patch(f"/api/mediations/{case.pk}/", {"title": "改"}, format="json").status_code == 403


def test_my_tasks_show_the_assigned_mediator_their_cases_only(people, make_user):
    from casemgmt.workflow.selectors import awaiting_user

    accepted = mediation_in_state("accepted", **people)
    unassigned = advance(mediation_in_state("consulting_respondent", **people), ["record_consent", "accept"], **people)

    def tasks(user):
        return {obj.pk for wf, objects in awaiting_user(user) if wf.key == "mediation" for obj in objects}

    assert tasks(people["mediator"]) == {accepted.pk}
    assert tasks(make_user(Role.HANDLER, CITY)) == set()
    assert tasks(people["head"]) == {unassigned.pk}


def test_a_transition_from_the_wrong_state_is_a_conflict(people, api):
    case = mediation_case(actor=people["clerk"])
    response = post(
        api.as_user(people["head"]),
        case,
        "record_agreement",
        {"agreement_text": "x", "agreement_effective_on": today().isoformat()},
    )
    assert response.status_code == 409
    assert case.state == MediationCase.objects.get(pk=case.pk).state == S.APPLIED


# ---------- registration and editing ----------


def test_registering_a_court_entrusted_case_needs_court_and_case_number(clerk, api):
    client = api.as_user(clerk)
    body = {
        "source": "court_pre_litigation",
        "court_name": "晋城市中级人民法院",
        "applicant": party(),
        "respondent": party(),
        "title": "铸造模具实用新型专利侵权纠纷",
        "facts": "法院诉前委派调解。",
        "ip_type": "patent",
    }
    response = client.post("/api/mediations/", body, format="json")
    assert response.status_code == 400 and "court_case_number" in response.json()["errors"]
    response = client.post("/api/mediations/", body | {"court_case_number": "晋05民初123"}, format="json")
    assert response.status_code == 400 and "court_case_number" in response.json()["errors"]
    assert not MediationCase.objects.exists()

    response = client.post("/api/mediations/", body | {"court_case_number": "（2026）晋05民初123号"}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["state_label"], data["jurisdiction"]) == ("applied", "已申请", CITY)
    assert data["court_case_number"] == COURT_CASE_NUMBER
    assert {"id", "created_at", "updated_at"} <= set(data)
    [row] = history(MediationCase.objects.get())
    assert (row.transition, row.actor) == ("create", clerk)


def test_bad_input_is_400_and_writes_nothing(clerk, api):
    client = api.as_user(clerk)
    same = party()
    response = client.post(
        "/api/mediations/",
        {"applicant": same, "respondent": same, "title": " ", "facts": "x", "ip_type": "nonsense"},
        format="json",
    )
    assert response.status_code == 400
    assert {"title", "ip_type"} <= set(response.json()["errors"])
    response = client.post(
        "/api/mediations/",
        {"applicant": same, "respondent": same, "title": "t", "facts": "x", "ip_type": "patent"},
        format="json",
    )
    assert response.status_code == 400 and "respondent" in response.json()["errors"]
    response = client.post(
        "/api/mediations/",
        {"source": "assistance_referral", "applicant": party(), "respondent": party(), "title": "t", "facts": "x"},
        format="json",
    )
    assert response.status_code == 400 and "source" in response.json()["errors"]
    assert client.get("/api/mediations/", {"mediator": "abc"}).status_code == 400
    assert not MediationCase.objects.exists()


def test_parties_are_fixed_once_the_case_is_accepted_and_the_state_never_patched(people, api):
    case = mediation_in_state("accepted", **people)
    client = api.as_user(people["clerk"])
    response = client.patch(f"/api/mediations/{case.pk}/", {"respondent": party()}, format="json")
    assert response.status_code == 400 and "respondent" in response.json()["errors"]
    response = client.patch(f"/api/mediations/{case.pk}/", {"title": "新事项", "state": "performed"}, format="json")
    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.title, case.state) == ("新事项", S.ACCEPTED)


# ---------- time limits ----------


def test_court_entrusted_limit_runs_30_days_from_acceptance_and_extends_once_with_consent(people, api):
    case = mediation_in_state("in_mediation", court=True, **people)
    period = deadline(case, "court_entrusted_period")
    assert (period.start, period.rule, period.amount) == (case.accepted_on, "calendar_days", 30)
    assert period.due == compute_due(case.accepted_on, "calendar_days", 30).due
    assert period.responsible == people["mediator"]
    client = api.as_user(people["mediator"])

    without_consent = payload_for("extend_court_period") | {"respondent_consented": False}
    response = post(client, case, "extend_court_period", without_consent)
    assert response.status_code == 400 and "respondent_consented" in response.json()["errors"]
    assert deadline(case, "court_entrusted_period").due == period.due

    response = post(client, case, "extend_court_period", payload_for("extend_court_period"))
    assert response.status_code == 200, response.content
    extended = deadline(case, "court_entrusted_period")
    assert extended.due == compute_due(period.due, "calendar_days", 30).due > period.due
    [extension] = extended.extensions.all()
    assert extension.approved_by == people["mediator"] and "法院" in extension.reason

    again = post(client, case, "extend_court_period", payload_for("extend_court_period"))
    assert again.status_code == 409


def test_a_direct_case_has_no_court_limit_to_extend(people, api):
    case = mediation_in_state("in_mediation", **people)
    assert "court_entrusted_period" not in {d.kind for d in deadlines_for(case)}
    response = post(api.as_user(people["head"]), case, "extend_court_period", payload_for("extend_court_period"))
    assert response.status_code == 409


def test_judicial_confirmation_window_is_30_calendar_days_from_the_effective_date(people, api):
    case = mediation_in_state("agreement_reached", **people)
    window = deadline(case, "judicial_confirmation_window")
    assert (window.start, window.rule, window.amount) == (case.agreement_effective_on, "calendar_days", 30)
    assert window.due == compute_due(case.agreement_effective_on, "calendar_days", 30).due
    assert window.due >= case.agreement_effective_on + dt.timedelta(days=30)

    response = post(
        api.as_user(people["mediator"]),
        case,
        "request_judicial_confirmation",
        {"confirmation_court": "晋城市城区人民法院", "confirmation_applied_on": "2099-01-01"},
    )
    assert response.status_code == 400 and "confirmation_applied_on" in response.json()["errors"]

    case = advance(case, ["request_judicial_confirmation"], **people)
    review = deadline(case, "judicial_confirmation_review")
    assert (review.start, review.amount, review.status) == (today(), 15, "open")
    assert deadline(case, "judicial_confirmation_window").status == "met"
    case = advance(case, ["extend_court_review"], **people)
    assert deadline(case, "judicial_confirmation_review").due == compute_due(review.due, "calendar_days", 10).due


def test_an_application_after_the_window_is_refused(people, api):
    """A case accepted two months ago whose agreement took effect 40 days ago: the 30-day window
    has passed, so recording an application today is refused and nothing changes."""
    case = mediation_in_state("in_mediation", **people)
    MediationCase.objects.filter(pk=case.pk).update(accepted_on=today() - dt.timedelta(days=60))
    effective = today() - dt.timedelta(days=40)
    body = payload_for("record_agreement") | {"agreement_effective_on": effective.isoformat()}
    assert post(api.as_user(people["mediator"]), case, "record_agreement", body).status_code == 200
    window = deadline(case, "judicial_confirmation_window")
    assert window.start == effective and window.status == "overdue"

    response = post(
        api.as_user(people["mediator"]),
        case,
        "request_judicial_confirmation",
        {"confirmation_court": "晋城市城区人民法院", "confirmation_applied_on": today().isoformat()},
    )
    assert response.status_code == 400
    [message] = response.json()["errors"]["confirmation_applied_on"]
    assert f"{window.due:%Y-%m-%d}" in message
    case.refresh_from_db()
    assert case.state == S.AGREEMENT_REACHED


def test_performance_without_confirmation_cancels_the_window(people):
    case = advance(mediation_in_state("agreement_reached", **people), ["record_performance"], **people)
    assert deadline(case, "judicial_confirmation_window").status == "cancelled"
    assert (case.performance, case.performed_on) == ("full", today())


def test_enforcement_is_only_for_a_confirmed_agreement_and_records_partial_performance(people, api):
    case = mediation_in_state("agreement_reached", **people)
    response = post(api.as_user(people["mediator"]), case, "apply_enforcement", payload_for("apply_enforcement"))
    assert response.status_code == 409
    case = mediation_in_state("enforcement_applied", **people)
    assert (case.performance, case.enforcement_court) == ("partial", "晋城市城区人民法院")


def test_court_entrusted_result_is_reported_to_the_court_once(people, api):
    case = mediation_in_state("terminated", court=True, **people)
    report = deadline(case, "court_report")
    assert (report.status, report.rule, report.start) == ("open", "working_days", case.concluded_on)
    assert deadline(case, "court_entrusted_period").status == "met"

    url = f"/api/mediations/{case.pk}/court-report/"
    body = {"reported_on": today().isoformat(), "report": "调解不成，已函告晋城市中级人民法院。"}
    assert api.as_user(people["clerk"]).post(url, body, format="json").status_code == 403
    assert api.as_user(people["mediator"]).post(url, {"reported_on": "x"}, format="json").status_code == 400
    response = api.as_user(people["mediator"]).post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["court_reported_on"] == today().isoformat()
    last = history(case)[-1]
    assert (last.transition, last.actor, last.source, last.target) == (
        "report_to_court",
        people["mediator"],
        "terminated",
        "terminated",
    )
    assert deadline(case, "court_report").status == "met"
    assert api.as_user(people["mediator"]).post(url, body, format="json").status_code == 409


def test_only_court_entrusted_cases_with_an_outcome_report_to_a_court(people, api):
    direct = mediation_in_state("terminated", **people)
    running = mediation_in_state("in_mediation", court=True, **people)
    body = {"reported_on": today().isoformat(), "report": "调解结果"}
    for case in (direct, running):
        response = api.as_user(people["head"]).post(f"/api/mediations/{case.pk}/court-report/", body, format="json")
        assert response.status_code == 409
    assert "court_report" not in {d.kind for d in deadlines_for(direct)}


# ---------- every transition, every role ----------

# Written out by hand from DOMAIN §2 and the issue, independent of the code under test.
INTAKE = {Role.INTAKE_CLERK, Role.CENTRE_HEAD}
HEAD = {Role.CENTRE_HEAD}
MEDIATOR = {Role.HANDLER, Role.CENTRE_HEAD}
ALLOWED_ROLES = {
    "consult_respondent": INTAKE,
    "record_consent": INTAKE,
    "record_refusal": INTAKE,
    "accept": HEAD,
    "decline": HEAD,
    "assign_mediator": HEAD,
    "reassign_mediator": HEAD,
    "start_mediation": MEDIATOR,
    "extend_court_period": MEDIATOR,
    "record_agreement": MEDIATOR,
    "terminate": MEDIATOR,
    "request_judicial_confirmation": MEDIATOR,
    "extend_court_review": MEDIATOR,
    "record_confirmation": MEDIATOR,
    "record_confirmation_rejection": MEDIATOR,
    "resume_mediation": MEDIATOR,
    "record_performance": MEDIATOR,
    "apply_enforcement": MEDIATOR,
    "refer": MEDIATOR,
    "withdraw": INTAKE,
}
READERS = {Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, Role.AUDITOR, Role.ADMINISTRATOR}
# A state each transition leaves from.
FROM_STATE = {
    "consult_respondent": "applied",
    "record_consent": "consulting_respondent",
    "record_refusal": "consulting_respondent",
    "accept": "consulting_respondent",
    "decline": "applied",
    "assign_mediator": "accepted",
    "reassign_mediator": "in_mediation",
    "start_mediation": "accepted",
    "extend_court_period": "in_mediation",
    "record_agreement": "in_mediation",
    "terminate": "in_mediation",
    "request_judicial_confirmation": "agreement_reached",
    "extend_court_review": "judicial_confirmation_requested",
    "record_confirmation": "judicial_confirmation_requested",
    "record_confirmation_rejection": "judicial_confirmation_requested",
    "resume_mediation": "confirmation_rejected",
    "record_performance": "confirmed",
    "apply_enforcement": "confirmed",
    "refer": "terminated",
    "withdraw": "in_mediation",
}


def test_every_declared_transition_has_an_expectation():
    assert set(transition_specs(MediationCase)) == set(ALLOWED_ROLES) == set(FROM_STATE)


@pytest.fixture
def staff(make_user):
    users = {role: make_user(role, CITY) for role in Role.values}
    users["other_mediator"] = make_user(Role.HANDLER, CITY)
    return users


def prepared(name, staff):
    people = {"clerk": staff[Role.INTAKE_CLERK], "head": staff[Role.CENTRE_HEAD], "mediator": staff[Role.HANDLER]}
    case = mediation_in_state(FROM_STATE[name], court=True, **people)
    if name == "accept":
        case = advance(case, ["record_consent"], **people)
    return case


@pytest.mark.parametrize("name", sorted(ALLOWED_ROLES))
def test_transition_outcome_for_each_role(name, staff, api):
    """Allowed roles get 200 and one history row naming them; readers without the permission
    get 403, everyone else 404; a refusal changes nothing."""
    body = payload_for(name, mediator=staff["other_mediator"])
    refused = prepared(name, staff)
    state, rows = refused.state, len(history(refused))
    for role in set(Role.values) - ALLOWED_ROLES[name]:
        response = post(api.as_user(staff[role]), refused, name, body)
        # A partner agency is refused every staff route (403); staff who may not read the case do
        # not learn that it exists (404).
        expected = 403 if role in READERS or role == Role.PARTNER else 404
        assert response.status_code == expected, (role, response.content)
    refused.refresh_from_db()
    assert (refused.state, len(history(refused))) == (state, rows)

    for role in ALLOWED_ROLES[name]:
        case = prepared(name, staff)
        response = post(api.as_user(staff[role]), case, name, body)
        assert response.status_code == 200, (role, response.content)
        case.refresh_from_db()
        assert response.json()["state"] == case.state == transition_specs(MediationCase)[name].target
        last = history(case)[-1]
        assert (last.transition, last.actor, last.source) == (name, staff[role], FROM_STATE[name])


@pytest.mark.parametrize("name", sorted(ALLOWED_ROLES))
def test_every_transition_from_a_state_it_does_not_leave_is_a_conflict(name, staff, api):
    spec = transition_specs(MediationCase)[name]
    state = next(s for s in ("applied", "declined") if not spec.allowed_from(s))
    people = {"clerk": staff[Role.INTAKE_CLERK], "head": staff[Role.CENTRE_HEAD], "mediator": staff[Role.HANDLER]}
    case = mediation_in_state(state, **people)
    rows = len(history(case))
    response = post(api.as_user(staff[Role.CENTRE_HEAD]), case, name, payload_for(name, mediator=staff[Role.HANDLER]))
    assert response.status_code == 409, response.content
    assert len(history(case)) == rows


def test_paths_reach_every_state():
    """The demo loader and these tests rely on a path to every state."""
    assert set(PATHS) == set(S.values)


def test_the_referral_hook_refuses_a_request_whose_respondent_was_removed(people):
    clerk, head, mediator = people["clerk"], people["head"], people["mediator"]
    request = fire_transition(assistance_request(actor=clerk), "accept", actor=head)
    request = fire_transition(request, "assign", actor=head, payload={"handler": mediator.pk})
    request = fire_transition(request, "start", actor=mediator)
    AssistanceRequest.objects.filter(pk=request.pk).update(respondent=None)
    request.refresh_from_db()
    from casemgmt.errors import Invalid

    with pytest.raises(Invalid):
        fire_transition(
            request,
            "refer",
            actor=mediator,
            payload={"referral_target": "mediation", "referral_unit": "调解委员会", "applicant_consent": True},
        )
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.IN_PROGRESS and not MediationCase.objects.exists()


# ---------- demo data ----------


def test_demo_covers_every_state_books_next_week_and_loads_once():
    import random

    from casemgmt.demo.users import load_demo_users
    from cases.demo.assistance import load_demo_assistance
    from cases.demo.mediation import load_demo_mediation
    from cases.models import ArbitrationReferral

    users = load_demo_users()
    load_demo_assistance(users, random.Random(1))
    created = load_demo_mediation(users, random.Random(1))
    assert (
        created == MediationCase.objects.filter(created_by=users["clerk"]).count() + ArbitrationReferral.objects.count()
    )
    assert set(MediationCase.objects.values_list("state", flat=True)) == set(S.values)
    assert set(ArbitrationReferral.objects.values_list("state", flat=True)) >= {
        "referred",
        "accepted_by_commission",
        "closed",
        "declined",
    }
    court = MediationCase.objects.get(court_case_number="(2026)晋05民初123号")
    assert (court.state, court.court_name) == (S.IN_MEDIATION, "晋城市中级人民法院")
    monday = today() + dt.timedelta(days=7 - today().weekday())
    next_week = list(sessions_between(users["mediator"], monday, monday + dt.timedelta(days=6), users["mediator"]))
    assert len(next_week) >= 3 and court in {s.mediation for s in next_week}
    assert MediationCase.objects.exclude(court_reported_on=None).exists()

    assert load_demo_mediation(users, random.Random(1)) == 0


# ---------- staff web pages ----------


def test_staff_pages_and_transition_forms_render_for_every_state(people):
    """The generic list, detail and form pages work for mediation cases: every available
    transition's form renders, and the mediator dropdown leaves out a mediator who must recuse."""
    from django.test import Client

    client = Client()
    client.force_login(people["head"])
    assert client.get("/w/mediation/").status_code == 200
    assert client.get("/w/mediation/?mine=1").status_code == 200
    for state in PATHS:
        case = mediation_in_state(state, court=True, **people)
        page = client.get(f"/w/mediation/{case.pk}/")
        assert page.status_code == 200, state
        from casemgmt.workflow.selectors import available_transitions

        for action in available_transitions(case, people["head"]):
            form = client.get(f"/w/mediation/{case.pk}/transition/{action['name']}/")
            assert form.status_code == 200, (state, action["name"])

    case = advance(mediation_in_state("consulting_respondent", **people), ["record_consent", "accept"], **people)
    StaffRelation.objects.create(user=people["mediator"], party=case.respondent, relation="relative")
    form = client.get(f"/w/mediation/{case.pk}/transition/assign_mediator/").content.decode()
    assert f'<option value="{people["mediator"].pk}"' not in form


@pytest.mark.django_db
def test_mediator_calendar_page_shows_the_weeks_sessions_of_the_chosen_mediator(client, make_user):
    head, mediator = make_user(Role.CENTRE_HEAD, CITY), make_user(Role.HANDLER, CITY)
    clerk = make_user(Role.INTAKE_CLERK, CITY)
    case = mediation_in_state("in_mediation", clerk=clerk, head=head, mediator=mediator)
    starts, ends = session_times(days_ahead=7)
    from cases.services.sessions import mediation_session_create

    mediation_session_create(
        case, actor=mediator, mediator=mediator, starts_at=starts, ends_at=ends, place="分中心调解室"
    )
    client.force_login(mediator)
    page = client.get("/mediation-calendar/", {"week": starts.date().isoformat()}).content.decode()
    assert case.title in page and "分中心调解室" in page
    assert "调解日程" in client.get("/").content.decode()
    client.force_login(make_user(Role.OFFICER, CITY))
    assert client.get("/mediation-calendar/").status_code == 404


@pytest.mark.django_db
def test_case_page_timeline_shows_history_sessions_and_issued_documents(client, make_user):
    from cases.services.sessions import mediation_session_create

    head, mediator = make_user(Role.CENTRE_HEAD, CITY), make_user(Role.HANDLER, CITY)
    case = mediation_in_state("in_mediation", clerk=make_user(Role.INTAKE_CLERK, CITY), head=head, mediator=mediator)
    starts, ends = session_times(days_ahead=3)
    mediation_session_create(
        case, actor=mediator, mediator=mediator, starts_at=starts, ends_at=ends, place="高平市调解室"
    )
    fire_transition(case, "record_agreement", actor=mediator, payload=payload_for("record_agreement"))
    client.force_login(head)
    page = client.get(f"/w/mediation/{case.pk}/").content.decode()
    assert "调解会议" in page and "高平市调解室" in page
    assert "制发《调解协议书》" in page and "达成调解协议" in page
    assert case.applicant.name in page and case.respondent.name in page
