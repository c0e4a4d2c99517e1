"""Enforcement cases built through the services and transitions (history, numbers and deadlines
included), the staff of a bureau, and a valid body for each step of the penalty procedure."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition
from enforcement.models import EnforcementCase

from .factories import CITY, OrganizationFactory, PersonFactory, UserFactory, jurisdiction


def raid_start(hours: float = 1) -> dt.datetime:
    """A raid's start `hours` ago, but not before today began in local time: the tests' cases are
    filed today, and a raid may not start before its case's filing day (so a test run just after
    midnight in 晋城 starts its raid at midnight)."""
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return max(timezone.now() - dt.timedelta(hours=hours), midnight)


def org_party() -> dict:
    org = OrganizationFactory.build()
    return {"kind": "organization", "name": org.name, "credit_code": org.credit_code, "address": org.address}


def person_party() -> dict:
    person = PersonFactory.build()
    return {"kind": "person", "name": person.name, "id_number": person.id_number, "address": person.address}


@dataclass
class Bureau:
    """A market-supervision bureau's staff: its head, two officers and a legal reviewer."""

    code: str
    head: object
    officers: list
    reviewer: object

    def actor(self, role: str):
        return {"head": self.head, "officer": self.officers[0], "reviewer": self.reviewer}[role]


def bureau(code: str = CITY) -> Bureau:
    place = jurisdiction(code)
    return Bureau(
        code=code,
        head=UserFactory(role=Role.AGENCY_HEAD, jurisdiction=place),
        officers=[UserFactory(role=Role.OFFICER, jurisdiction=place) for _ in range(3)],
        reviewer=UserFactory(role=Role.LEGAL_REVIEWER, jurisdiction=place),
    )


def penalty_clue(
    *,
    actor=None,
    jurisdiction_code: str = CITY,
    kind: str = "trademark_infringement",
    received_on: dt.date | None = None,
    respondent: dict | None = None,
    **fields,
) -> EnforcementCase:
    """A registered clue of the penalty procedure (a trademark case unless `kind` says otherwise);
    the violation happened a month before the clue unless `violation_on` says otherwise."""
    from enforcement.services.cases import enforcement_case_create

    received_on = received_on or timezone.localdate()
    defaults = {
        "violation_on": received_on - dt.timedelta(days=30),
        "title": "销售假冒“丹河”注册商标的光学镜片",
        "facts": "举报人反映当事人在城区眼镜市场销售假冒“丹河”注册商标的树脂镜片。",
        "clue_source": "complaint",
        "illegal_turnover": Decimal("80000.00"),
        "illegal_gains": Decimal("12000.00"),
    }
    defaults.update(fields)
    return enforcement_case_create(
        actor=actor,
        procedure="penalty",
        jurisdiction=jurisdiction(jurisdiction_code),
        kind=kind,
        received_on=received_on,
        parties=[
            {"role": "respondent", "party": respondent or org_party()},
            {"role": "complainant", "party": org_party()},
        ],
        **defaults,
    )


def adjudication_request(
    *, actor=None, jurisdiction_code: str = CITY, received_on: dt.date | None = None, **fields
) -> EnforcementCase:
    from enforcement.services.cases import enforcement_case_create

    defaults = {
        "title": "激光测距模组外观设计专利侵权纠纷",
        "facts": "请求人系外观设计专利权人，被请求人制造、销售的测距模组外观与涉案专利近似。",
        "claims": "请求责令被请求人停止制造、销售侵权产品。",
    }
    defaults.update(fields)
    return enforcement_case_create(
        actor=actor,
        procedure="adjudication",
        jurisdiction=jurisdiction(jurisdiction_code),
        received_on=received_on or timezone.localdate(),
        parties=[{"role": "respondent", "party": org_party()}, {"role": "right_holder", "party": org_party()}],
        **defaults,
    )


# Who fires each step of the penalty procedure, and a valid body for it.
PENALTY_ACTOR = {
    "start_verification": "officer",
    "file_case": "head",
    "start_investigation": "officer",
    "suspend_investigation": "head",
    "resume_investigation": "officer",
    "close_investigation": "officer",
    "submit_for_review": "officer",
    "approve_review": "reviewer",
    "notify": "officer",
    "record_statement": "officer",
    "refer_to_collective_discussion": "head",
    "decide": "head",
    "serve": "officer",
    "start_execution": "officer",
    "close": "head",
    "archive": "officer",
}

FACTS = "当事人自2026年起在城区眼镜市场销售假冒“丹河”注册商标的树脂镜片，违法经营额80,000.00元。"
EVIDENCE = "询问笔录\n权利人出具的鉴定意见"


def penalty_payload(name: str, bureau: Bureau, case: EnforcementCase) -> dict:
    return {
        "file_case": {"officers": [o.pk for o in bureau.officers[:2]]},
        "suspend_investigation": {"reason": "当事人下落不明。", "ground": "party_unavailable"},
        "close_investigation": {"investigation_report": "事实清楚，证据确凿。"},
        "approve_review": {"review_opinion": "事实清楚，证据充分，适用依据正确，程序合法。"},
        "notify": {"proposed_penalty": "拟没收侵权镜片，并处罚款50,000元。", "proposed_fine": "50000.00"},
        # The party signs an express waiver of its statement and defence and, if notified, its hearing.
        "record_statement": {"waived": True, "hearing_waived": case.hearing_right},
        "decide": {
            "outcome": "penalty",
            "violation_type": "销售侵犯注册商标专用权的商品",
            "legal_basis": "《中华人民共和国商标法》第六十条第二款",
            "fine_amount": "50000.00",
            "confiscated_items": "侵权镜片1,200副",
            "order_to_stop": True,
            "facts": FACTS,
            "evidence": EVIDENCE,
        },
        "serve": {"service_method": "direct"},
        "close": {"closing_report": "罚没款已缴清，执行完毕。"},
    }.get(name, {})


PENALTY_PATH = [
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
]


def advance(case: EnforcementCase, bureau: Bureau, *names: str, **overrides) -> EnforcementCase:
    """Fire the named penalty steps in order; `overrides` maps a step to extra body fields."""
    for name in names:
        payload = penalty_payload(name, bureau, case) | overrides.get(name, {})
        reason = payload.pop("reason", "")
        case = fire_transition(case, name, actor=bureau.actor(PENALTY_ACTOR[name]), reason=reason, payload=payload)
    return case


def penalty_case_until(step: str, bureau: Bureau, **kwargs) -> EnforcementCase:
    """A penalty case taken along the ordinary path up to and including `step`."""
    case = penalty_clue(jurisdiction_code=bureau.code, **kwargs)
    return advance(case, bureau, *PENALTY_PATH[: PENALTY_PATH.index(step) + 1])
