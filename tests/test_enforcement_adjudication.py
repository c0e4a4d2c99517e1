"""Patent-infringement dispute adjudication (DOMAIN §3b) as the second procedure of the enforcement
resource: an odd panel of at least three, the mediation of damages in a linked mediation case,
a ruling that refuses damages, and the procedure's own time limits."""

import datetime as dt

import pytest

from cases.models import MediationCase
from enforcement.models import EnforcementCase

from .enforcement_factories import adjudication_request, bureau, org_party
from .factories import CITY

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


def limits_of(api, user, case) -> dict:
    return {row["kind"]: row for row in api.as_user(user).get(f"{URL}{case.pk}/deadlines/").json()}


@pytest.mark.django_db
def test_an_adjudication_runs_from_request_to_court_enforcement_with_a_panel_of_three_and_mediation(api, city):
    officer = city.officers[0]
    created = api.as_user(officer).post(
        URL,
        {
            "procedure": "adjudication",
            "title": "激光测距模组外观设计专利侵权纠纷",
            "facts": "请求人系外观设计专利权人，被请求人销售的测距模组外观与涉案专利近似。",
            "claims": "责令被请求人停止销售侵权产品。",
            "received_on": "2026-08-03",
            "parties": [
                {"role": "right_holder", "party": org_party()},
                {"role": "respondent", "party": org_party()},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content.decode()
    assert created.json()["state"] == "requested"
    case = EnforcementCase.objects.get(pk=created.json()["id"])
    assert limits_of(api, city.head, case)["filing_decision"]["due"] == "2026-08-10"  # 5 WD

    step(api, officer, case, "examine")
    two = fire(api, city.head, case, "accept_request", {"officers": [o.pk for o in city.officers[:2]]})
    assert two.status_code == 400 and "三名" in two.json()["errors"]["officers"][0]
    fourth = bureau(CITY).officers[0]
    four = fire(api, city.head, case, "accept_request", {"officers": [o.pk for o in city.officers] + [fourth.pk]})
    assert four.status_code == 400 and "单数" in " ".join(four.json()["errors"]["officers"])
    panel = [o.pk for o in city.officers]
    filed = step(
        api, city.head, case, "accept_request", {"officers": panel, "lead_officer": panel[1], "filed_on": "2026-08-05"}
    )
    assert filed["state"] == "filed" and filed["case_number"] == "晋市监裁立〔2026〕1号"
    assert filed["lead_officer"] == panel[1]
    limits = limits_of(api, city.head, case)
    assert limits["respondent_service"]["due"] == "2026-08-12" and limits["decision"]["due"] == "2026-11-05"

    step(api, officer, case, "serve_respondent", {"served_on": "2026-08-06"})
    assert limits_of(api, city.head, case)["answer_period"]["due"] == "2026-08-21"
    step(api, officer, case, "record_answer", {"answer_text": "被控产品系现有设计。", "answered_on": "2026-08-20"})
    step(api, officer, case, "hold_oral_hearing", {"held_on": "2026-09-01", "record": "双方到庭陈述。"})

    mediating = step(api, officer, case, "start_mediation", {"both_parties_consent": True, "scope": "侵权赔偿数额"})
    assert mediating["state"] == "mediating" and mediating["mediation"] is not None
    mediation = MediationCase.objects.get(pk=mediating["mediation"])
    assert list(mediation.adjudications.all()) == [case]
    assert (mediation.applicant, mediation.respondent) == (case.right_holders[0], case.respondents[0])
    assert mediation.jurisdiction_id == case.jurisdiction_id

    ruling = {
        "infringement_found": True,
        "order_to_stop": True,
        "ruling_basis": "《中华人民共和国专利法》第六十五条",
        "ruling_text": "被请求人立即停止销售侵犯请求人外观设计专利权的产品。",
        "decided_on": "2026-09-10",
    }
    damages = fire(api, city.head, case, "adjudicate", ruling | {"damages_amount": "80000"})
    assert damages.status_code == 400 and "只能" in damages.json()["errors"]["damages_amount"][0]
    decided = step(api, city.head, case, "adjudicate", ruling)
    assert decided["state"] == "decided" and decided["ruling_number"] == "晋市监裁〔2026〕1号"

    step(api, officer, case, "serve_ruling", {"served_on": "2026-09-11"})
    assert limits_of(api, city.head, case)["lawsuit_period"]["due"] == "2026-09-28"  # 26 Sep is a holiday
    step(api, officer, case, "mark_final", {"no_lawsuit_confirmed": True})
    applied = step(
        api, officer, case, "apply_ruling_enforcement", {"court_name": "晋城市城区人民法院", "applied_on": "2026-10-20"}
    )
    assert applied["state"] == "court_enforcement_applied"


@pytest.mark.django_db
def test_penalty_transitions_are_unknown_on_an_adjudication(api, city):
    case = adjudication_request(jurisdiction_code=CITY)
    for name in ("start_verification", "decide", "file_case", "close"):
        response = fire(api, city.head, case, name)
        assert response.status_code == 400 and "transition" in response.json()["errors"], name
    assert EnforcementCase.objects.get(pk=case.pk).state == "requested"


@pytest.mark.django_db
def test_an_adjudication_needs_a_requester_and_a_respondent(api, city):
    response = api.as_user(city.officers[0]).post(
        URL,
        {
            "procedure": "adjudication",
            "title": "纠纷",
            "facts": "案情",
            "claims": "请求",
            "received_on": "2026-08-03",
            "parties": [{"role": "respondent", "party": org_party()}, {"role": "complainant", "party": org_party()}],
        },
        format="json",
    )
    assert response.status_code == 400 and len(response.json()["errors"]["parties"]) == 2
    assert not EnforcementCase.objects.exists()


@pytest.mark.django_db
def test_no_answer_is_recorded_only_after_the_answer_period_and_suspension_stops_the_three_months(api, city):
    case = adjudication_request(jurisdiction_code=CITY, received_on=dt.date(2026, 6, 1))
    officer = city.officers[0]
    step(api, officer, case, "examine")
    step(api, city.head, case, "accept_request", {"officers": [o.pk for o in city.officers], "filed_on": "2026-06-03"})
    step(api, officer, case, "serve_respondent", {"served_on": "2026-06-04"})
    step(api, officer, case, "record_answer", {"answered": False})
    assert limits_of(api, city.head, case)["decision"]["due"] == "2026-09-03"
    step(
        api,
        city.head,
        case,
        "suspend_adjudication",
        {"reason": "被请求人请求宣告专利权无效", "ground": "invalidation", "suspended_from": "2026-06-22"},
    )
    step(api, officer, case, "resume_adjudication", {"resumed_on": "2026-07-22"})
    decision = limits_of(api, city.head, case)["decision"]
    assert (decision["due"], decision["suspended_days"]) == ("2026-10-08", 30)  # 3 Oct + 30 → holiday → 8 Oct


@pytest.mark.django_db
def test_the_answer_period_must_lapse_before_recording_no_answer(api, city):
    from django.utils import timezone

    case = adjudication_request(jurisdiction_code=CITY)
    officer = city.officers[0]
    step(api, officer, case, "examine")
    step(api, city.head, case, "accept_request", {"officers": [o.pk for o in city.officers]})
    step(api, officer, case, "serve_respondent", {"served_on": timezone.localdate().isoformat()})
    response = fire(api, officer, case, "record_answer", {"answered": False})
    assert response.status_code == 400 and "答辩期限尚未届满" in response.json()["errors"]["answered"][0]


@pytest.mark.django_db
def test_the_three_month_ruling_limit_is_extended_once_by_a_month(api, city):
    case = adjudication_request(jurisdiction_code=CITY, received_on=dt.date(2026, 6, 1))
    step(api, city.officers[0], case, "examine")
    step(api, city.head, case, "accept_request", {"officers": [o.pk for o in city.officers], "filed_on": "2026-06-03"})
    url = f"{URL}{case.pk}/extend-time-limit/"
    assert api.as_user(city.head).post(url, {"reason": "案情复杂", "days": 10}, format="json").status_code == 400
    assert api.as_user(city.head).post(url, {"reason": "需要技术鉴定"}, format="json").status_code == 200
    assert limits_of(api, city.head, case)["decision"]["due"] == "2026-10-08"  # 3 Sep + 1 month → after National Day
    again = api.as_user(city.head).post(url, {"reason": "再次延长"}, format="json")
    assert again.status_code == 409
