"""The workflow kernel, exercised on the first real workflow (assistance requests, DOMAIN §1):
every transition fired by every role through the API gives allowed / 403 / 404 / 409 as the
rules say, and every success writes exactly one history row."""

import pytest
from django.contrib.contenttypes.models import ContentType

from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.transitions import transition_specs
from cases.models import AssistanceRequest

from .factories import CITY, ZEZHOU, assistance_request

S = AssistanceRequest.State

# Written out by hand from DOMAIN §1, independent of the code under test.
ALLOWED_ROLES = {
    "request_correction": {Role.INTAKE_CLERK, Role.CENTRE_HEAD},
    "resubmit": {Role.INTAKE_CLERK, Role.CENTRE_HEAD},
    # The applicant's online answer: fired by the public portal as the system, by no staff role.
    "answer_correction": set(),
    "accept": {Role.CENTRE_HEAD},
    "reject": {Role.CENTRE_HEAD},
    "assign": {Role.CENTRE_HEAD},
    "start": {Role.HANDLER, Role.CENTRE_HEAD},
    "submit_for_review": {Role.HANDLER, Role.CENTRE_HEAD},
    "return_for_revision": {Role.CENTRE_HEAD},
    "approve_and_close": {Role.CENTRE_HEAD},
    "refer": {Role.HANDLER, Role.CENTRE_HEAD},
    "record_referral_receipt": {Role.HANDLER, Role.CENTRE_HEAD},
    "follow_up": {Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD},
    "archive": {Role.INTAKE_CLERK, Role.CENTRE_HEAD},
    "withdraw": {Role.INTAKE_CLERK, Role.CENTRE_HEAD},
}
# Roles that may open assistance requests at all; the others get 404 (existence is not revealed).
READERS = {Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, Role.AUDITOR, Role.ADMINISTRATOR}

# How to reach a state where the transition can fire, and a valid payload for it.
SETUP_PATH = {
    "request_correction": [],
    "resubmit": ["request_correction"],
    "answer_correction": ["request_correction"],
    "accept": [],
    "reject": [],
    "assign": ["accept"],
    "start": ["accept", "assign"],
    "submit_for_review": ["accept", "assign", "start"],
    "return_for_revision": ["accept", "assign", "start", "submit_for_review"],
    "approve_and_close": ["accept", "assign", "start", "submit_for_review"],
    "refer": ["accept", "assign", "start"],
    "record_referral_receipt": ["accept", "assign", "start", "refer"],
    "follow_up": ["accept", "assign", "start", "submit_for_review", "approve_and_close"],
    "archive": ["reject"],
    "withdraw": ["accept"],
}


def payload_for(name, handler):
    return {
        "request_correction": {"reason": "请补充证据材料。"},
        "answer_correction": {"statement": "已补充证据材料。"},
        "reject": {"reason": "不属于援助范围。"},
        "return_for_revision": {"reason": "意见论证不充分。"},
        "withdraw": {"reason": "申请人撤回。"},
        "assign": {"handler": handler.pk},
        "submit_for_review": {"opinion": "存在侵权可能（仅供参考）。"},
        "approve_and_close": {"closing_report": "已出具参考意见。"},
        "refer": {
            "referral_target": "mediation",
            "referral_unit": "市知识产权纠纷人民调解委员会",
            "applicant_consent": True,
        },
        "record_referral_receipt": {"referral_receipt": "调解委员会已接收。"},
        "follow_up": {"satisfaction": 4},
    }.get(name, {})


@pytest.fixture
def staff(make_user):
    users = {role: make_user(role, CITY) for role in Role.values}
    users["head"] = users[Role.CENTRE_HEAD]
    return users


def history_count(obj):
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).count()


def prepared(name, staff):
    request = assistance_request()
    handler = staff[Role.HANDLER]
    for step in SETUP_PATH[name]:
        body = payload_for(step, handler)
        request = fire_transition(request, step, actor=staff["head"], reason=body.pop("reason", "准备"), payload=body)
    return request


def test_every_declared_transition_has_an_expectation():
    assert set(transition_specs(AssistanceRequest)) == set(ALLOWED_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ALLOWED_ROLES))
@pytest.mark.parametrize("role", Role.values)
def test_transition_outcome_for_each_role(name, role, staff, api):
    """Allowed roles get 200 with one new history row; others 403 (or 404 if they cannot see the
    case); nothing changes on refusal."""
    request = prepared(name, staff)
    before_state, before_rows = request.state, history_count(request)
    response = api.as_user(staff[role]).post(
        f"/api/assistance-requests/{request.pk}/transitions/{name}/",
        payload_for(name, staff[Role.HANDLER])
        | {"reason": payload_for(name, staff[Role.HANDLER]).get("reason", "测试")},
        format="json",
    )
    request.refresh_from_db()
    if role in ALLOWED_ROLES[name]:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == request.state == transition_specs(AssistanceRequest)[name].target
        assert history_count(request) == before_rows + 1
        last = history_of(request).last()
        assert (last.transition, last.actor, last.source) == (name, staff[role], before_state)
    else:
        # A partner agency is refused every staff route (403); staff who may not read the request
        # do not learn that it exists (404).
        assert response.status_code == (403 if role in READERS or role == Role.PARTNER else 404), response.content
        assert (request.state, history_count(request)) == (before_state, before_rows)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(name for name, roles in ALLOWED_ROLES.items() if roles))
def test_transition_from_a_wrong_state_is_a_conflict(name, staff, api):
    """An allowed role firing from a state the transition does not leave gets 409, nothing written."""
    request = assistance_request()
    for step in ["accept", "assign", "start", "submit_for_review", "approve_and_close", "follow_up"]:
        if not transition_specs(AssistanceRequest)[name].allowed_from(request.state):
            break
        body = payload_for(step, staff[Role.HANDLER])
        request = fire_transition(request, step, actor=staff["head"], reason="准备", payload=body)
    assert not transition_specs(AssistanceRequest)[name].allowed_from(request.state)
    rows = history_count(request)
    role = next(iter(ALLOWED_ROLES[name] - {Role.HANDLER}))
    response = api.as_user(staff[role]).post(
        f"/api/assistance-requests/{request.pk}/transitions/{name}/",
        payload_for(name, staff[Role.HANDLER]) | {"reason": "测试"},
        format="json",
    )
    assert response.status_code == 409, response.content
    assert history_count(request) == rows


@pytest.mark.django_db
def test_unknown_transition_and_bad_payload_are_400_with_field_errors(staff, api):
    request = prepared("assign", staff)
    client = api.as_user(staff["head"])
    response = client.post(f"/api/assistance-requests/{request.pk}/transitions/explode/", {}, format="json")
    assert response.status_code == 400 and "transition" in response.json()["errors"]
    response = client.post(
        f"/api/assistance-requests/{request.pk}/transitions/assign/", {"handler": "x"}, format="json"
    )
    assert response.status_code == 400 and "handler" in response.json()["errors"]
    response = client.post(f"/api/assistance-requests/{request.pk}/transitions/reject/", {}, format="json")
    assert response.status_code == 409  # accepted requests cannot be rejected
    request.refresh_from_db()
    assert request.state == S.ACCEPTED


@pytest.mark.django_db
def test_reason_is_required_where_the_rules_require_it(staff, api):
    request = assistance_request()
    response = api.as_user(staff["head"]).post(
        f"/api/assistance-requests/{request.pk}/transitions/reject/", {"reason": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    request.refresh_from_db()
    assert request.state == S.SUBMITTED


@pytest.mark.django_db
def test_a_handler_not_assigned_to_the_case_may_not_work_on_it(staff, make_user, api):
    request = prepared("start", staff)
    other_handler = make_user(Role.HANDLER, CITY)
    response = api.as_user(other_handler).post(
        f"/api/assistance-requests/{request.pk}/transitions/start/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_county_staff_cannot_see_or_act_on_city_cases(make_user, api):
    request = assistance_request(jurisdiction_code=CITY)
    county_head = make_user(Role.CENTRE_HEAD, ZEZHOU)
    client = api.as_user(county_head)
    assert client.get(f"/api/assistance-requests/{request.pk}/").status_code == 404
    assert (
        client.post(f"/api/assistance-requests/{request.pk}/transitions/accept/", {}, format="json").status_code == 404
    )
    assert request.pk not in [row["id"] for row in client.get("/api/assistance-requests/").json()["results"]]


@pytest.mark.django_db
def test_transitions_endpoint_lists_only_what_the_caller_may_fire_now(staff, api):
    request = assistance_request()
    names = {
        t["name"] for t in api.as_user(staff["head"]).get(f"/api/assistance-requests/{request.pk}/transitions/").json()
    }
    assert names == {"request_correction", "accept", "reject", "withdraw"}
    names = {
        t["name"]
        for t in api.as_user(staff[Role.AUDITOR]).get(f"/api/assistance-requests/{request.pk}/transitions/").json()
    }
    assert names == set()


@pytest.mark.django_db
def test_accept_is_blocked_without_a_counterparty(staff, api):
    request = assistance_request(respondent=False)
    response = api.as_user(staff["head"]).post(
        f"/api/assistance-requests/{request.pk}/transitions/accept/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 409
    assert "对方当事人" in response.json()["detail"]


@pytest.mark.django_db
def test_history_is_append_only_and_ordered(staff, api):
    request = prepared("start", staff)
    rows = api.as_user(staff["head"]).get(f"/api/assistance-requests/{request.pk}/history/").json()
    assert [r["transition"] for r in rows] == ["create", "accept", "assign"]
    assert set(rows[1]) >= {"transition", "source", "target", "actor", "at", "reason"}
    log = history_of(request).first()
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        TransitionLog.objects.filter(pk=log.pk).update(reason="改写")
    with pytest.raises(PermissionError):
        TransitionLog.objects.filter(pk=log.pk).delete()


@pytest.mark.django_db
def test_state_cannot_be_written_directly(staff, api):
    request = assistance_request()
    response = api.as_user(staff[Role.INTAKE_CLERK]).patch(
        f"/api/assistance-requests/{request.pk}/", {"state": "closed", "title": "新标题"}, format="json"
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert (request.state, request.title) == (S.SUBMITTED, "新标题")
    with pytest.raises(AttributeError):
        request.state = S.CLOSED


@pytest.mark.django_db
def test_my_tasks_lists_what_waits_on_each_role(staff, make_user):
    from casemgmt.workflow.selectors import awaiting_user

    submitted = assistance_request()
    started = prepared("submit_for_review", staff)  # in progress, assigned to staff[HANDLER]
    closed = prepared("follow_up", staff)
    county = assistance_request(jurisdiction_code=ZEZHOU)

    def tasks(user):
        return {obj.pk for _, objects in awaiting_user(user) for obj in objects}

    assert tasks(staff["head"]) == {submitted.pk, county.pk}
    assert tasks(staff[Role.HANDLER]) == {started.pk}
    assert tasks(make_user(Role.HANDLER, CITY)) == set()
    assert closed.pk in tasks(staff[Role.INTAKE_CLERK])  # the satisfaction follow-up is the clerk's
    assert tasks(make_user(Role.CENTRE_HEAD, ZEZHOU)) == {county.pk}
    assert tasks(staff[Role.AUDITOR]) == set()


def test_the_committed_workflow_docs_match_the_code(tmp_path):
    """docs/workflows.md is generated from the transitions; a stale copy means someone forgot to
    run `manage.py workflow_diagrams`."""
    from pathlib import Path

    from django.core.management import call_command

    out = tmp_path / "workflows.md"
    call_command("workflow_diagrams", output=str(out))
    committed = Path(__file__).resolve().parent.parent / "docs" / "workflows.md"
    assert committed.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_diagram_svg_shows_every_state_and_highlights_the_current_one():
    from casemgmt.workflow.diagrams import svg

    drawing = svg(AssistanceRequest, current=S.IN_PROGRESS)
    for _, label in S.choices:
        assert f">{label}</text>" in drawing
    assert 'data-state="in_progress"><rect' in drawing and "#1d4ed8" in drawing


@pytest.mark.django_db
def test_admin_shows_state_and_history_read_only(client, make_user):
    admin_user = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    request = assistance_request()
    client.force_login(admin_user)
    page = client.get(f"/admin/cases/assistancerequest/{request.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="state"' not in html and "已提交" in html and "登记申请" in html
    client.post(f"/admin/cases/assistancerequest/{request.pk}/change/", {"state": "closed"})
    request.refresh_from_db()
    assert request.state == S.SUBMITTED
    assert client.get("/admin/workflow/transitionlog/add/").status_code == 403
