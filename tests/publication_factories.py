"""Penalty cases decided through the real transitions whose decision text names natural persons
with their ID numbers, phones, addresses and a bank account: the material publication masks."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from casemgmt.parties.codes import make_credit_code, make_id_number
from casemgmt.publication.models import Publication
from casemgmt.workflow.services import fire_transition
from enforcement.models import EnforcementCase

from .enforcement_factories import PENALTY_PATH, Bureau, advance
from .factories import jurisdiction

_rng = random.Random(20261201)
_counter = iter(range(1, 1_000_000))

ORG_ADDRESS = "晋城市城区凤台东街88号"
PERSON_ADDRESS = "晋城市泽州县南村镇南村街12号"
REPRESENTATIVE_PHONE = "13903561234"
COMPLAINANT_PHONE = "0356-2221235"
BANK_ACCOUNT = "6222020400001234567"


@dataclass
class Decided:
    case: EnforcementCase
    decision: object
    publication: Publication | None
    party: dict
    complainant: dict
    representative_id: str


def org_party_with_address() -> dict:
    n = next(_counter)
    return {
        "kind": "organization",
        "name": f"晋城市丹河光学眼镜有限公司{n}",
        "credit_code": make_credit_code(_rng),
        "address": ORG_ADDRESS,
        "legal_representative": "王建国",
    }


def person(name: str | None = None, **fields) -> dict:
    n = next(_counter)
    return {
        "kind": "person",
        "name": name or f"赵六{n}",
        "id_number": make_id_number(_rng),
        "address": PERSON_ADDRESS,
        "phone": COMPLAINANT_PHONE,
        **fields,
    }


def decision_facts(party: dict, complainant: dict, representative_id: str) -> str:
    """The facts found, as the officer writes them: they name other persons and the party's account."""
    return (
        f"法定代表人王建国（身份证号码：{representative_id}，联系电话：{REPRESENTATIVE_PHONE}）到场接受询问。\n"
        f"投诉人{complainant['name']}（身份证号码{complainant.get('id_number', '')}，家住{PERSON_ADDRESS}，"
        f"电话{COMPLAINANT_PHONE}）反映当事人销售假冒“丹河”注册商标的树脂镜片。\n"
        f"经查，当事人通过银行账号{BANK_ACCOUNT}收取货款，违法经营额80,000.00元。"
    )


def decided_case(
    bureau: Bureau,
    *,
    party: dict | None = None,
    complainant: dict | None = None,
    before_decision=None,
    text=None,
    violation_on=None,
    **decide,
) -> Decided:
    """A trademark case of `bureau` decided with a penalty through the transitions (so the
    publication hook runs as in production). `before_decision(case)` may add to the file first;
    `text(default_facts)` may change the facts the decision states; the violation happened a
    month ago unless `violation_on` says otherwise."""
    from enforcement.services.cases import enforcement_case_create

    party = party or org_party_with_address()
    complainant = complainant or person()
    representative_id = make_id_number(_rng)
    case = enforcement_case_create(
        actor=None,
        procedure="penalty",
        jurisdiction=jurisdiction(bureau.code),
        kind="trademark_infringement",
        received_on=timezone.localdate(),
        violation_on=violation_on or timezone.localdate() - dt.timedelta(days=30),
        parties=[{"role": "respondent", "party": party}, {"role": "complainant", "party": complainant}],
        title="销售假冒“丹河”注册商标的树脂镜片",
        facts="投诉人反映当事人销售假冒注册商标的树脂镜片。",
        clue_source="complaint",
        illegal_turnover=Decimal("80000.00"),
        illegal_gains=Decimal("12000.00"),
    )
    case = advance(case, bureau, *PENALTY_PATH[: PENALTY_PATH.index("record_statement") + 1])
    if before_decision is not None:
        before_decision(case)
    written = decision_facts(party, complainant, representative_id)
    body = {"facts": text(written) if text else written} | decide
    case = advance(case, bureau, "decide", decide=body)
    decision = case.penalty_decision
    publication = Publication.objects.filter(object_id=decision.pk, kind="penalty_decision").first()
    return Decided(case, decision, publication, party, complainant, representative_id)


def publish(publication: Publication, bureau: Bureau) -> Publication:
    return fire_transition(publication, "publish", actor=bureau.reviewer)


def published_case(bureau: Bureau, **kwargs) -> Decided:
    decided = decided_case(bureau, **kwargs)
    decided.publication = publish(decided.publication, bureau)
    return decided
