"""Penalty decisions (DOMAIN §3a): the statutory fine ceiling, aggravation of repeat trademark
infringement, the lawful-source seller, collective discussion of serious cases, warning-only
decisions, and payments with the late surcharge of 《行政处罚法》第七十二条."""

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.numbering.models import IssuedNumber
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from enforcement.models import EnforcementCase, PenaltyDecision
from enforcement.rules.money import fine_ceiling, late_surcharge, payment_position

from .enforcement_factories import advance, bureau, org_party, penalty_case_until, penalty_clue, penalty_payload
from .factories import CITY, ZEZHOU, UserFactory, jurisdiction

URL = "/api/enforcement-cases/"
D = dt.date


@pytest.fixture
def city(db):
    return bureau(CITY)


def fire(api, user, case, name, body=None):
    return api.as_user(user).post(f"{URL}{case.pk}/transitions/{name}/", body or {}, format="json")


def decide_body(city, case, **changes):
    return penalty_payload("decide", city, case) | changes


# --- the fine ceiling ---------------------------------------------------------------------------


def test_the_ceiling_is_five_times_the_amount_or_250000_whichever_is_higher():
    assert fine_ceiling("trademark_infringement", illegal_turnover=Decimal("80000")).amount == Decimal("400000.00")
    assert fine_ceiling("trademark_infringement", illegal_turnover=Decimal("30000")).amount == Decimal("250000.00")
    assert fine_ceiling("trademark_infringement", illegal_turnover=None).amount == Decimal("250000.00")
    # Patent counterfeiting counts illegal gains, not turnover.
    patent = fine_ceiling("patent_counterfeiting", illegal_turnover=Decimal("900000"), illegal_gains=Decimal("60000"))
    assert patent.amount == Decimal("300000.00") and "违法所得" in patent.explanation


@pytest.mark.django_db
def test_a_fine_above_the_ceiling_is_refused_naming_the_ceiling_and_nothing_is_written(api, city):
    case = penalty_case_until("record_statement", city)  # trademark, turnover 80,000 → ceiling 400,000
    logs = TransitionLog.objects.count()
    response = fire(api, city.head, case, "decide", decide_body(city, case, fine_amount="500000.00"))
    assert response.status_code == 400
    messages = response.json()["errors"]["fine_amount"]
    assert any("法定上限 400,000.00 元" in m and "五倍" in m for m in messages)
    case.refresh_from_db()
    assert case.state == "notified" and case.outcome == ""
    assert not PenaltyDecision.objects.exists()
    assert not IssuedNumber.objects.filter(sequence__doc_type="罚").exists()
    assert TransitionLog.objects.count() == logs


@pytest.mark.django_db
def test_the_prior_notice_cannot_propose_a_fine_above_the_ceiling(api, city):
    case = penalty_case_until("approve_review", city, kind="patent_counterfeiting", illegal_gains=None)
    response = fire(api, city.officers[0], case, "notify", {"proposed_penalty": "罚款", "proposed_fine": "300000"})
    assert response.status_code == 400 and "250,000.00" in response.json()["errors"]["proposed_fine"][0]
    assert EnforcementCase.objects.get(pk=case.pk).state == "under_review"


@pytest.mark.django_db
def test_the_decision_may_not_be_heavier_than_the_prior_notice(api, city):
    case = penalty_case_until("record_statement", city)
    response = fire(api, city.head, case, "decide", decide_body(city, case, fine_amount="60000.00"))
    assert response.status_code == 400 and "事先告知" in response.json()["errors"]["fine_amount"][0]


@pytest.mark.django_db
def test_a_serious_fine_is_decided_only_after_collective_discussion(api, city):
    case = advance(
        penalty_clue(jurisdiction_code=CITY, illegal_turnover=Decimal("300000")),
        city,
        "start_verification",
        "file_case",
        "start_investigation",
        "close_investigation",
        "submit_for_review",
        "approve_review",
        "notify",
        "record_statement",
        notify={"proposed_penalty": "拟罚款120,000元。", "proposed_fine": "120000"},
    )
    body = decide_body(city, case, fine_amount="120000.00")
    offered = {t["name"] for t in api.as_user(city.head).get(f"{URL}{case.pk}/transitions/").json()}
    assert "decide" not in offered and "refer_to_collective_discussion" in offered
    blocked = fire(api, city.head, case, "decide", body)
    assert blocked.status_code == 400 and "集体讨论" in blocked.json()["errors"]["fine_amount"][0]
    assert fire(api, city.head, case, "refer_to_collective_discussion").status_code == 200
    missing = fire(api, city.head, case, "decide", body)
    assert missing.status_code == 400 and "discussion_minutes" in missing.json()["errors"]
    decided = fire(
        api, city.head, case, "decide", body | {"discussion_minutes": "局务会议集体讨论，同意罚款120,000元。"}
    )
    assert decided.status_code == 200, decided.content.decode()
    assert decided.json()["discussion_minutes"].startswith("局务会议")


# --- repeat offence -----------------------------------------------------------------------------


def decided_case(city, respondent, *, kind="trademark_infringement", decided_on=None, **decide):
    case = penalty_clue(jurisdiction_code=city.code, respondent=respondent, kind=kind, received_on=D(2024, 3, 1))
    return advance(
        case,
        city,
        "start_verification",
        "file_case",
        "start_investigation",
        "close_investigation",
        "submit_for_review",
        "approve_review",
        "notify",
        "record_statement",
        "decide",
        file_case={"filed_on": "2024-03-05"},
        close_investigation={"closed_on": "2024-03-20"},
        submit_for_review={"submitted_on": "2024-03-21"},
        approve_review={"reviewed_on": "2024-03-22"},
        notify={"notice_served_on": "2024-03-25"},
        record_statement={"received_on": "2024-03-26"},
        decide={"decided_on": decided_on or "2024-04-01", **decide},
    )


@pytest.mark.django_db
def test_trademark_infringement_twice_in_five_years_must_be_aggravated_and_confirmed(api, city):
    respondent = org_party()
    earlier = decided_case(city, respondent).penalty_decision
    county = bureau(ZEZHOU)  # another bureau: the rule looks at the party, not at who decided before
    case = penalty_case_until("record_statement", county, respondent=respondent)
    detail = api.as_user(county.head).get(f"{URL}{case.pk}/").json()
    assert detail["prior_trademark_penalties"] == [earlier.number_text]

    refused = fire(api, county.head, case, "decide", decide_body(county, case))
    assert refused.status_code == 400
    [message] = refused.json()["errors"]["aggravation_confirmed"]
    assert earlier.number_text in message and "从重" in message
    assert not PenaltyDecision.objects.filter(case=case).exists()

    decided = fire(api, county.head, case, "decide", decide_body(county, case, aggravation_confirmed=True))
    assert decided.status_code == 200, decided.content.decode()
    decision = PenaltyDecision.objects.get(case=case)
    assert decision.must_aggravate and decision.aggravation_confirmed
    assert decision.prior_decisions == earlier.number_text


@pytest.mark.django_db
def test_a_patent_counterfeiting_penalty_does_not_make_a_trademark_case_a_repeat(api, city):
    respondent = org_party()
    decided_case(city, respondent, kind="patent_counterfeiting")
    case = penalty_case_until("record_statement", city, respondent=respondent)
    assert fire(api, city.head, case, "decide", decide_body(city, case)).status_code == 200
    assert not PenaltyDecision.objects.get(case=case).must_aggravate


# --- lawful source, warning only ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_seller_with_a_lawful_source_is_only_ordered_to_stop(api, city):
    case = penalty_case_until("record_statement", city)
    fined = fire(api, city.head, case, "decide", decide_body(city, case, lawful_source=True, supplier="某批发商行"))
    assert fined.status_code == 400
    errors = fined.json()["errors"]
    assert "不得给予罚款" in errors["fine_amount"][0] and "confiscated_items" in errors
    no_supplier = fire(
        api,
        city.head,
        case,
        "decide",
        decide_body(city, case, lawful_source=True, fine_amount="0", confiscated_items="", supplier=""),
    )
    assert no_supplier.status_code == 400 and "supplier" in no_supplier.json()["errors"]
    stopped = fire(
        api,
        city.head,
        case,
        "decide",
        decide_body(
            city, case, lawful_source=True, fine_amount="0", confiscated_items="", supplier="广州某眼镜批发商行"
        ),
    )
    assert stopped.status_code == 200, stopped.content.decode()
    decision = PenaltyDecision.objects.get(case=case)
    assert decision.order_to_stop and decision.fine_amount == 0 and decision.lawful_source
    assert decision.penalty_summary == "责令停止违法行为"


@pytest.mark.django_db
def test_a_warning_only_decision_is_flagged_and_needs_no_payment(api, city):
    case = penalty_case_until("record_statement", city)
    decided = fire(
        api, city.head, case, "decide", decide_body(city, case, warning=True, fine_amount="0", confiscated_items="")
    )
    assert decided.status_code == 200
    decision = PenaltyDecision.objects.get(case=case)
    assert decision.warning_only and decision.amount_payable == 0
    case = advance(EnforcementCase.objects.get(pk=case.pk), city, "serve", "start_execution")
    assert PenaltyDecision.objects.get(pk=decision.pk).payment_due is None
    assert fire(api, city.head, case, "close").status_code == 200


# --- late surcharge -----------------------------------------------------------------------------


def test_late_surcharge_is_three_percent_a_day_from_the_day_after_the_due_date():
    fine, due = Decimal("10000.00"), D(2026, 7, 17)
    assert late_surcharge(fine, due, as_of=due) == Decimal("0.00")
    assert late_surcharge(fine, due, as_of=D(2026, 7, 18)) == Decimal("300.00")
    assert late_surcharge(fine, due, as_of=D(2026, 7, 27)) == Decimal("3000.00")


def test_late_surcharge_never_exceeds_the_fine():
    fine, due = Decimal("10000.00"), D(2026, 7, 17)
    assert late_surcharge(fine, due, as_of=D(2026, 8, 19)) == Decimal("9900.00")  # 33 days
    assert late_surcharge(fine, due, as_of=D(2026, 8, 20)) == Decimal("10000.00")  # 34th day hits the cap
    assert late_surcharge(fine, due, as_of=D(2027, 7, 17)) == Decimal("10000.00")


def test_late_surcharge_runs_on_the_unpaid_part_and_a_day_late_costs_one_day():
    fine, due = Decimal("10000.00"), D(2026, 7, 17)
    half_on_time = [(due, Decimal("5000.00"))]
    assert late_surcharge(fine, due, as_of=D(2026, 7, 20), payments=half_on_time) == Decimal("450.00")
    paid_next_day = [(D(2026, 7, 18), Decimal("10000.00"))]
    assert late_surcharge(fine, due, as_of=D(2026, 8, 31), payments=paid_next_day) == Decimal("300.00")
    position = payment_position(fine=fine, due=due, payments=paid_next_day, as_of=D(2026, 8, 31))
    assert position.outstanding == Decimal("300.00") and not position.settled


@pytest.mark.django_db
def test_payments_are_refused_beyond_what_is_owed_and_settle_the_payment_limit(api, city):
    case = advance(
        decided_case(city, org_party()),
        city,
        "serve",
        "start_execution",
        serve={"served_on": "2024-04-02"},
    )
    decision = case.penalty_decision
    assert decision.payment_due == D(2024, 4, 17)
    url = f"/api/penalty-decisions/{decision.pk}/payments/"
    officer = city.officers[0]
    # Paid on 19 Apr: two days late → 50,000 + 2 × 1,500 surcharge.
    too_much = api.as_user(officer).post(url, {"amount": "53000.01", "paid_on": "2024-04-19"}, format="json")
    assert too_much.status_code == 400 and "53,000.00" in too_much.json()["errors"]["amount"][0]
    assert api.as_user(officer).post(url, {"amount": "-1", "paid_on": "2024-04-19"}, format="json").status_code == 400
    paid = api.as_user(officer).post(url, {"amount": "53000.00", "paid_on": "2024-04-19"}, format="json")
    assert paid.status_code == 201, paid.content.decode()
    body = paid.json()
    assert body["payment_status"] == "settled" and body["payment_position"]["surcharge"] == "3000.00"
    deadlines = {d["kind"]: d for d in api.as_user(city.head).get(f"{URL}{case.pk}/deadlines/").json()}
    assert deadlines["payment"]["status"] == "met"


@pytest.mark.django_db
def test_payment_recording_is_limited_to_the_case_officers_of_the_bureau(api, city, make_user):
    case = advance(penalty_case_until("decide", city), city)
    url = f"/api/penalty-decisions/{case.penalty_decision.pk}/payments/"
    body = {"amount": "100.00", "paid_on": case.decided_on.isoformat()}
    assert api.as_user(make_user(Role.AUDITOR, CITY)).post(url, body, format="json").status_code == 403
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county_officer).post(url, body, format="json").status_code == 404
    assert api.as_user(city.officers[2]).post(url, body, format="json").status_code == 403  # not on the case
    assert api.as_user(city.officers[0]).post(url, body, format="json").status_code == 409  # not yet served
    assert not case.penalty_decision.payments.exists()


@pytest.mark.django_db
def test_decisions_are_listed_by_jurisdiction_with_masked_personal_data_for_auditors(api, city, make_user):
    from .enforcement_factories import person_party

    person = person_party()
    case = penalty_case_until("decide", city, respondent=person)
    auditor = make_user(Role.AUDITOR, CITY)
    rows = api.as_user(auditor).get("/api/penalty-decisions/").json()["results"]
    [row] = rows
    assert row["number"] == case.penalty_decision.number_text and row["party"]["name"] == person["name"]
    assert row["party"]["id_number"] != person["id_number"] and "*" in row["party"]["id_number"]
    county = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county).get("/api/penalty-decisions/").json()["results"] == []
    assert api.as_user(county).get(f"/api/penalty-decisions/{row['id']}/").status_code == 404


@pytest.mark.django_db
def test_an_unpaid_fine_goes_to_court_after_a_demand_and_ten_working_days(api, city):
    case = advance(decided_case(city, org_party()), city, "serve", "start_execution", serve={"served_on": "2024-04-02"})
    officer = city.officers[0]
    court = {"court_name": "晋城市城区人民法院", "applied_on": "2024-11-01"}
    assert fire(api, officer, case, "apply_court_enforcement", court).status_code == 409  # no demand yet
    early = fire(api, officer, case, "serve_payment_demand", {"served_on": "2024-04-17"})
    assert early.status_code == 400 and "served_on" in early.json()["errors"]
    assert fire(api, officer, case, "serve_payment_demand", {"served_on": "2024-04-22"}).status_code == 200
    # Ten WD after Mon 22 Apr 2024 end on Wed 8 May (Sun 28 Apr worked, 1–5 May off): apply after that.
    too_soon = fire(api, officer, case, "apply_court_enforcement", court | {"applied_on": "2024-05-08"})
    assert too_soon.status_code == 400 and "2024-05-08 之后" in too_soon.json()["errors"]["applied_on"][0]
    assert fire(api, officer, case, "apply_court_enforcement", court).status_code == 200
    window = {d["kind"]: d for d in api.as_user(city.head).get(f"{URL}{case.pk}/deadlines/").json()}
    assert window["court_enforcement_application"]["status"] == "met"
    assert fire(api, city.head, case, "close").status_code == 409  # neither paid nor concluded by the court
    result = {"court_result": "法院裁定准予强制执行，已执行完毕。", "concluded_on": "2024-12-20"}
    assert fire(api, officer, case, "record_court_enforcement_result", result).status_code == 200
    closed = fire(api, city.head, case, "close")
    assert closed.status_code == 200 and closed.json()["closing_reason"] == "court_concluded"
