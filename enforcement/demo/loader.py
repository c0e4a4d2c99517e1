"""Demo enforcement cases of the city and county bureaus in every state of both procedures,
reached through the real services and transitions (numbers, documents, deadlines and history
included), with dates spread over the past months."""

import datetime as dt
import random

from django.utils import timezone

from casemgmt.org.models import Jurisdiction
from casemgmt.parties.codes import demo_credit_code, make_id_number
from casemgmt.workflow.services import fire_transition
from enforcement.models import EnforcementCase
from enforcement.services.cases import enforcement_case_create
from enforcement.services.decisions import penalty_payment_record

from .scenarios import ADJUDICATION_PATHS, ADJUDICATION_SCENARIOS, COMPLAINANTS, PATHS, PENALTY_SCENARIOS
from .staff import CITY, bureaus_of, extra_staff
from .steps import Clock, adjudication_step, penalty_step


def _area(code: str) -> str:
    """The district part of an address: the city's own records sit in 城区 (its seat), not in
    "晋城市晋城市"."""
    return "城区" if code == CITY else Jurisdiction.objects.get(code=code).name


def _party(rng: random.Random, kind: str, name: str, code: str) -> dict:
    if kind == "person":
        return {
            "kind": "person",
            "name": name,
            "id_number": make_id_number(rng, code if code != CITY else "140502"),
            "address": f"山西省晋城市{_area(code)}",
            "phone": f"1393566{rng.randint(1000, 9999)}",
        }
    return {
        "kind": kind,
        "name": name,
        "credit_code": demo_credit_code(rng, name, code, "92" if kind == "individual_business" else "91"),
        "address": f"山西省晋城市{_area(code)}",
        "legal_representative": rng.choice(["王建军", "李红梅", "张志强", "赵国庆"]),
    }


def _pay(case: EnforcementCase, bureau: dict, clock: Clock, *, part: bool) -> None:
    decision = case.penalty_decision
    amount = decision.fine_amount / 2 if part else decision.amount_payable
    penalty_payment_record(
        decision,
        actor=bureau["officers"][0],
        amount=amount,
        paid_on=clock.after(5),
        receipt_number=f"晋非税{decision.pk:06d}",
    )


def _load_penalties(bureaus: dict, rng: random.Random) -> int:
    today = timezone.localdate()
    # Oldest first, so that each bureau's filing and decision numbers follow their dates
    # (晋市监罚〔2026〕1号 is decided before 2号), as numbers issued at the time would.
    oldest_first = sorted(enumerate(PENALTY_SCENARIOS), key=lambda item: -item[1][10])
    for index, scenario in oldest_first:
        code, kind, party_kind, name, title, facts, turnover, gains, unsold, proposed, age, target = scenario
        bureau = bureaus[code]
        clock = Clock(today - dt.timedelta(days=age))
        case = enforcement_case_create(
            actor=bureau["officers"][0],
            procedure="penalty",
            jurisdiction=Jurisdiction.objects.get(code=code),
            kind=kind,
            clue_source="ecommerce_platform" if "电商" in title or "网店" in title else "complaint",
            title=title,
            facts=facts,
            received_on=clock.day,
            illegal_turnover=turnover,
            illegal_gains=gains,
            unsold_goods_value=unsold,
            parties=[
                {"role": "respondent", "party": _party(rng, party_kind, name, code)},
                {
                    "role": "complainant",
                    "party": _party(rng, "organization", COMPLAINANTS[index % len(COMPLAINANTS)], CITY),
                },
            ],
        )
        for step in PATHS[target]:
            if step in ("pay", "pay_part"):
                _pay(case, bureau, clock, part=step == "pay_part")
                case.refresh_from_db()
                continue
            actor, reason, payload = penalty_step(step, case, bureau, clock, proposed)
            transition = "decide" if step == "decide_no_penalty" else step
            case = fire_transition(case, transition, actor=actor, reason=reason, payload=payload)
    return len(PENALTY_SCENARIOS)


def _load_adjudications(bureaus: dict, rng: random.Random) -> int:
    bureau = bureaus[CITY]
    today = timezone.localdate()
    # Oldest first, so that filing numbers follow the filing dates (as for penalty cases).
    for requester, respondent, title, age, target in sorted(ADJUDICATION_SCENARIOS, key=lambda s: -s[3]):
        clock = Clock(today - dt.timedelta(days=age))
        case = enforcement_case_create(
            actor=bureau["officers"][0],
            procedure="adjudication",
            jurisdiction=Jurisdiction.objects.get(code=CITY),
            title=title,
            facts=f"请求人{requester}系涉案专利的专利权人，被请求人{respondent}未经许可制造、销售落入其专利保护范围的产品。",
            claims="请求责令被请求人立即停止侵权行为。",
            received_on=clock.day,
            parties=[
                {"role": "right_holder", "party": _party(rng, "organization", requester, CITY)},
                {"role": "respondent", "party": _party(rng, "organization", respondent, CITY)},
            ],
        )
        for step in ADJUDICATION_PATHS[target]:
            actor, reason, payload = adjudication_step(step, case, bureau, clock)
            case = fire_transition(case, step, actor=actor, reason=reason, payload=payload)
    return len(ADJUDICATION_SCENARIOS)


def load_demo_enforcement(users: dict, rng: random.Random) -> int:
    """Create the demo enforcement cases once (idempotent); returns how many were created."""
    if EnforcementCase.objects.filter(created_by=users["officer_city"]).exists():
        return 0
    bureaus = bureaus_of({**users, **extra_staff()})
    created = _load_penalties(bureaus, rng) + _load_adjudications(bureaus, rng)
    _load_raids(bureaus)
    _publish_decisions(bureaus)
    return created


def _load_raids(bureaus) -> None:
    """An on-site inspection on each case under investigation, by its two assigned officers; on the
    first, the goods found are seized (扣押, 30 days) by decision two days later."""
    from enforcement.services.inspections import inspection_create
    from enforcement.services.seizures import seizure_create

    cases = EnforcementCase.objects.filter(state="investigating").order_by("pk").prefetch_related("officers")
    for number, case in enumerate(cases):
        officers = list(case.officers.all())[:2]
        inspection = inspection_create(
            case,
            actor=officers[0],
            started_at=timezone.now() - dt.timedelta(days=2, hours=3),
            ended_at=timezone.now() - dt.timedelta(days=2, hours=1),
            place=f"{case.jurisdiction.name}工业园区当事人生产车间及成品仓库",
            officers=officers,
            findings="成品仓库存放涉嫌侵权产品一批，外包装标注他人注册商标；现场提取样品三件，拍照固定。",
            signature="signed",
            certificates_shown=True,
            persons_present=[{"name": "赵建平", "role": "staff"}],
        )
        if number == 0:
            seizure_create(
                case,
                actor=officers[0],
                measure="seizure",
                items="标注他人注册商标的成品（型号 JC-200）",
                quantity="120件",
                place_kept=f"{case.jurisdiction.name}市场监督管理局涉案物品保管室",
                decided_on=timezone.localdate(),
                inspection=inspection,
            )


def _publish_decisions(bureaus) -> None:
    """Reviewers approve the publication of every pending decision but one, which stays for review."""
    from casemgmt.publication.models import Publication

    pending = list(Publication.objects.filter(state="pending").order_by("pk"))
    for publication in pending[1:]:
        reviewer = bureaus[publication.jurisdiction_id]["reviewer"]
        fire_transition(publication, "publish", actor=reviewer, reason="已核对遮蔽内容，同意公示")
