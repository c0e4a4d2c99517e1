"""Execution of a penalty decision by the letter of the law (issue 12, items 2, 3 and 5):
the court-enforcement window of 《行政强制法》第五十三条、第五十四条, the late surcharge with the
party's review or lawsuit left out (《行政处罚法》第七十三条第三款), approved deferral and
instalments (第六十六条), a changed decision's new amount, and agency violations with the right
ceiling and the right authority (专利代理条例 arts. 25–27; 商标法 art. 68)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.sweep import deadlines_scan
from casemgmt.notifications.models import Notification
from casemgmt.workflow.models import TransitionLog
from enforcement.models import EnforcementCase, NationalOfficeReferral, PenaltyDecision
from enforcement.rules.money import payment_position

from .enforcement_factories import advance, bureau, org_party, penalty_clue, person_party
from .factories import CITY, ZEZHOU

URL = "/api/enforcement-cases/"
D = dt.date
COURT = {"court_name": "晋城市城区人民法院"}


@pytest.fixture
def city(db):
    return bureau(CITY)


def fire(api, user, case, name, body=None):
    return api.as_user(user).post(f"{URL}{case.pk}/transitions/{name}/", body or {}, format="json")


def deadlines(api, user, case) -> dict:
    return {d["kind"]: d for d in api.as_user(user).get(f"{URL}{case.pk}/deadlines/").json()}


def served_case(city, *, served_on="2024-04-02", respondent=None, **clue) -> EnforcementCase:
    """A trademark case fined 50,000 yuan, decided on 1 Apr 2024 and served on `served_on`."""
    case = penalty_clue(jurisdiction_code=city.code, respondent=respondent or org_party(), received_on=D(2024, 3, 1))
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
        "serve",
        "start_execution",
        file_case={"filed_on": "2024-03-05"},
        close_investigation={"closed_on": "2024-03-20"},
        submit_for_review={"submitted_on": "2024-03-21"},
        approve_review={"reviewed_on": "2024-03-22"},
        notify={"notice_served_on": "2024-03-25"},
        record_statement={"received_on": "2024-03-26"},
        decide={"decided_on": "2024-04-01"},
        serve={"served_on": served_on},
    )


# --- item 2: the court-enforcement window -----------------------------------------------------------


@pytest.mark.django_db
def test_the_court_may_not_be_asked_before_the_party_s_lawsuit_period_has_run_out(api, city):
    case = served_case(city)
    officer = city.officers[0]
    assert fire(api, officer, case, "serve_payment_demand", {"served_on": "2024-04-22"}).status_code == 200
    # Ten working days after the demand have passed, but the six months for a lawsuit have not.
    early = fire(api, officer, case, "apply_court_enforcement", COURT | {"applied_on": "2024-06-03"})
    assert early.status_code == 400
    message = early.json()["errors"]["applied_on"][0]
    assert "行政诉讼的期限届满后" in message and "2024-10-08" in message  # 2 Oct 2024 is a holiday
    assert EnforcementCase.objects.get(pk=case.pk).court_applied_on is None
    rows = deadlines(api, city.head, case)
    assert rows["administrative_review_period"]["due"] == "2024-06-03"
    assert rows["lawsuit_period"]["due"] == "2024-10-08"
    # The three months run from the end of the periods, not from the demand.
    assert rows["court_enforcement_application"]["start"] == "2024-10-08"
    assert rows["court_enforcement_application"]["due"] == "2025-01-08"


@pytest.mark.django_db
def test_after_the_three_months_the_application_is_refused_however_late_the_demand_was(api, city):
    case = served_case(city)
    officer = city.officers[0]
    # A late demand: ten working days after it end in January 2025, after the window closed.
    assert fire(api, officer, case, "serve_payment_demand", {"served_on": "2024-12-20"}).status_code == 200
    late = fire(api, officer, case, "apply_court_enforcement", COURT | {"applied_on": "2025-01-20"})
    assert late.status_code == 400 and "已于 2025-01-08 届满" in late.json()["errors"]["applied_on"][0]
    rows = deadlines(api, city.head, case)
    assert rows["court_enforcement_application"]["due"] == "2025-01-08"  # the demand did not move it
    assert rows["court_enforcement_application"]["status"] == "overdue"


@pytest.mark.django_db
def test_inside_the_window_the_application_is_accepted_and_the_window_met(api, city):
    case = served_case(city)
    officer = city.officers[0]
    assert fire(api, officer, case, "serve_payment_demand", {"served_on": "2024-10-09"}).status_code == 200
    applied = fire(api, officer, case, "apply_court_enforcement", COURT | {"applied_on": "2024-11-01"})
    assert applied.status_code == 200, applied.content.decode()
    rows = deadlines(api, city.head, case)
    assert rows["court_enforcement_application"]["status"] == "met"
    # The party did not sue: its period lapsed (已届满), which is nobody's delay.
    assert rows["lawsuit_period"]["status"] == "lapsed" and rows["lawsuit_period"]["status_label"] == "已届满"


@pytest.mark.django_db
def test_the_lead_officer_is_warned_before_the_window_closes(api, city):
    case = served_case(city, served_on=dt.date.today().isoformat())
    window = Deadline.objects.get(kind="court_enforcement_application", object_id=case.pk)
    assert window.responsible == case.lead_officer
    counts = deadlines_scan(today=window.due - dt.timedelta(days=1))
    assert counts["due_soon_notified"] >= 1
    warning = Notification.objects.get(recipient=case.lead_officer, title__contains="申请人民法院强制执行期限")
    assert f"{window.due:%Y-%m-%d}" in warning.body


@pytest.mark.django_db
def test_a_paid_fine_needs_no_court_window(api, city):
    case = served_case(city)
    url = f"/api/penalty-decisions/{case.penalty_decision.pk}/payments/"
    paid = api.as_user(city.officers[0]).post(url, {"amount": "50000.00", "paid_on": "2024-04-10"}, format="json")
    assert paid.status_code == 201
    assert deadlines(api, city.head, case)["court_enforcement_application"]["status"] == "cancelled"


@pytest.mark.django_db
def test_the_partys_review_and_lawsuit_periods_lapse_and_leave_the_paid_case_overdue_nowhere(api, city, client):
    """A fine paid at once and no review or lawsuit: the party's periods run out. They read 已届满
    (the party's right lapsed), not 已逾期, and the case is in no overdue list or count."""
    case = served_case(city)
    url = f"/api/penalty-decisions/{case.penalty_decision.pk}/payments/"
    paid = api.as_user(city.officers[0]).post(url, {"amount": "50000.00", "paid_on": "2024-04-10"}, format="json")
    assert paid.status_code == 201
    deadlines_scan()

    rows = deadlines(api, city.head, case)
    for period in ("administrative_review_period", "lawsuit_period"):
        assert (rows[period]["status"], rows[period]["status_label"]) == ("lapsed", "已届满")
    assert not [row for row in rows.values() if row["status"] in ("open", "overdue")]
    client.force_login(case.lead_officer)
    overdue_list = client.get("/w/enforcement_case/", {"due": "overdue"}).content.decode()
    assert f'data-object="{case.pk}"' not in overdue_list
    assert f'data-object="{case.pk}"' in client.get("/w/enforcement_case/").content.decode()
    page = client.get(f"/w/enforcement_case/{case.pk}/").content.decode()
    assert "已届满" in page and "逾期" not in page.split("当事人提起行政诉讼期限", 1)[1].split("</tr>", 1)[0]


@pytest.mark.django_db
def test_no_application_while_the_party_s_lawsuit_runs(api, city):
    case = served_case(city)
    decision = case.penalty_decision
    officer = city.officers[0]
    remedy = {
        "kind": "lawsuit",
        "filed_on": "2024-05-06",
        "body": "晋城市城区人民法院",
        "reference": "（2024）晋0502行初5号",
    }
    filed = api.as_user(officer).post(f"/api/penalty-decisions/{decision.pk}/remedies/", remedy, format="json")
    assert filed.status_code == 201, filed.content.decode()
    assert fire(api, officer, case, "serve_payment_demand", {"served_on": "2024-10-09"}).status_code == 200
    refused = fire(api, officer, case, "apply_court_enforcement", COURT | {"applied_on": "2024-11-01"})
    assert refused.status_code == 400 and "尚未终结" in refused.json()["errors"]["applied_on"][0]


# --- item 3: the late surcharge -----------------------------------------------------------------------


def test_the_days_of_a_review_or_lawsuit_add_no_surcharge_and_it_never_exceeds_the_fine():
    fine, due = Decimal("10000.00"), D(2026, 3, 1)
    plain = payment_position(fine=fine, due=due, payments=[], as_of=D(2026, 3, 11))
    assert plain.surcharge == Decimal("3000.00") and plain.surcharge_days == 10
    # Review from 4 Mar to 8 Mar (both counted as review days): 5 days fewer.
    excluded = payment_position(
        fine=fine, due=due, payments=[], as_of=D(2026, 3, 11), excluded=[(D(2026, 3, 4), D(2026, 3, 8))]
    )
    assert excluded.surcharge == Decimal("1500.00") and excluded.surcharge_days == 5
    pending = payment_position(fine=fine, due=due, payments=[], as_of=D(2026, 3, 11), excluded=[(D(2026, 3, 4), None)])
    assert pending.surcharge == Decimal("600.00")
    capped = payment_position(fine=fine, due=due, payments=[], as_of=D(2027, 3, 1))
    assert capped.surcharge == fine


def test_instalments_bear_the_surcharge_only_on_what_fell_due_and_is_unpaid():
    fine = Decimal("30000.00")
    plan = [(D(2026, 5, 1), Decimal("10000.00")), (D(2026, 6, 1), Decimal("10000.00")), (D(2026, 7, 1), fine / 3)]
    on_time = [(D(2026, 5, 1), Decimal("10000.00"))]
    position = payment_position(fine=fine, due=D(2026, 7, 1), payments=on_time, as_of=D(2026, 6, 1), instalments=plan)
    assert position.surcharge == Decimal("0.00") and position.fine_unpaid == Decimal("20000.00")
    # The second instalment is two days late: 2 × 3 % of 10,000.
    late = payment_position(fine=fine, due=D(2026, 7, 1), payments=on_time, as_of=D(2026, 6, 3), instalments=plan)
    assert late.surcharge == Decimal("600.00")


@pytest.mark.django_db
def test_the_surcharge_leaves_out_the_time_of_the_party_s_review(api, city):
    case = served_case(city)  # due 17 Apr 2024
    decision = case.penalty_decision
    officer = city.officers[0]
    url = f"/api/penalty-decisions/{decision.pk}/remedies/"
    review = {"kind": "review", "filed_on": "2024-04-19", "body": "晋城市人民政府"}
    assert api.as_user(officer).post(url, review, format="json").status_code == 201
    remedy = decision.remedies.get()
    ended = api.as_user(officer).post(
        f"{url}{remedy.pk}/conclude/", {"ended_on": "2024-06-17", "outcome": "upheld"}, format="json"
    )
    assert ended.status_code == 200, ended.content.decode()
    decision = PenaltyDecision.objects.get(pk=decision.pk)
    # 18 Apr accrues; 19 Apr – 17 Jun is the review; 18 – 19 Jun accrue: 3 days × 1,500.
    assert decision.payment_position(as_of=D(2024, 6, 19)).surcharge == Decimal("4500.00")
    body = ended.json()
    assert body["remedies"][0]["outcome"] == "upheld" and body["remedies"][0]["ended_on"] == "2024-06-17"
    # After a review the party has 15 days to sue; the court window runs three months from their end.
    rows = api.as_user(city.head).get(f"{URL}{case.pk}/deadlines/").json()
    lawsuit = [r for r in rows if r["kind"] == "lawsuit_period" and r["status"] != "met"]
    window = [r for r in rows if r["kind"] == "court_enforcement_application" and r["status"] != "cancelled"]
    assert [r["due"] for r in lawsuit] == ["2024-07-02"]
    assert [r["start"] for r in window] == ["2024-07-02"]


@pytest.mark.django_db
def test_an_approved_deferral_extends_the_payment_limit_and_the_decision_follows_it(api, city):
    case = served_case(city, served_on="2024-04-02")
    decision = case.penalty_decision
    url = f"/api/penalty-decisions/{decision.pk}/arrangements/"
    body = {
        "kind": "deferral",
        "applied_on": "2024-04-10",
        "approved_on": "2024-04-12",
        "deferred_to": "2024-06-15",  # a Saturday: the engine moves it to Monday 17 June
        "reason": "当事人受灾，经营困难，提交了证明。",
    }
    assert api.as_user(city.officers[0]).post(url, body, format="json").status_code == 403  # the head approves
    logs = TransitionLog.objects.count()
    approved = api.as_user(city.head).post(url, body, format="json")
    assert approved.status_code == 201, approved.content.decode()
    data = approved.json()
    assert data["payment_due"] == "2024-06-17"
    assert data["arrangements"][0]["approved_by_name"] == city.head.display_name
    row = deadlines(api, city.head, case)["payment"]
    assert (row["due"], row["extended_to"]) == ("2024-06-17", "2024-06-17")
    assert TransitionLog.objects.count() == logs + 1
    decision = PenaltyDecision.objects.get(pk=decision.pk)
    assert decision.payment_position(as_of=D(2024, 6, 17)).surcharge == Decimal("0.00")
    assert decision.payment_position(as_of=D(2024, 6, 18)).surcharge == Decimal("1500.00")


@pytest.mark.django_db
def test_an_application_after_the_due_date_or_by_an_officer_is_refused_and_nothing_written(api, city):
    case = served_case(city)
    decision = case.penalty_decision
    url = f"/api/penalty-decisions/{decision.pk}/arrangements/"
    late = {"kind": "deferral", "applied_on": "2024-04-20", "approved_on": "2024-04-22", "deferred_to": "2024-06-17"}
    response = api.as_user(city.head).post(url, late | {"reason": "困难"}, format="json")
    assert response.status_code == 400 and "applied_on" in response.json()["errors"]
    assert not decision.arrangements.exists()


@pytest.mark.django_db
def test_approved_instalments_replace_the_payment_limit_with_one_limit_each(api, city):
    case = served_case(city)
    decision = case.penalty_decision
    url = f"/api/penalty-decisions/{decision.pk}/arrangements/"
    body = {
        "kind": "instalments",
        "applied_on": "2024-04-10",
        "approved_on": "2024-04-12",
        "reason": "当事人资金周转困难。",
        "instalments": [{"due": "2024-05-15", "amount": "20000.00"}, {"due": "2024-06-17", "amount": "30000.00"}],
    }
    wrong_total = body | {
        "instalments": [{"due": "2024-05-15", "amount": "20000.00"}, {"due": "2024-06-17", "amount": "1"}]
    }
    refused = api.as_user(city.head).post(url, wrong_total, format="json")
    assert refused.status_code == 400 and "50,000.00" in refused.json()["errors"]["instalments"][0]
    approved = api.as_user(city.head).post(url, body, format="json")
    assert approved.status_code == 201, approved.content.decode()
    assert approved.json()["payment_due"] == "2024-06-17"
    rows = Deadline.objects.filter(object_id=case.pk).values_list("kind", "status", "due")
    assert ("payment", "cancelled", D(2024, 4, 17)) in rows
    assert {(k, d) for k, s, d in rows if k == "payment_instalment"} == {
        ("payment_instalment", D(2024, 5, 15)),
        ("payment_instalment", D(2024, 6, 17)),
    }
    pay = f"/api/penalty-decisions/{decision.pk}/payments/"
    paid = api.as_user(city.officers[0]).post(pay, {"amount": "20000.00", "paid_on": "2024-05-15"}, format="json")
    assert paid.status_code == 201
    decision = PenaltyDecision.objects.get(pk=decision.pk)
    assert decision.payment_position(as_of=D(2024, 6, 17)).surcharge == Decimal("0.00")
    assert decision.payment_position(as_of=D(2024, 6, 18)).surcharge == Decimal("900.00")  # 3 % of 30,000
    first = Deadline.objects.get(object_id=case.pk, kind="payment_instalment", due=D(2024, 5, 15))
    assert first.status == "met"


@pytest.mark.django_db
def test_a_changed_decision_recomputes_the_surcharge_from_the_new_fine(api, city):
    case = served_case(city)  # 50,000, due 17 Apr 2024
    decision = case.penalty_decision
    url = f"/api/penalty-decisions/{decision.pk}/revoke/"
    wrong = api.as_user(city.head).post(
        url, {"ground": "revoked", "reason": "复议撤销", "on": "2024-05-10", "fine_amount": "20000"}, format="json"
    )
    assert wrong.status_code == 400 and "fine_amount" in wrong.json()["errors"]
    body = {
        "ground": "changed",
        "reason": "晋城市人民政府复议决定变更罚款为20,000元",
        "on": "2024-05-10",
        "fine_amount": "20000",
        "changed_text": decision.decision_text.replace("50,000.00", "20,000.00"),
    }
    changed = api.as_user(city.head).post(url, body, format="json")
    assert changed.status_code == 200, changed.content.decode()
    assert changed.json()["fine_amount"] == "20000.00"
    decision = PenaltyDecision.objects.get(pk=decision.pk)
    # Ten days late at 3 % of the new fine of 20,000.
    assert decision.payment_position(as_of=D(2024, 4, 27)).surcharge == Decimal("6000.00")
    assert decision.payment_position(as_of=D(2025, 4, 27)).surcharge == Decimal("20000.00")  # never above the fine
    row = TransitionLog.objects.filter(transition="revoke_penalty_decision").get()
    assert {
        "field": "fine_amount",
        "label": "行政处罚决定·罚款（元）",
        "old": "50000.00",
        "new": "20000.00",
    } in row.changes


# --- item 5: agency violations ---------------------------------------------------------------------------


def agency_case(city, subject, *, party=None, proposed="50000.00", **fields):
    case = penalty_clue(
        jurisdiction_code=city.code,
        kind="agency_violation",
        respondent=party or org_party(),
        received_on=D(2024, 3, 1),
        title="专利代理违法",
        facts="代理师同时在两家专利代理机构执业。",
        **fields,
    )
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
        file_case={"filed_on": "2024-03-05", "agency_subject": subject},
        close_investigation={"closed_on": "2024-03-20"},
        submit_for_review={"submitted_on": "2024-03-21"},
        approve_review={"reviewed_on": "2024-03-22"},
        notify={"notice_served_on": "2024-03-25", "proposed_penalty": "警告并罚款", "proposed_fine": proposed},
        record_statement={"received_on": "2024-03-26"},
    )


def agency_decision(**changes) -> dict:
    return {
        "outcome": "penalty",
        "decided_on": "2024-04-01",
        "violation_type": "专利代理师同时在两个以上专利代理机构从事专利代理业务",
        "legal_basis": "《专利代理条例》第二十六条",
        "warning": True,
        "fine_amount": "50000.00",
        "facts": "当事人在取得专利代理师资格后，同时在两家专利代理机构执业。",
        "evidence": "1. 两家专利代理机构的执业备案材料；\n2. 当事人的询问笔录。",
    } | changes


@pytest.mark.django_db
def test_a_60000_fine_on_an_individual_patent_agent_is_refused_naming_the_ceiling_and_the_article(api, city):
    case = agency_case(city, "patent_agent", party=person_party())
    case.proposed_fine = Decimal("60000.00")  # as if the notice had proposed it
    case.save(update_fields=["proposed_fine"])
    response = fire(api, city.head, case, "decide", agency_decision(fine_amount="60000.00"))
    assert response.status_code == 400
    messages = response.json()["errors"]["fine_amount"]
    assert any("法定上限 50,000.00 元" in m and "《专利代理条例》第二十六条" in m for m in messages), messages
    assert not PenaltyDecision.objects.filter(case=case).exists()
    accepted = fire(api, city.head, case, "decide", agency_decision())
    assert accepted.status_code == 200, accepted.content.decode()


@pytest.mark.django_db
def test_a_patent_agent_is_also_warned(api, city):
    case = agency_case(city, "patent_agent", party=person_party())
    body = fire(api, city.head, case, "decide", agency_decision(fine_amount="50000.00", warning=False)).json()
    assert "warning" in body["errors"]  # art. 26 imposes a warning


@pytest.mark.django_db
def test_a_trademark_agency_fine_has_a_floor_and_revocation_is_the_national_office_s(api, city):
    case = agency_case(city, "trademark_agency")
    response = fire(api, city.head, case, "decide", agency_decision(fine_amount="5000.00", revoke_licence=True))
    errors = response.json()["errors"]
    assert response.status_code == 400
    assert any("不得低于 10,000.00 元" in m and "《商标法》第六十八条" in m for m in errors["fine_amount"])
    assert "国家知识产权局" in errors["revoke_licence"][0]


@pytest.mark.django_db
def test_unlicensed_agency_business_is_fined_one_to_five_times_the_gains_after_confiscation(api, city):
    case = agency_case(city, "unlicensed", illegal_gains=Decimal("8000.00"), proposed="40000.00")
    low = fire(api, city.head, case, "decide", agency_decision(fine_amount="5000.00", warning=False))
    errors = low.json()["errors"]
    assert any("不得低于 8,000.00 元" in m for m in errors["fine_amount"])
    assert "confiscated_gains" in errors
    high = fire(api, city.head, case, "decide", agency_decision(fine_amount="45000.00", confiscated_gains="8000"))
    assert any("法定上限 40,000.00 元" in m for m in high.json()["errors"]["fine_amount"])


@pytest.mark.django_db
def test_a_county_bureau_may_not_file_a_patent_agency_case_unless_the_province_delegated_it(api):
    county = bureau(ZEZHOU)
    case = penalty_clue(jurisdiction_code=county.code, kind="agency_violation", received_on=D(2024, 3, 1))
    advance(case, county, "start_verification")
    body = {"officers": [o.pk for o in county.officers[:2]], "filed_on": "2024-03-05"}
    missing = fire(api, county.head, case, "file_case", body)
    assert missing.status_code == 400 and "agency_subject" in missing.json()["errors"]
    refused = fire(api, county.head, case, "file_case", body | {"agency_subject": "patent_agency"})
    assert refused.status_code == 400 and "省知识产权局" in refused.json()["errors"]["agency_subject"][0]
    # Trademark agencies are punished by any market-supervision bureau (商标法 art. 68).
    assert fire(api, county.head, case, "file_case", body | {"agency_subject": "trademark_agency"}).status_code == 200
    with override_settings(ENFORCEMENT_PATENT_AGENCY_DELEGATED_LEVELS="city,county"):
        other = penalty_clue(jurisdiction_code=county.code, kind="agency_violation", received_on=D(2024, 3, 1))
        advance(other, county, "start_verification")
        assert fire(api, county.head, other, "file_case", body | {"agency_subject": "patent_agency"}).status_code == 200


@pytest.mark.django_db
def test_suspension_is_recorded_as_a_referral_to_the_national_office_with_history(api, city):
    case = agency_case(city, "patent_agency")
    url = f"{URL}{case.pk}/national-office-referrals/"
    body = {"measure": "suspension", "suspension_months": 13, "grounds": "逾期未改正。", "referred_on": "2024-04-02"}
    assert api.as_user(city.officers[0]).post(url, body, format="json").status_code == 403
    bad = api.as_user(city.head).post(url, body, format="json")
    assert bad.status_code == 400 and "6 至 12" in bad.json()["errors"]["suspension_months"][0]
    created = api.as_user(city.head).post(url, body | {"suspension_months": 6}, format="json")
    assert created.status_code == 201, created.content.decode()
    referral = NationalOfficeReferral.objects.get()
    log = TransitionLog.objects.filter(transition="refer_to_national_office").get()
    assert log.reason == "逾期未改正。" and referral.suspension_months == 6
    answer = api.as_user(city.officers[0]).post(
        f"{url}{referral.pk}/answer/",
        {"answered_on": "2024-05-06", "answer": "已责令停止承接新业务6个月"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["answered_on"] == "2024-05-06"


# --- the staff UI -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_head_approves_a_deferral_on_the_case_page(city):
    case = served_case(city)
    page = Client()
    page.force_login(city.head)
    detail = page.get(case.get_absolute_url())
    html = detail.content.decode()
    assert "批准暂缓或分期缴纳" in html and "登记处罚决定被变更或撤销" in html and "截至今日应缴" in html
    url = reverse("web:enforcement-execution", args=[case.pk, "arrangement"])
    body = {"kind": "deferral", "applied_on": "2024-04-10", "approved_on": "2024-04-12", "deferred_to": "2024-06-17"}
    refused = page.post(url, body)  # no reason given
    assert refused.status_code == 400 and "经济困难" in refused.content.decode()
    done = page.post(url, body | {"reason": "受灾"})
    assert done.status_code == 302
    assert PenaltyDecision.objects.get(pk=case.penalty_decision.pk).payment_due == D(2024, 6, 17)


@pytest.mark.django_db
def test_officers_record_a_lawsuit_and_payments_on_the_case_page(city):
    case = served_case(city)
    page = Client()
    page.force_login(city.officers[0])
    html = page.get(case.get_absolute_url()).content.decode()
    assert "登记当事人申请复议或提起诉讼" in html and "登记缴款" in html and "批准暂缓或分期缴纳" not in html
    url = reverse("web:enforcement-execution", args=[case.pk, "remedy"])
    done = page.post(url, {"kind": "lawsuit", "filed_on": "2024-05-06", "body": "晋城市城区人民法院"})
    assert done.status_code == 302 and case.penalty_decision.remedies.count() == 1
    paid = page.post(
        reverse("web:enforcement-execution", args=[case.pk, "payment"]), {"amount": "100", "paid_on": "2024-05-07"}
    )
    assert paid.status_code == 302 and case.penalty_decision.payments.count() == 1


@pytest.mark.django_db
def test_the_filing_form_asks_who_committed_the_agency_violation(city):
    case = penalty_clue(jurisdiction_code=city.code, kind="agency_violation", received_on=D(2024, 3, 1))
    advance(case, city, "start_verification")
    page = Client()
    page.force_login(city.head)
    html = page.get(reverse("web:object-transition", args=["enforcement_case", case.pk, "file_case"])).content.decode()
    assert "代理违法主体" in html and "专利代理师（个人）" in html


@pytest.mark.django_db
def test_the_head_records_a_change_on_the_case_page_with_the_corrected_text_and_then_sees_it(city):
    """The change form offers the decision's text to correct (the publication is replaced by it);
    once recorded, the page shows the change instead of the form."""
    case = served_case(city)
    decision = case.penalty_decision
    page = Client()
    page.force_login(city.head)
    html = page.get(case.get_absolute_url()).content.decode()
    assert "登记处罚决定被变更或撤销</summary>" in html and 'name="changed_text"' in html
    changed = decision.decision_text.replace("50,000.00", "20,000.00")
    form = {
        "ground": "changed",
        "reason": "复议变更罚款",
        "on": "2024-05-10",
        "fine_amount": "20000",
        "changed_text": changed,
    }
    response = page.post(reverse("web:enforcement-execution", args=[case.pk, "change"]), form)
    assert response.status_code == 302, response.content.decode()
    decision.refresh_from_db()
    assert decision.fine_amount == Decimal("20000.00")
    html = page.get(case.get_absolute_url()).content.decode()
    assert "处罚决定已被变更：复议变更罚款" in html and "登记处罚决定被变更或撤销</summary>" not in html
