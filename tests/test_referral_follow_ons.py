"""An assistance request of a county with no branch-centre or bureau staff of its own (the branch
centre sits at the city) is referred on: the city's staff who answer for it are told, and the
request's page leads to the record the referral opened."""

import random

import pytest
from rest_framework.test import APIClient

from casemgmt.demo.users import load_demo_users
from casemgmt.notifications.models import Notification
from casemgmt.parties.codes import make_credit_code
from cases.models import AssistanceRequest, EnforcementReferral, MediationCase

rng = random.Random(11)
QINSHUI = "140521"  # a county with no demo accounts of its own


@pytest.fixture
def users(db):
    return load_demo_users()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def fire(user, pk, name, **payload):
    response = api(user).post(
        f"/api/assistance-requests/{pk}/transitions/{name}/", {"reason": "走查", **payload}, format="json"
    )
    assert response.status_code == 200, (name, response.content)


def request_in_progress(users) -> AssistanceRequest:
    response = APIClient().post(
        "/api/public/assistance-requests/",
        {
            "applicant": {"kind": "organization", "name": "沁水某装备有限公司", "credit_code": make_credit_code(rng)},
            "respondent": {"kind": "organization", "name": "沁水某机械厂", "credit_code": make_credit_code(rng)},
            "contact_phone": "13903561234",
            "title": "实用新型专利纠纷",
            "ip_type": "patent",
            "assistance_type": "mediation_referral",
            "facts": "对方仿制本公司专利产品。",
            "jurisdiction_code": QINSHUI,
            "privacy_consent": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    request = AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    fire(users["centre_head"], request.pk, "accept")
    fire(users["centre_head"], request.pk, "assign", handler=users["mediator"].pk)
    fire(users["mediator"], request.pk, "start")
    return request


def refer(users, request, target, unit):
    fire(
        users["mediator"],
        request.pk,
        "refer",
        referral_target=target,
        referral_unit=unit,
        applicant_consent=True,
    )


def test_a_county_request_referred_to_mediation_tells_the_city_clerk_and_its_page_links_the_case(users, client):
    request = request_in_progress(users)

    refer(users, request, "mediation", "晋城市知识产权纠纷人民调解委员会")

    case = MediationCase.objects.get(assistance_request=request)
    assert Notification.objects.filter(recipient=users["clerk"], url=case.get_absolute_url()).exists()
    client.force_login(users["clerk"])
    page = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{case.get_absolute_url()}"' in page
    back = client.get(case.get_absolute_url()).content.decode()
    assert f'href="{request.get_absolute_url()}"' in back


def test_a_county_request_referred_to_enforcement_tells_the_city_bureau_head_and_links_the_referral(users, client):
    request = request_in_progress(users)

    refer(users, request, "enforcement", "晋城市市场监督管理局")

    referral = EnforcementReferral.objects.get(assistance_request=request)
    assert Notification.objects.filter(recipient=users["bureau_head"], url=referral.get_absolute_url()).exists()
    client.force_login(users["mediator"])
    page = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{referral.get_absolute_url()}"' in page


def test_a_received_referral_page_links_the_clue_it_opened_not_its_bare_number(users, client):
    request = request_in_progress(users)
    refer(users, request, "enforcement", "晋城市市场监督管理局")
    referral = EnforcementReferral.objects.get(assistance_request=request)
    response = api(users["bureau_head"]).post(
        f"/api/enforcement-referrals/{referral.pk}/transitions/acknowledge/", {"reason": "登记线索"}, format="json"
    )
    assert response.status_code == 200, response.content

    referral.refresh_from_db()
    clue = referral.clue_content_type.get_object_for_this_type(pk=referral.clue_object_id)
    client.force_login(users["bureau_head"])
    page = client.get(referral.get_absolute_url()).content.decode()
    assert f'href="{clue.get_absolute_url()}"' in page
    assert "线索编号" not in page
