"""Issue 12, the penalty procedure by the letter of the law: the party's hearing and defence are never
cut off (《行政处罚法》第四十四、四十五、六十三、六十四条); a revoked earlier decision never makes a
repeat infringement and the five years run to the new act (《商标法》第六十条第二款); limitation
(第三十六条); the decision's required contents incl. the remedy notice (第五十九条); a changed
decision's publication is replaced and the public page says so (行政处罚信息公示规定)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.numbering.models import IssuedNumber
from casemgmt.org.models import Department
from casemgmt.parties.models import Party
from casemgmt.publication.models import Publication
from casemgmt.workflow.services import fire_transition
from creditlist import matching
from creditlist.models import CreditEntry
from enforcement.models import EnforcementCase, PenaltyDecision
from enforcement.publication import penalty_decision_revoke

from .enforcement_factories import (
    EVIDENCE,
    FACTS,
    advance,
    bureau,
    org_party,
    penalty_case_until,
    penalty_clue,
    penalty_payload,
    person_party,
)
from .factories import CITY
from .publication_factories import decided_case as published_decided_case
from .publication_factories import published_case

URL = "/api/enforcement-cases/"
D = dt.date


@pytest.fixture
def city(db):
    return bureau(CITY)


def fire(api, user, case, name, body=None):
    return api.as_user(user).post(f"{URL}{case.pk}/transitions/{name}/", body or {}, format="json")


def statement_limit(case):
    [deadline] = [d for d in deadlines_for(case) if d.kind == "statement_window"]
    return deadline


def notified_case(city, *, served: dt.date, respondent=None, fine="50000", **clue) -> EnforcementCase:
    """A case whose prior notice was served on `served`, every earlier step dated before it. A
    person as party (hearing threshold 10,000) has the right to a hearing on a 50,000 fine."""
    received = served - dt.timedelta(days=14)
    case = penalty_clue(jurisdiction_code=city.code, received_on=received, respondent=respondent, **clue)
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
        file_case={"filed_on": (received + dt.timedelta(days=1)).isoformat()},
        close_investigation={"closed_on": (received + dt.timedelta(days=3)).isoformat()},
        submit_for_review={"submitted_on": (received + dt.timedelta(days=4)).isoformat()},
        approve_review={"reviewed_on": (received + dt.timedelta(days=5)).isoformat()},
        notify={"notice_served_on": served.isoformat(), "proposed_fine": fine},
    )


def decide_body(city, case, **changes):
    return penalty_payload("decide", city, case) | changes


# --- item 1: hearing and defence are never cut off ----------------------------------------------------


@pytest.mark.django_db
def test_a_hearing_asked_on_the_fifth_working_day_after_service_is_accepted_blocks_the_decision_until_the_report(
    api, city
):
    served = D(2026, 10, 26)
    case = notified_case(city, served=served, respondent=person_party())
    assert case.hearing_right and case.statement_due == compute_due(served, Rule.WORKING_DAYS, 5).due
    officer, head = city.officers[0], city.head
    # The party states its case on the next day: the window stays open for a hearing request.
    statement = {"received_on": "2026-10-27", "statement_text": "当事人称系初次违法。"}
    assert fire(api, officer, case, "record_statement", statement).status_code == 200
    assert statement_limit(case).status != "met"  # (dated in the past, it already shows as run out)

    asked = fire(api, officer, case, "request_hearing", {"requested_on": case.statement_due.isoformat()})
    assert asked.status_code == 200, asked.content.decode()
    assert asked.json()["state"] == "hearing_requested"
    assert fire(api, head, case, "decide", decide_body(city, case)).status_code == 409
    assert fire(api, head, case, "refer_to_collective_discussion").status_code == 409

    notice_on = case.statement_due + dt.timedelta(days=1)
    hearing_on = compute_due(notice_on, Rule.WORKING_DAYS, 7).due
    scheduled = {"notice_served_on": notice_on.isoformat(), "hearing_date": hearing_on.isoformat()}
    assert fire(api, officer, case, "schedule_hearing", scheduled).status_code == 200
    assert fire(api, head, case, "decide", decide_body(city, case)).status_code == 409
    held = {"held_on": hearing_on.isoformat(), "hearing_record": "听证笔录：当事人到场申辩。听证报告：建议维持。"}
    assert fire(api, officer, case, "hold_hearing", held).status_code == 200
    decided = fire(api, head, case, "decide", decide_body(city, case))
    assert decided.status_code == 200, decided.content.decode()
    assert decided.json()["state"] == "decided"


@pytest.mark.django_db
def test_a_party_who_stays_away_from_the_notified_hearing_is_deemed_to_waive_it_and_the_case_goes_on(api, city):
    """《行政处罚法》第六十四条第八项: absent without good reason, the hearing ends as waived; the
    officers record it (with the reason) and the head may decide: no case is stuck at 已申请听证."""
    served = D(2026, 10, 26)
    case = notified_case(city, served=served, respondent=person_party())
    officer, head = city.officers[0], city.head
    assert fire(api, officer, case, "request_hearing", {"requested_on": "2026-10-28"}).status_code == 200
    # Not before the hearing was notified and its day came.
    early = fire(api, officer, case, "end_hearing", {"ground": "absent", "reason": "当事人未到场"})
    assert early.status_code == 400 and "ground" in early.json()["errors"]
    hearing_on = compute_due(D(2026, 10, 29), Rule.WORKING_DAYS, 7).due
    scheduled = {"notice_served_on": "2026-10-29", "hearing_date": hearing_on.isoformat()}
    assert fire(api, officer, case, "schedule_hearing", scheduled).status_code == 200
    body = {"ground": "absent", "ended_on": hearing_on.isoformat(), "reason": "经合法通知，当事人无正当理由未到场。"}
    ended = fire(api, officer, case, "end_hearing", body)
    assert ended.status_code == 200, ended.content.decode()
    assert ended.json()["state"] == "notified"
    case.refresh_from_db()
    assert case.hearing_waived and case.hearing_end_ground == "absent" and case.hearing_ended_on == hearing_on
    decided = fire(api, head, case, "decide", decide_body(city, case))
    assert decided.status_code == 200, decided.content.decode()


@pytest.mark.django_db
def test_a_withdrawn_hearing_request_leaves_the_statement_window_running(api, city, clock):
    """Withdrawn within the window, the request no longer blocks the decision, but the party's
    five working days to state its case still do."""
    clock("2026-10-28 10:00")
    case = notified_case(city, served=D(2026, 10, 26), respondent=person_party())
    officer, head = city.officers[0], city.head
    assert fire(api, officer, case, "request_hearing", {"requested_on": "2026-10-27"}).status_code == 200
    body = {"ground": "withdrawn", "ended_on": "2026-10-28", "reason": "当事人书面撤回听证申请。"}
    assert fire(api, officer, case, "end_hearing", body).status_code == 200
    assert fire(api, head, case, "decide", decide_body(city, case)).status_code == 409
    clock(f"{case.statement_due + dt.timedelta(days=1)} 10:00")
    decided = fire(api, head, case, "decide", decide_body(city, case))
    assert decided.status_code == 200, decided.content.decode()


@pytest.mark.django_db
def test_a_hearing_asked_after_the_fifth_working_day_is_refused(api, city):
    case = notified_case(city, served=D(2026, 10, 26), respondent=person_party())
    late = case.statement_due + dt.timedelta(days=1)
    refused = fire(api, city.officers[0], case, "request_hearing", {"requested_on": late.isoformat()})
    assert refused.status_code == 400 and "五个工作日" in refused.json()["errors"]["requested_on"][0]


@pytest.mark.django_db
def test_no_decision_while_the_window_is_open_even_with_a_statement_recorded(api, city):
    case = notified_case(city, served=timezone.localdate(), respondent=person_party())
    assert timezone.localdate() <= case.statement_due
    statement = {"statement_text": "当事人对违法事实无异议，请求从轻处罚。"}
    assert fire(api, city.officers[0], case, "record_statement", statement).status_code == 200
    offered = {t["name"] for t in api.as_user(city.head).get(f"{URL}{case.pk}/transitions/").json()}
    assert "decide" not in offered and "request_hearing" in offered
    refused = fire(api, city.head, case, "decide", decide_body(city, case))
    assert refused.status_code == 409 and "期限尚未届满" in refused.json()["detail"]
    assert fire(api, city.head, case, "refer_to_collective_discussion").status_code == 409
    assert not PenaltyDecision.objects.filter(case=case).exists()
    assert EnforcementCase.objects.get(pk=case.pk).state == "notified"


@pytest.mark.django_db
def test_a_waiver_of_the_statement_alone_does_not_cut_off_the_hearing(api, city):
    case = notified_case(city, served=timezone.localdate(), respondent=person_party())
    assert fire(api, city.officers[0], case, "record_statement", {"waived": True}).status_code == 200
    assert fire(api, city.head, case, "decide", decide_body(city, case)).status_code == 409


@pytest.mark.django_db
def test_an_express_waiver_of_both_statement_and_hearing_allows_the_decision_at_once(api, city):
    case = notified_case(city, served=timezone.localdate(), respondent=person_party())
    waiver = {"waived": True, "hearing_waived": True, "statement_text": "本人放弃陈述、申辩和听证的权利。"}
    recorded = fire(api, city.officers[0], case, "record_statement", waiver)
    assert recorded.status_code == 200
    assert recorded.json()["statement_waived"] is True
    assert statement_limit(case).status == "met"  # the waiver, recorded as such, ends the window
    decided = fire(api, city.head, case, "decide", decide_body(city, case))
    assert decided.status_code == 200, decided.content.decode()


@pytest.mark.django_db
def test_a_hearing_waiver_is_refused_where_the_notice_gave_no_hearing_right(api, city):
    case = notified_case(city, served=timezone.localdate(), respondent=org_party())  # 50,000 < 100,000
    assert not case.hearing_right
    refused = fire(api, city.officers[0], case, "record_statement", {"waived": True, "hearing_waived": True})
    assert refused.status_code == 400 and "hearing_waived" in refused.json()["errors"]


@pytest.mark.django_db
def test_once_the_window_has_passed_in_silence_the_decision_may_be_made_but_not_dated_inside_it(api, city):
    case = notified_case(city, served=D(2026, 10, 26), respondent=person_party())
    inside = decide_body(city, case, decided_on=case.statement_due.isoformat())
    refused = fire(api, city.head, case, "decide", inside)
    assert refused.status_code == 400 and "decided_on" in refused.json()["errors"]
    decided = fire(api, city.head, case, "decide", decide_body(city, case))
    assert decided.status_code == 200, decided.content.decode()


@pytest.mark.django_db
def test_the_statement_form_offers_the_waiver_of_both_rights(client, city):
    case = notified_case(city, served=timezone.localdate(), respondent=person_party())
    client.force_login(city.officers[0])
    url = f"/w/enforcement_case/{case.pk}/transition/record_statement/"
    form = client.get(url).content.decode()
    assert "放弃陈述、申辩权利" in form and "放弃听证权利" in form
    done = client.post(url, {"waived": "on", "hearing_waived": "on", "statement_text": "放弃。"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.statement_waived and case.hearing_waived


# --- item 4: repeat trademark infringement ------------------------------------------------------------------


def decided_on(city, respondent, day: dt.date, **decide):
    """A trademark case decided on `day`, its steps dated in the month before."""
    received = day - dt.timedelta(days=30)
    case = penalty_clue(jurisdiction_code=city.code, respondent=respondent, received_on=received)
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
        file_case={"filed_on": (received + dt.timedelta(days=1)).isoformat()},
        close_investigation={"closed_on": (received + dt.timedelta(days=5)).isoformat()},
        submit_for_review={"submitted_on": (received + dt.timedelta(days=6)).isoformat()},
        approve_review={"reviewed_on": (received + dt.timedelta(days=7)).isoformat()},
        notify={"notice_served_on": (received + dt.timedelta(days=8)).isoformat()},
        record_statement={"received_on": (received + dt.timedelta(days=9)).isoformat()},
        decide={"decided_on": day.isoformat(), **decide},
    ).penalty_decision


def prior_of(api, user, case) -> list[str]:
    return api.as_user(user).get(f"{URL}{case.pk}/").json()["prior_trademark_penalties"]


@pytest.mark.django_db
def test_a_revoked_earlier_decision_does_not_make_a_new_infringement_a_repeat(api, city):
    respondent = org_party()
    earlier = decided_on(city, respondent, D(2025, 3, 3))
    case = penalty_case_until("record_statement", city, respondent=respondent)
    assert prior_of(api, city.head, case) == [earlier.number_text]

    penalty_decision_revoke(earlier, reason="行政复议决定撤销（晋市复决〔2026〕8号）", actor=city.head)
    assert prior_of(api, city.head, case) == []
    decided = fire(api, city.head, case, "decide", decide_body(city, case))
    assert decided.status_code == 200, decided.content.decode()
    decision = PenaltyDecision.objects.get(case=case)
    assert not decision.must_aggravate and "从重" not in decision.decision_text


@pytest.mark.django_db
def test_a_changed_earlier_decision_still_counts_and_the_credit_list_follows_the_same_rule(api, city):
    respondent = org_party()
    earlier = decided_on(city, respondent, D(2025, 3, 3))
    penalty_decision_revoke(
        earlier,
        reason="复议决定变更罚款数额",
        actor=city.head,
        ground="changed",
        changed_text=earlier.decision_text.replace("50,000.00", "30,000.00"),
    )
    case = penalty_case_until("record_statement", city, respondent=respondent)
    decided = fire(api, city.head, case, "decide", decide_body(city, case, aggravation_confirmed=True))
    assert decided.status_code == 200, decided.content.decode()
    decision = PenaltyDecision.objects.get(case=case)
    assert decision.must_aggravate and decision.prior_decisions == earlier.number_text
    assert "依法从重处罚" in decision.decision_text
    entry = CreditEntry.objects.get(penalty_decision=decision)  # proposed automatically
    assert matching.ground_still_holds(entry) is True


@pytest.mark.django_db
def test_the_credit_lists_repeat_ground_no_longer_holds_once_the_earlier_decision_is_annulled(api, city):
    respondent = org_party()
    earlier = decided_on(city, respondent, D(2025, 3, 3))
    case = penalty_case_until("record_statement", city, respondent=respondent)
    assert fire(api, city.head, case, "decide", decide_body(city, case, aggravation_confirmed=True)).status_code == 200
    entry = CreditEntry.objects.get(penalty_decision__case=case)
    assert matching.ground_still_holds(entry) is True
    penalty_decision_revoke(earlier, reason="人民法院判决确认无效", actor=city.head, ground="found_unlawful")
    # One rule: the candidate's ground is read again from the same records and no longer holds.
    assert matching.ground_still_holds(entry) is False
    assert prior_of(api, city.head, case) == []


@pytest.mark.django_db
def test_the_five_years_run_to_the_date_of_the_new_act_not_to_the_new_decision(api, city):
    respondent = org_party()
    earlier = decided_on(city, respondent, D(2021, 6, 1))
    today = timezone.localdate()
    # Committed on 2026-05-20, within five years of the earlier decision, decided more than five years after it.
    within = penalty_case_until("record_statement", city, respondent=respondent, violation_on=D(2026, 5, 20))
    assert prior_of(api, city.head, within) == [earlier.number_text]
    refused = fire(api, city.head, within, "decide", decide_body(city, within))
    assert refused.status_code == 400
    [message] = refused.json()["errors"]["aggravation_confirmed"]
    assert earlier.number_text in message and "2026-05-20" in message
    assert today > D(2026, 6, 1)
    # Committed on 2026-06-02, five years and a day after it: not a repeat.
    after = penalty_case_until("record_statement", city, respondent=respondent, violation_on=D(2026, 6, 2))
    assert prior_of(api, city.head, after) == []
    assert fire(api, city.head, after, "decide", decide_body(city, after)).status_code == 200
    assert not PenaltyDecision.objects.get(case=after).must_aggravate


# --- item 7: limitation --------------------------------------------------------------------------------------


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def filing(city, **extra):
    return {"officers": [o.pk for o in city.officers[:2]]} | extra


@pytest.mark.django_db
def test_filing_more_than_two_years_after_the_violation_is_refused_with_the_reason(api, city):
    case = advance(penalty_clue(jurisdiction_code=city.code, violation_on=None), city, "start_verification")
    missing = fire(api, city.head, case, "file_case", filing(city))
    assert missing.status_code == 400 and "violation_on" in missing.json()["errors"]

    old = years_ago(2, days=10)
    refused = fire(api, city.head, case, "file_case", filing(city, violation_on=old.isoformat()))
    assert refused.status_code == 400
    [reason] = refused.json()["errors"]["violation_on"]
    assert "二年内未被发现" in reason and "第三十六条" in reason and old.isoformat() in reason
    case.refresh_from_db()
    assert case.state == "verifying" and not case.case_number and case.violation_on is None

    recent = fire(api, city.head, case, "file_case", filing(city, violation_on=years_ago(1).isoformat()))
    assert recent.status_code == 200 and recent.json()["violation_on"] == years_ago(1).isoformat()
    assert recent.json()["limitation"]["years"] == 2


@pytest.mark.django_db
def test_five_years_where_life_health_or_finance_is_involved(api, city):
    case = advance(penalty_clue(jurisdiction_code=city.code, violation_on=None), city, "start_verification")
    three = {"violation_on": years_ago(3).isoformat(), "limitation_interest": "life_health"}
    beyond = {"violation_on": years_ago(5, days=10).isoformat(), "limitation_interest": "financial"}
    refused = fire(api, city.head, case, "file_case", filing(city, **beyond))
    assert refused.status_code == 400 and "五年内未被发现" in refused.json()["errors"]["violation_on"][0]
    filed = fire(api, city.head, case, "file_case", filing(city, **three))
    assert filed.status_code == 200, filed.content.decode()
    assert filed.json()["limitation_interest"] == "life_health" and filed.json()["limitation"]["years"] == 5


@pytest.mark.django_db
def test_a_longer_period_provided_by_law_is_recorded_with_its_legal_basis(api, city):
    case = advance(penalty_clue(jurisdiction_code=city.code, violation_on=None), city, "start_verification")
    old = years_ago(3).isoformat()
    vague = fire(api, city.head, case, "file_case", filing(city, violation_on=old, limitation_exception="法律另有规定"))
    assert vague.status_code == 400 and "limitation_exception" in vague.json()["errors"]
    basis = "《中华人民共和国税收征收管理法》第八十六条：五年"
    filed = fire(api, city.head, case, "file_case", filing(city, violation_on=old, limitation_exception=basis))
    assert filed.status_code == 200 and filed.json()["limitation_exception"] == basis


@pytest.mark.django_db
def test_the_clue_api_takes_the_date_and_a_filed_case_cannot_be_edited_into_a_time_barred_one(api, city):
    case = penalty_case_until("start_investigation", city)
    url = f"{URL}{case.pk}/"
    barred = api.as_user(city.officers[0]).patch(
        url, {"violation_on": years_ago(2, days=40).isoformat()}, format="json"
    )
    assert barred.status_code == 400 and "二年内未被发现" in barred.json()["errors"]["violation_on"][0]
    moved = api.as_user(city.officers[0]).patch(url, {"violation_on": years_ago(1).isoformat()}, format="json")
    assert moved.status_code == 200 and moved.json()["violation_on"] == years_ago(1).isoformat()
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert api.as_user(city.officers[0]).patch(url, {"violation_on": future}, format="json").status_code == 400


@pytest.mark.django_db
def test_the_filing_form_takes_the_limitation_fields_and_shows_the_refusal(client, city):
    case = advance(penalty_clue(jurisdiction_code=city.code, violation_on=None), city, "start_verification")
    client.force_login(city.head)
    url = f"/w/enforcement_case/{case.pk}/transition/file_case/"
    form = client.get(url).content.decode()
    assert "违法行为发生日期" in form and "金融安全" in form and "法律另有规定" in form
    officers = [o.pk for o in city.officers[:2]]
    refused = client.post(url, {"officers": officers, "violation_on": years_ago(2, days=5).isoformat()})
    assert refused.status_code == 400 and "二年内未被发现" in refused.content.decode()
    done = client.post(url, {"officers": officers, "violation_on": years_ago(1).isoformat()})
    assert done.status_code == 302
    assert EnforcementCase.objects.get(pk=case.pk).violation_on == years_ago(1)


# --- item 8: the decision's required contents ----------------------------------------------------------------


def city_bureau():
    return Department.objects.get(kind=Department.Kind.MARKET_SUPERVISION, jurisdiction_id=CITY)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ("review_body", "review_body"),
        ("court", "court"),
        ("payment_method", "payment_method"),
        ("party_address", "party"),
        ("facts", "facts"),
        ("legal_basis", "legal_basis"),
        ("evidence", "evidence"),
    ],
)
def test_a_decision_missing_a_required_element_cannot_issue_and_the_error_names_it(api, city, missing, field):
    case = penalty_case_until("record_statement", city)
    body = decide_body(city, case)
    if missing in ("review_body", "court", "payment_method"):
        Department.objects.filter(pk=city_bureau().pk).update(**{missing: ""})
    elif missing == "party_address":
        Party.objects.filter(pk=case.principal_party.pk).update(address="")
    else:
        body[missing] = ""
    refused = fire(api, city.head, case, "decide", body)
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert list(errors) == [field], errors
    assert not PenaltyDecision.objects.filter(case=case).exists()
    assert not IssuedNumber.objects.filter(sequence__doc_type="罚").exists()
    assert EnforcementCase.objects.get(pk=case.pk).state == "notified"


@pytest.mark.django_db
def test_the_officer_cannot_type_the_decision_text_it_is_generated(api, city):
    case = penalty_case_until("record_statement", city)
    refused = fire(api, city.head, case, "decide", decide_body(city, case, decision_text="决定罚款五万元。"))
    assert refused.status_code == 400 and "decision_text" in refused.json()["errors"]


@pytest.mark.django_db
def test_the_issued_decision_contains_every_required_element_including_the_remedy_notice(api, city):
    case = penalty_case_until("decide", city)
    decision = case.penalty_decision
    party = case.principal_party
    html = decision.document.html
    bureau_name = "晋城市市场监督管理局"
    expected = [
        party.name,
        party.address,
        party.credit_code,  # (一)
        FACTS,
        *EVIDENCE.splitlines(),  # (二)
        "《中华人民共和国商标法》第六十条第二款",
        "罚款人民币50,000.00元",
        "没收侵权镜片1,200副",  # (三)
        "自收到本决定书之日起15日内，将罚没款共计人民币50,000.00元",
        "山西省非税收入电子缴款系统",
        "百分之三加处罚款",  # (四)
        "60日内向晋城市人民政府申请行政复议",
        "六个月内直接向晋城市城区人民法院提起行政诉讼",  # (五)
        bureau_name,
        f"{bureau_name}印章",
        f"{decision.decided_on:%Y}年{decision.decided_on.month}月{decision.decided_on.day}日",  # (六)
        decision.number_text,
    ]
    for element in expected:
        assert element in html, element
    assert (decision.review_body, decision.court, decision.authority) == (
        "晋城市人民政府",
        "晋城市城区人民法院",
        bureau_name,
    )
    # What is published equals what was served.
    publication = Publication.objects.get(object_id=decision.pk, kind="penalty_decision")
    assert publication.source_text == decision.decision_text


@pytest.mark.django_db
def test_the_evidence_of_the_case_file_is_listed_without_typing_it(api, city):
    from enforcement.models import Inspection

    case = penalty_case_until("record_statement", city)
    Inspection.objects.create(
        case=case,
        jurisdiction=case.jurisdiction,
        started_at=timezone.now(),
        place="城区眼镜市场12号商铺",
        findings="查获侵权镜片。",
        signature="signed",
        recorded_by=city.officers[0],
    )
    decided = fire(api, city.head, case, "decide", decide_body(city, case, evidence=""))
    assert decided.status_code == 200, decided.content.decode()
    assert "现场检查笔录" in PenaltyDecision.objects.get(case=case).decision_text


@pytest.mark.django_db
def test_the_decision_form_asks_for_the_contents_not_for_a_text(client, city):
    case = penalty_case_until("record_statement", city)
    client.force_login(city.head)
    form = client.get(f"/w/enforcement_case/{case.pk}/transition/decide/").content.decode()
    assert "认定的违法事实" in form and "证据" in form and "由系统根据以上各项生成" in form


# --- item 9: a changed decision is re-published ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_changed_decision_replaces_the_published_text_within_three_working_days_and_the_page_says_so(
    api, client, city
):
    decided = published_case(city)
    publication = decided.publication
    today = timezone.localdate()
    changed = decided.decision.decision_text.replace("50,000.00", "30,000.00")
    assert changed != decided.decision.decision_text

    url = f"/api/penalty-decisions/{decided.decision.pk}/revoke/"
    without = api.as_user(city.head).post(url, {"reason": "复议变更", "ground": "changed"}, format="json")
    assert without.status_code == 400 and "changed_text" in without.json()["errors"]
    body = {
        "reason": "行政复议决定变更罚款数额（晋市复决〔2026〕9号）",
        "ground": "changed",
        "changed_text": changed,
        "fine_amount": "30000",
    }
    assert api.as_user(city.head).post(url, body, format="json").status_code == 200

    publication = Publication.objects.get(pk=publication.pk)
    assert publication.state == "published" and publication.withdrawal_required_on is None
    assert publication.replacement_text == changed and publication.changed_on == today
    # The summary (the fine) changes with the text, when the reviewer corrects the publication.
    assert "50,000" in publication.summary["penalty"] and "30,000" in publication.replacement_summary["penalty"]
    [limit] = [d for d in deadlines_for(publication) if d.kind == "publication_replacement"]
    assert limit.due == compute_due(today, Rule.WORKING_DAYS, 3).due and limit.status == "open"

    corrected = fire_transition(publication, "correct", actor=city.reviewer, reason="按变更后的决定更新公示")
    assert corrected.version == 2 and corrected.replacement_text == ""
    assert "30,000.00" in corrected.published_text and "罚款人民币50,000.00元" not in corrected.published_text
    assert "30,000" in corrected.summary["penalty"] and corrected.replacement_summary == {}
    [limit] = [d for d in deadlines_for(publication) if d.kind == "publication_replacement"]
    assert limit.status == "met"

    detail = api.get(f"/api/public/penalty-decisions/{publication.pk}/").json()
    assert detail["corrected"] is True and detail["decision_changed_on"] == today.isoformat()
    assert "30,000" in str(detail) and "50,000" not in str(detail)
    assert detail["corrected_at"].startswith(today.isoformat())
    page = client.get(f"/public/penalties/{publication.pk}/").content.decode()
    assert f"已于{today.year}年{today.month}月{today.day}日依法变更" in page
    assert "本公示内容已于" in page and "更正为变更后的决定" in page


@pytest.mark.django_db
def test_a_decision_changed_before_publication_is_published_as_changed(city):
    decided = published_decided_case(city)
    changed = decided.decision.decision_text.replace("50,000.00", "30,000.00")
    penalty_decision_revoke(
        decided.decision, reason="本机关依法变更", actor=city.head, ground="changed", changed_text=changed
    )
    publication = Publication.objects.get(pk=decided.publication.pk)
    assert publication.state == "pending" and publication.source_text == changed
    assert "30,000.00" in publication.published_text


@pytest.mark.django_db
def test_a_revocation_still_requires_withdrawal_not_replacement(city):
    decided = published_case(city)
    penalty_decision_revoke(decided.decision, reason="行政复议撤销", actor=city.head)
    publication = Publication.objects.get(pk=decided.publication.pk)
    assert publication.withdrawal_required_on is not None and publication.replacement_text == ""
    assert Decimal(decided.decision.fine_amount) == Decimal("50000.00")
