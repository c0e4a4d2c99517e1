"""Time limits of the penalty procedure kept by the deadline engine (DOMAIN §3a, §7): working
days across the 2026 holidays, clocks stopped by suspensions, appraisals and hearings, and
extensions approved by the head. Expected dates are worked out by hand from the 2026 notice."""

import datetime as dt

import pytest

from casemgmt.org.models import Role
from enforcement.models import EnforcementCase

from .enforcement_factories import advance, bureau, org_party, penalty_clue
from .factories import CITY, UserFactory, jurisdiction

URL = "/api/enforcement-cases/"


@pytest.fixture
def city(db):
    return bureau(CITY)


def limits_of(api, user, case) -> dict:
    response = api.as_user(user).get(f"{URL}{case.pk}/deadlines/")
    assert response.status_code == 200
    return {row["kind"]: row for row in response.json()}


def fire(api, user, case, name, body=None):
    return api.as_user(user).post(f"{URL}{case.pk}/transitions/{name}/", body or {}, format="json")


def filed_in_june(city) -> EnforcementCase:
    case = penalty_clue(jurisdiction_code=CITY, received_on=dt.date(2026, 6, 1))
    return advance(
        case,
        city,
        "start_verification",
        "file_case",
        "start_investigation",
        file_case={"filed_on": "2026-06-10"},
    )


@pytest.mark.django_db
def test_the_filing_limit_counts_fifteen_working_days_across_mid_autumn_and_national_day(api, city):
    """Clue received Thu 24 Sep 2026: 28–30 Sep (3), 8–9 Oct (5), Sat 10 Oct make-up day (6),
    12–16 Oct (11), 19–22 Oct (15) → due Thu 22 Oct 2026."""
    response = api.as_user(city.officers[0]).post(
        URL,
        {
            "procedure": "penalty",
            "kind": "patent_counterfeiting",
            "clue_source": "ecommerce_platform",
            "clue_source_detail": "某电商平台知识产权保护中心",
            "title": "网店销售标注失效专利号的煤层气排采控制器",
            "facts": "平台报送：店铺在商品详情页标注已终止的专利号。",
            "received_on": "2026-09-24",
            "parties": [{"role": "respondent", "party": org_party()}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content.decode()
    case = EnforcementCase.objects.get(pk=response.json()["id"])
    filing = limits_of(api, city.head, case)["filing_decision"]
    assert (filing["start"], filing["due"]) == ("2026-09-24", "2026-10-22")


@pytest.mark.django_db
def test_appraisal_time_is_not_counted_and_the_head_may_extend_the_filing_limit_once(api, city):
    """Pausing 28–30 Sep (three working days) moves the due date to 27 Oct; the head's extension
    adds fifteen working days from there (17 Nov)."""
    case = advance(penalty_clue(jurisdiction_code=CITY, received_on=dt.date(2026, 9, 24)), city, "start_verification")
    officer = city.officers[0]
    paused = fire(api, officer, case, "pause_filing_clock", {"measure": "appraisal", "paused_from": "2026-09-28"})
    assert paused.status_code == 200, paused.content.decode()
    assert fire(api, city.head, case, "file_case", {"officers": [o.pk for o in city.officers[:2]]}).status_code == 409
    resumed = fire(api, officer, case, "resume_filing_clock", {"completed_on": "2026-09-30"})
    assert resumed.status_code == 200, resumed.content.decode()
    filing = limits_of(api, city.head, case)["filing_decision"]
    assert (filing["due"], filing["suspended_days"]) == ("2026-10-27", 3)

    assert fire(api, officer, case, "extend_filing_period", {"reason": "需要权利人辨认"}).status_code == 403
    extended = fire(api, city.head, case, "extend_filing_period", {"reason": "案情复杂，需要权利人辨认鉴别。"})
    assert extended.status_code == 200
    filing = limits_of(api, city.head, case)["filing_decision"]
    assert (filing["due"], filing["extended_to"]) == ("2026-11-17", "2026-11-17")
    again = fire(api, city.head, case, "extend_filing_period", {"reason": "再延长"})
    assert again.status_code == 409 and "延长过一次" in again.json()["detail"]


@pytest.mark.django_db
def test_suspension_moves_the_ninety_day_decision_limit_by_exactly_the_suspended_days(api, city):
    """Filed 10 Jun 2026 → due 8 Sep. Suspended from 1 Jul, resumed on 21 Jul: 1–20 Jul (20 days)
    are not counted → due 28 Sep."""
    case = filed_in_june(city)
    decision = limits_of(api, city.head, case)["decision"]
    assert (decision["start"], decision["due"], decision["suspended_days"]) == ("2026-06-10", "2026-09-08", 0)

    suspended = fire(
        api,
        city.head,
        case,
        "suspend_investigation",
        {"reason": "需等待商标权属确认", "ground": "awaiting_other_case", "suspended_from": "2026-07-01"},
    )
    assert suspended.status_code == 200, suspended.content.decode()
    assert limits_of(api, city.head, case)["decision"]["status"] == "open"
    too_early = fire(api, city.officers[0], case, "resume_investigation", {"resumed_on": "2026-07-01"})
    assert too_early.status_code == 400 and "resumed_on" in too_early.json()["errors"]
    resumed = fire(api, city.officers[0], case, "resume_investigation", {"resumed_on": "2026-07-21"})
    assert resumed.status_code == 200, resumed.content.decode()
    decision = limits_of(api, city.head, case)["decision"]
    assert (decision["due"], decision["suspended_days"]) == ("2026-09-28", 20)


@pytest.mark.django_db
def test_hearing_notice_needs_seven_working_days_and_the_hearing_does_not_count(api, city):
    """Notice served 1 Jul → statement window ends 8 Jul. Hearing asked 3 Jul; notice of hearing
    served 6 Jul → earliest hearing 15 Jul. 3–15 Jul (13 days) stop the decision clock → 21 Sep."""
    case = advance(
        filed_in_june(city),
        city,
        "close_investigation",
        "submit_for_review",
        "approve_review",
        close_investigation={"closed_on": "2026-06-20", "illegal_turnover": "200000"},
        submit_for_review={"submitted_on": "2026-06-22"},
        approve_review={"reviewed_on": "2026-06-24"},
    )
    officer = city.officers[0]
    notified = fire(
        api,
        officer,
        case,
        "notify",
        {"proposed_penalty": "拟罚款150,000元。", "proposed_fine": "150000", "notice_served_on": "2026-07-01"},
    )
    assert notified.status_code == 200, notified.content.decode()
    assert notified.json()["hearing_right"] is True and notified.json()["statement_due"] == "2026-07-08"
    late = fire(api, officer, case, "request_hearing", {"requested_on": "2026-07-09"})
    assert late.status_code == 400 and "逾期" in late.json()["errors"]["requested_on"][0]
    assert fire(api, officer, case, "request_hearing", {"requested_on": "2026-07-03"}).status_code == 200

    early = fire(
        api, officer, case, "schedule_hearing", {"notice_served_on": "2026-07-06", "hearing_date": "2026-07-14"}
    )
    assert early.status_code == 400 and "2026-07-15" in early.json()["errors"]["hearing_date"][0]
    ok = fire(api, officer, case, "schedule_hearing", {"notice_served_on": "2026-07-06", "hearing_date": "2026-07-15"})
    assert ok.status_code == 200
    held = fire(api, officer, case, "hold_hearing", {"held_on": "2026-07-15", "hearing_record": "听证笔录。"})
    assert held.status_code == 200, held.content.decode()
    decision = limits_of(api, city.head, case)["decision"]
    assert (decision["due"], decision["suspended_days"]) == ("2026-09-21", 13)
    assert limits_of(api, city.head, case)["statement_window"]["status"] == "met"


@pytest.mark.django_db
def test_the_head_extends_the_decision_limit_by_thirty_days_then_only_by_collective_discussion(api, city):
    case = filed_in_june(city)
    url = f"{URL}{case.pk}/extend-time-limit/"
    assert api.as_user(city.officers[0]).post(url, {"reason": "复杂"}, format="json").status_code == 403
    county_head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction("140525"))
    assert api.as_user(county_head).post(url, {"reason": "复杂"}, format="json").status_code == 404
    first = api.as_user(city.head).post(url, {"reason": "案情复杂，需要委托鉴定。"}, format="json")
    assert first.status_code == 200, first.content.decode()
    assert limits_of(api, city.head, case)["decision"]["due"] == "2026-10-08"  # 8 Sep + 30 days

    refused = api.as_user(city.head).post(url, {"reason": "仍需补充证据", "days": 30}, format="json")
    assert refused.status_code == 400 and "discussion_minutes" in refused.json()["errors"]
    second = api.as_user(city.head).post(
        url,
        {"reason": "仍需补充证据", "days": 20, "discussion_minutes": "局长办公会集体讨论同意继续延期二十日。"},
        format="json",
    )
    assert second.status_code == 200
    assert limits_of(api, city.head, case)["decision"]["due"] == "2026-10-28"
    history = [h["transition"] for h in api.as_user(city.head).get(f"{URL}{case.pk}/history/").json()]
    assert history.count("extend_time_limit") == 2


@pytest.mark.django_db
def test_review_service_and_payment_limits_follow_the_steps(api, city):
    case = advance(
        filed_in_june(city),
        city,
        "close_investigation",
        "submit_for_review",
        close_investigation={"closed_on": "2026-06-20"},
        submit_for_review={"submitted_on": "2026-06-22"},
    )
    review = limits_of(api, city.head, case)["legal_review"]
    assert (review["start"], review["due"]) == ("2026-06-22", "2026-07-06")  # 10 WD (19–21 Jun is before)
    case = advance(
        case,
        city,
        "approve_review",
        "notify",
        "record_statement",
        "decide",
        "serve",
        approve_review={"reviewed_on": "2026-06-24"},
        notify={"notice_served_on": "2026-06-25"},
        record_statement={"received_on": "2026-06-26"},
        decide={"decided_on": "2026-06-30"},
        serve={"served_on": "2026-07-02"},
    )
    limits = limits_of(api, city.head, case)
    assert limits["legal_review"]["status"] == "met"
    assert (limits["decision_service"]["due"], limits["decision_service"]["status"]) == ("2026-07-09", "met")
    assert (limits["payment"]["start"], limits["payment"]["due"]) == ("2026-07-02", "2026-07-17")
    assert case.penalty_decision.payment_due.isoformat() == "2026-07-17"
