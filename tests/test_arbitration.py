"""Arbitration / litigation referrals (DOMAIN §2): arbitration only with a written arbitration
agreement, linked both ways to the mediation it came from, followed until the receiving body's
outcome is recorded."""

import pytest
from django.contrib.contenttypes.models import ContentType

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.transitions import transition_specs
from cases.models import ArbitrationReferral, MediationCase

from .factories import CITY, ZEZHOU
from .mediation_factories import mediation_in_state, party, payload_for, today

pytestmark = pytest.mark.django_db

R = ArbitrationReferral.State


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user(Role.INTAKE_CLERK, CITY),
        "head": make_user(Role.CENTRE_HEAD, CITY),
        "mediator": make_user(Role.HANDLER, CITY),
    }


def history(obj):
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).order_by("at", "id")
    )


def fire(client, path, name, body):
    return client.post(f"{path}transitions/{name}/", body, format="json")


def test_terminated_mediation_referred_to_arbitration_through_to_closing(people, api):
    """Without a written arbitration agreement the referral is refused and nothing is written;
    with one the referral is created, linked both ways, accepted, decided and closed."""
    case = mediation_in_state("terminated", **people)
    client = api.as_user(people["mediator"])
    body = {"reason": "双方约定仲裁", "kind": "arbitration", "receiving_body": "晋城仲裁委员会"}

    refused = fire(client, f"/api/mediations/{case.pk}/", "refer", body)
    assert refused.status_code == 400
    assert {"arbitration_agreement_on", "arbitration_agreement"} <= set(refused.json()["errors"])
    case.refresh_from_db()
    assert case.state == MediationCase.State.TERMINATED and not ArbitrationReferral.objects.exists()

    agreement = {"arbitration_agreement_on": "2025-03-18", "arbitration_agreement": "《技术许可合同》第十二条仲裁条款"}
    response = fire(client, f"/api/mediations/{case.pk}/", "refer", body | agreement)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "referred"
    referral = ArbitrationReferral.objects.get()
    assert list(case.referrals.all()) == [referral] and referral.mediation == case
    assert response.json()["referrals"] == [
        {"id": referral.pk, "kind": "arbitration", "kind_label": "仲裁", "state": "referred", "state_label": "已转介"}
    ]
    assert (referral.applicant, referral.respondent, referral.jurisdiction_id) == (
        case.applicant,
        case.respondent,
        case.jurisdiction_id,
    )
    assert referral.handler == people["mediator"] and "调解不成" in referral.facts
    [created] = history(referral)
    assert (created.transition, created.actor, created.reason) == ("create", people["mediator"], "双方约定仲裁")
    [waiting] = deadlines_for(referral)
    assert (waiting.kind, waiting.rule, waiting.amount, waiting.status) == (
        "receiving_acceptance",
        "calendar_days",
        5,
        "open",
    )

    path = f"/api/arbitration-referrals/{referral.pk}/"
    steps = [
        (
            "record_acceptance",
            {
                "reason": "仲裁委受理",
                "accepted_on": today().isoformat(),
                "receiving_case_number": "(2026)晋城仲字第15号",
            },
        ),
        (
            "record_outcome",
            {
                "reason": "仲裁庭出具调解书",
                "outcome_kind": "arbitration_mediation_statement",
                "outcome_document_number": "(2026)晋城仲调字第15号",
                "outcome_on": today().isoformat(),
            },
        ),
        ("close", {"reason": "调解书已履行", "closing_note": "被申请人已支付许可费"}),
    ]
    for name, step in steps:
        response = fire(client, path, name, step)
        assert response.status_code == 200, (name, response.content)
    assert response.json()["state"] == "closed"
    assert [(row.transition, row.actor, row.reason) for row in history(referral)][1:] == [
        ("record_acceptance", people["mediator"], "仲裁委受理"),
        ("record_outcome", people["mediator"], "仲裁庭出具调解书"),
        ("close", people["mediator"], "调解书已履行"),
    ]
    waiting.refresh_from_db()
    assert waiting.status == "met"


def test_a_rejected_confirmation_may_go_on_to_litigation_without_an_arbitration_agreement(people):
    case = mediation_in_state("confirmation_rejected", **people)
    from casemgmt.workflow.services import fire_transition

    case = fire_transition(
        case, "refer", actor=people["head"], payload={"kind": "litigation", "receiving_body": "晋城市中级人民法院"}
    )
    referral = case.referrals.get()
    assert (referral.kind, referral.handler, referral.state) == ("litigation", people["mediator"], R.REFERRED)
    [waiting] = deadlines_for(referral)
    assert (waiting.rule, waiting.amount) == ("calendar_days", 7)


def referral_body(**overrides):
    body = {
        "kind": "litigation",
        "receiving_body": "晋城市城区人民法院",
        "applicant": party(),
        "respondent": party(),
        "title": "旅游景区注册商标被用于纪念品",
        "facts": "被告在景区周边销售印有原告注册商标的纪念品。",
        "claims": "停止侵权，赔偿损失五万元。",
        "ip_type": "trademark",
    }
    return body | overrides


def test_direct_referral_through_the_api(people, api):
    client = api.as_user(people["clerk"])
    response = client.post("/api/arbitration-referrals/", referral_body(kind="arbitration"), format="json")
    assert response.status_code == 400
    assert "arbitration_agreement_on" in response.json()["errors"]
    assert not ArbitrationReferral.objects.exists()

    response = client.post("/api/arbitration-referrals/", referral_body(handler=people["mediator"].pk), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["state_label"], data["jurisdiction"], data["mediation"]) == (
        "referred",
        "已转介",
        CITY,
        None,
    )
    referral = ArbitrationReferral.objects.get()
    assert referral.handler == people["mediator"] and history(referral)[0].actor == people["clerk"]


def test_a_handler_with_a_conflict_cannot_follow_a_referral(people, api):
    from casemgmt.parties.models import Party, StaffRelation

    body = referral_body(handler=people["mediator"].pk)
    relative = Party.objects.create(**body["respondent"])
    StaffRelation.objects.create(user=people["mediator"], party=relative, relation="relative")
    response = api.as_user(people["clerk"]).post("/api/arbitration-referrals/", body, format="json")
    assert response.status_code == 400 and "回避" in response.json()["errors"]["handler"][0]
    assert not ArbitrationReferral.objects.exists()


def test_referral_permissions_visibility_and_states(people, make_user, api):
    from cases.services.arbitration import arbitration_referral_create

    referral = arbitration_referral_create(
        actor=people["clerk"],
        applicant=party(),
        respondent=party(),
        jurisdiction=people["clerk"].jurisdiction,
        kind="litigation",
        receiving_body="晋城市城区人民法院",
        handler=people["mediator"],
        title="商标侵权",
        ip_type="trademark",
        facts="事实",
    )
    path = f"/api/arbitration-referrals/{referral.pk}/"
    accept = {"accepted_on": today().isoformat(), "receiving_case_number": "(2026)晋0502民初88号"}
    for user in (make_user(Role.CENTRE_HEAD, ZEZHOU), make_user(Role.OFFICER, CITY)):
        assert api.as_user(user).get(path).status_code == 404
        assert fire(api.as_user(user), path, "record_acceptance", accept).status_code == 404
    assert fire(api.as_user(make_user(Role.HANDLER, CITY)), path, "record_acceptance", accept).status_code == 403
    assert fire(api.as_user(make_user(Role.AUDITOR, CITY)), path, "record_acceptance", accept).status_code == 403
    assert fire(api.as_user(people["mediator"]), path, "close", {}).status_code == 409

    outcome = {"outcome_kind": "award", "outcome_document_number": "x", "outcome_on": today().isoformat()}
    assert fire(api.as_user(people["clerk"]), path, "record_acceptance", accept).status_code == 200
    response = fire(api.as_user(people["mediator"]), path, "record_outcome", outcome)
    assert response.status_code == 400 and "outcome_kind" in response.json()["errors"]  # courts issue no awards
    referral.refresh_from_db()
    assert referral.state == R.ACCEPTED_BY_COMMISSION

    response = api.as_user(people["clerk"]).patch(path, {"title": "改"}, format="json")
    assert response.status_code == 400 and "state" in response.json()["errors"]


def test_the_receiving_body_declining_needs_a_reason_and_ends_the_referral(people, api):
    case = mediation_in_state("terminated", **people)
    from casemgmt.workflow.services import fire_transition

    fire_transition(case, "refer", actor=people["mediator"], payload=payload_for("refer"))
    referral = ArbitrationReferral.objects.get()
    path = f"/api/arbitration-referrals/{referral.pk}/"
    assert fire(api.as_user(people["head"]), path, "decline", {}).status_code == 400
    response = fire(api.as_user(people["head"]), path, "decline", {"reason": "不属于本院管辖"})
    assert response.status_code == 200 and response.json()["state"] == "declined"
    [waiting] = deadlines_for(referral)
    assert waiting.status == "met"


def test_every_referral_transition_is_explicit():
    expected = {"record_acceptance", "decline", "record_outcome", "close"}
    specs = transition_specs(ArbitrationReferral)
    assert set(specs) == expected
    for spec in specs.values():
        assert spec.permission.roles == {Role.HANDLER, Role.INTAKE_CLERK, Role.CENTRE_HEAD}


def test_staff_pages_render_for_a_referral_and_its_forms(people):
    from django.test import Client

    case = mediation_in_state("terminated", **people)
    from casemgmt.workflow.services import fire_transition

    fire_transition(case, "refer", actor=people["mediator"], payload=payload_for("refer"))
    referral = ArbitrationReferral.objects.get()
    client = Client()
    client.force_login(people["mediator"])
    assert client.get("/w/arbitration_referral/?mine=1").status_code == 200
    page = client.get(f"/w/arbitration_referral/{referral.pk}/")
    assert page.status_code == 200 and referral.receiving_body in page.content.decode()
    assert client.get(f"/w/arbitration_referral/{referral.pk}/transition/record_acceptance/").status_code == 200


def test_a_party_replaced_by_patch_must_be_named_in_full(people, api):
    from cases.services.arbitration import arbitration_referral_create

    referral = arbitration_referral_create(
        actor=people["clerk"],
        applicant=party(),
        respondent=party(),
        jurisdiction=people["clerk"].jurisdiction,
        kind="litigation",
        receiving_body="晋城市城区人民法院",
        title="商标侵权",
        ip_type="trademark",
        facts="事实",
    )
    path = f"/api/arbitration-referrals/{referral.pk}/"
    response = api.as_user(people["clerk"]).patch(path, {"respondent": {"name": "某公司"}}, format="json")
    assert response.status_code == 400 and "respondent.kind" in response.json()["errors"]
    response = api.as_user(people["clerk"]).patch(path, {"receiving_body": "晋城市中级人民法院"}, format="json")
    assert response.status_code == 200 and response.json()["receiving_body"] == "晋城市中级人民法院"
