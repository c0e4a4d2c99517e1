"""The enforcement demo data loads through the real transitions and covers every state."""

import random

import pytest

from casemgmt.demo.users import load_demo_users
from casemgmt.workflow.diagrams import states_of
from enforcement.demo.loader import load_demo_enforcement
from enforcement.models import EnforcementCase, PenaltyDecision


@pytest.mark.django_db
def test_demo_enforcement_covers_every_penalty_state_and_several_adjudication_states():
    users = load_demo_users()
    created = load_demo_enforcement(users, random.Random(20261128))
    assert created == EnforcementCase.objects.count() > 20
    penalty_states = set(EnforcementCase.objects.filter(procedure="penalty").values_list("state", flat=True))
    assert penalty_states == set(states_of(EnforcementCase, "penalty"))
    adjudication_states = set(EnforcementCase.objects.filter(procedure="adjudication").values_list("state", flat=True))
    assert {"requested", "filed", "mediating", "decided", "final"} <= adjudication_states
    assert set(EnforcementCase.objects.values_list("jurisdiction_id", flat=True)) >= {
        "140500",
        "140525",
        "140581",
        "140522",
    }
    assert PenaltyDecision.objects.filter(party__kind="person").count() >= 2
    assert EnforcementCase.objects.filter(mediation__isnull=False).exists()
    assert load_demo_enforcement(users, random.Random(1)) == 0  # idempotent


@pytest.mark.django_db
def test_staff_pages_of_the_demo_cases_render_for_bureau_staff(client):
    """Every demo case's page and the forms of the steps offered on it render (no 500), for the
    head and an officer of the city bureau; tasks and documents print too."""
    from casemgmt.documents.models import OfficialDocument
    from casemgmt.workflow.selectors import available_transitions

    users = load_demo_users()
    load_demo_enforcement(users, random.Random(20261128))
    for username in ("bureau_head", "officer_city", "reviewer"):
        user = users[username]
        client.force_login(user)
        assert client.get("/w/enforcement_case/").status_code == 200
        assert client.get("/").status_code == 200
        for case in EnforcementCase.objects.filter(jurisdiction_id="140500"):
            assert client.get(f"/w/enforcement_case/{case.pk}/").status_code == 200, case
            for transition in available_transitions(case, user):
                page = client.get(f"/w/enforcement_case/{case.pk}/transition/{transition['name']}/")
                assert page.status_code == 200, (case, transition["name"])
    client.force_login(users["bureau_head"])
    for document in OfficialDocument.objects.filter(content_type__app_label="enforcement")[:10]:
        assert client.get(f"/documents/{document.pk}/").status_code == 200
    assert client.get("/workflows/").status_code == 200
    client.force_login(users["admin"])
    case = EnforcementCase.objects.filter(penalty_decision__isnull=False).first()
    for url in (
        "/admin/enforcement/enforcementcase/",
        f"/admin/enforcement/enforcementcase/{case.pk}/change/",
        "/admin/enforcement/penaltydecision/",
        f"/admin/enforcement/penaltydecision/{case.penalty_decision.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
