"""A referral from the assistance centre becomes the bureau's clue (or adjudication request) when
the bureau acknowledges it, with the parties and facts of the request and links both ways."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition
from cases.models import EnforcementReferral
from enforcement.models import EnforcementCase

from .factories import CITY, assistance_request


def referred(make_user, *, target: str, ip_type: str):
    head, handler = make_user(Role.CENTRE_HEAD, CITY), make_user(Role.HANDLER, CITY)
    request = assistance_request(ip_type=ip_type)
    request = fire_transition(request, "accept", actor=head)
    request = fire_transition(request, "assign", actor=head, payload={"handler": handler.pk})
    request = fire_transition(request, "start", actor=handler)
    fire_transition(
        request,
        "refer",
        actor=handler,
        payload={"referral_target": target, "referral_unit": "晋城市市场监督管理局", "applicant_consent": True},
    )
    return request, EnforcementReferral.objects.get(assistance_request=request)


@pytest.mark.django_db
def test_acknowledging_an_enforcement_referral_opens_a_clue_linked_both_ways(api, make_user):
    request, referral = referred(make_user, target="enforcement", ip_type="trademark")
    officer = make_user(Role.OFFICER, CITY)
    response = api.as_user(officer).post(
        f"/api/enforcement-referrals/{referral.pk}/transitions/acknowledge/",
        {"acknowledgement": "已登记为案件线索"},
        format="json",
    )
    assert response.status_code == 200, response.content.decode()
    case = EnforcementCase.objects.get()
    assert (case.procedure, case.state, case.kind, case.clue_source) == (
        "penalty",
        "clue",
        "trademark_infringement",
        "assistance_referral",
    )
    assert case.referral == referral and case.created_by == officer and case.jurisdiction_id == CITY
    assert case.facts == request.facts and case.received_on == timezone.localdate(referral.created_at)
    assert case.respondents == [request.respondent]
    assert [link.party for link in case.party_links.filter(role="complainant")] == [request.applicant]

    referral.refresh_from_db()
    assert referral.clue_content_type == ContentType.objects.get_for_model(EnforcementCase)
    assert referral.clue_object_id == case.pk
    assert response.json()["clue"] == {"type": "enforcementcase", "id": case.pk}
    detail = api.as_user(officer).get(f"/api/enforcement-cases/{case.pk}/").json()
    assert detail["referral"] == referral.pk and detail["referral_clue"]["assistance_request"] == request.pk
    assert {d["kind"] for d in api.as_user(officer).get(f"/api/enforcement-cases/{case.pk}/deadlines/").json()} == {
        "filing_decision"
    }


@pytest.mark.django_db
def test_an_adjudication_referral_becomes_an_adjudication_request_of_the_right_holder(make_user):
    request, referral = referred(make_user, target="adjudication", ip_type="patent")
    head = make_user(Role.AGENCY_HEAD, CITY)
    fire_transition(referral, "acknowledge", actor=head, payload={})
    case = EnforcementCase.objects.get(referral=referral)
    assert (case.procedure, case.state, case.kind) == ("adjudication", "requested", "")
    assert case.right_holders == [request.applicant] and case.respondents == [request.respondent]
    assert case.claims


@pytest.mark.django_db
def test_a_patent_referral_for_enforcement_is_a_counterfeiting_clue(make_user):
    _, referral = referred(make_user, target="enforcement", ip_type="patent")
    fire_transition(referral, "acknowledge", actor=make_user(Role.OFFICER, CITY), payload={})
    assert EnforcementCase.objects.get(referral=referral).kind == "patent_counterfeiting"


@pytest.mark.django_db
def test_a_returned_referral_opens_no_clue(make_user):
    _, referral = referred(make_user, target="enforcement", ip_type="trademark")
    fire_transition(referral, "return_referral", actor=make_user(Role.OFFICER, CITY), reason="不属于本局管辖。")
    assert not EnforcementCase.objects.exists()
