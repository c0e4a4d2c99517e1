"""Rights-protection assistance requests (DOMAIN §1): 回避 on assignment, referral to enforcement
with the link kept both ways, deadlines opened and closed by the workflow."""

import pytest

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.org.models import Role
from casemgmt.parties.models import StaffRelation
from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest, EnforcementReferral

from .factories import CITY, ZEZHOU, assistance_request


@pytest.fixture
def head(make_user):
    return make_user(Role.CENTRE_HEAD, CITY)


@pytest.fixture
def handler(make_user):
    return make_user(Role.HANDLER, CITY)


def accepted(head, **kwargs):
    request = assistance_request(**kwargs)
    return fire_transition(request, "accept", actor=head, reason="受理")


@pytest.mark.django_db
def test_assigning_a_handler_related_to_a_party_is_refused_with_the_reason(head, handler, api):
    request = accepted(head)
    StaffRelation.objects.create(user=handler, party=request.respondent, relation="relative")
    response = api.as_user(head).post(
        f"/api/assistance-requests/{request.pk}/transitions/assign/", {"handler": handler.pk}, format="json"
    )
    assert response.status_code == 400
    [message] = response.json()["errors"]["handler"]
    assert "回避" in message and request.respondent.name in message
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.ACCEPTED and request.handler is None


@pytest.mark.django_db
def test_a_handler_from_another_county_cannot_be_assigned(head, make_user, api):
    request = accepted(head)
    county_handler = make_user(Role.HANDLER, ZEZHOU)
    response = api.as_user(head).post(
        f"/api/assistance-requests/{request.pk}/transitions/assign/", {"handler": county_handler.pk}, format="json"
    )
    assert response.status_code == 400 and "handler" in response.json()["errors"]


@pytest.mark.django_db
def test_referral_needs_the_applicants_consent(head, handler):
    request = fire_transition(accepted(head), "assign", actor=head, payload={"handler": handler.pk})
    request = fire_transition(request, "start", actor=handler)
    from casemgmt.errors import Invalid

    with pytest.raises(Invalid) as refused:
        fire_transition(
            request,
            "refer",
            actor=handler,
            payload={
                "referral_target": "enforcement",
                "referral_unit": "晋城市市场监督管理局",
                "applicant_consent": False,
            },
        )
    assert "applicant_consent" in refused.value.errors
    assert not EnforcementReferral.objects.exists()


@pytest.mark.django_db
def test_referral_to_enforcement_creates_a_record_linked_both_ways_that_the_bureau_acknowledges(
    head, handler, make_user, api
):
    request = fire_transition(accepted(head), "assign", actor=head, payload={"handler": handler.pk})
    request = fire_transition(request, "start", actor=handler)
    response = api.as_user(handler).post(
        f"/api/assistance-requests/{request.pk}/transitions/refer/",
        {
            "reason": "申请人同意转交",
            "referral_target": "enforcement",
            "referral_unit": "晋城市市场监督管理局",
            "applicant_consent": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    referral = EnforcementReferral.objects.get()
    assert referral.assistance_request == request and list(request.enforcement_referrals.all()) == [referral]
    assert referral.jurisdiction_id == request.jurisdiction_id

    officer = make_user(Role.OFFICER, CITY)
    assert (
        api.as_user(handler)
        .post(f"/api/enforcement-referrals/{referral.pk}/transitions/acknowledge/", {}, format="json")
        .status_code
        == 403
    )
    county_officer = make_user(Role.OFFICER, ZEZHOU)
    assert api.as_user(county_officer).get(f"/api/enforcement-referrals/{referral.pk}/").status_code == 404
    done = api.as_user(officer).post(
        f"/api/enforcement-referrals/{referral.pk}/transitions/acknowledge/",
        {"acknowledgement": "已作为线索登记"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["state"] == "received"


@pytest.mark.django_db
def test_referral_to_mediation_does_not_create_an_enforcement_record(head, handler):
    request = fire_transition(accepted(head), "assign", actor=head, payload={"handler": handler.pk})
    request = fire_transition(request, "start", actor=handler)
    fire_transition(
        request,
        "refer",
        actor=handler,
        payload={
            "referral_target": "mediation",
            "referral_unit": "市知识产权纠纷人民调解委员会",
            "applicant_consent": True,
        },
    )
    assert not EnforcementReferral.objects.exists()


@pytest.mark.django_db
def test_acceptance_limit_is_met_on_acceptance_and_a_completion_limit_follows_the_handler(head, handler):
    request = assistance_request()
    [acceptance] = deadlines_for(request)
    assert (acceptance.kind, acceptance.status, acceptance.rule) == ("acceptance_decision", "open", "working_days")
    request = fire_transition(request, "accept", actor=head)
    request = fire_transition(request, "assign", actor=head, payload={"handler": handler.pk})
    by_kind = {d.kind: d for d in deadlines_for(request)}
    assert by_kind["acceptance_decision"].status == "met"
    assert by_kind["completion"].status == "open" and by_kind["completion"].responsible == handler


@pytest.mark.django_db
def test_each_step_of_the_history_names_its_actor_and_reason(head, handler, api):
    request = accepted(head)
    api.as_user(head).post(
        f"/api/assistance-requests/{request.pk}/transitions/assign/",
        {"handler": handler.pk, "reason": "指派赵敏"},
        format="json",
    )
    last = history_of(request).get(transition="assign")
    assert (last.actor, last.reason, last.payload) == (head, "指派赵敏", {"handler": handler.pk})


@pytest.mark.django_db
def test_navigation_offers_the_intake_queue_and_my_cases_by_role(make_user, client, head, handler):
    mine = fire_transition(accepted(head), "assign", actor=head, payload={"handler": handler.pk})
    other = assistance_request()
    client.force_login(make_user(Role.INTAKE_CLERK, CITY))
    assert "受理队列" in client.get("/").content.decode()
    queue = client.get("/w/assistance_request/?state=submitted").content.decode()
    assert other.tracking_code in queue and mine.tracking_code not in queue
    client.force_login(handler)
    page = client.get("/").content.decode()
    assert "我承办的援助申请" in page and "受理队列" not in page
    listing = client.get("/w/assistance_request/?mine=1").content.decode()
    assert mine.tracking_code in listing and other.tracking_code not in listing
