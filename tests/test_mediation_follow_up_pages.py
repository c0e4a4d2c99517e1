"""The mediator's ways, in the staff pages, to the steps that have no transition button: writing
up a held session's minutes (also after the outcome) and reporting a court-entrusted mediation's
outcome to the court (its limit could otherwise only run out)."""

import pytest
from django.test import Client
from django.urls import reverse

from casemgmt.org.models import Role
from cases.services.sessions import mediation_session_create

from .factories import CITY
from .mediation_factories import advance, mediation_in_state, session_times, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user(Role.INTAKE_CLERK, CITY),
        "head": make_user(Role.CENTRE_HEAD, CITY),
        "mediator": make_user(Role.HANDLER, CITY),
    }


def page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_court_entrusted_outcome_offers_its_mediator_the_report_to_the_court_until_it_is_made(people):
    case = mediation_in_state("terminated", court=True, **people)
    report = reverse("web:mediation-court-report", args=[case.pk])

    assert f'href="{report}"' in page(people["mediator"], case.get_absolute_url())
    assert f'href="{report}"' not in page(people["clerk"], case.get_absolute_url())

    client = Client()
    client.force_login(people["mediator"])
    response = client.post(report, {"reported_on": today().isoformat(), "report": "调解不成，已函告法院。"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.court_reported_on == today()
    assert f'href="{report}"' not in page(people["mediator"], case.get_absolute_url())


def test_after_the_agreement_the_case_page_leads_to_writing_up_the_held_sessions_minutes(people):
    case = mediation_in_state("in_mediation", **people)
    start, end = session_times(days_ahead=-1)
    session = mediation_session_create(case, actor=people["mediator"], starts_at=start, ends_at=end, place="调解室")
    case = advance(case, ["record_agreement"], **people)
    sessions = reverse("web:mediation-session-create", args=[case.pk])
    edit = reverse("web:mediation-session-edit", args=[case.pk, session.pk])

    assert f'href="{sessions}"' in page(people["mediator"], case.get_absolute_url())
    assert f'href="{edit}"' in page(people["mediator"], sessions)

    client = Client()
    client.force_login(people["mediator"])
    response = client.post(edit, {"participants": "双方当事人", "minutes": "双方确认协议条款。"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.minutes == "双方确认协议条款。"
