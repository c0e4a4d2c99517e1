"""Early removal (信用修复): may the party leave the list before its period ends? (《市场监督管理
严重违法失信名单管理办法》: one year on the list, the obligations of the penalty fulfilled, the
harm and its effects removed, no new heavier penalty since.)

Three criteria are read from the records and refused automatically when they fail; whether the
harm and its effects were removed is judged by the decider from the applicant's statement and
proofs (`met` None until then)."""

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Q

from . import rules

ONE_YEAR = "one_year"
OBLIGATIONS = "obligations"
NO_HEAVIER_PENALTY = "no_heavier_penalty"
EFFECTS_REMOVED = "effects_removed"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    met: bool | None  # None: a person decides
    explanation: str

    def as_dict(self) -> dict:
        return asdict(self)


def _one_year(entry, on: dt.date) -> Criterion:
    label = "列入满一年"
    if entry.listed_on is None:
        return Criterion(ONE_YEAR, label, False, "尚未作出列入决定。")
    start = rules.early_removal_from(entry.listed_on)
    if on < start:
        return Criterion(
            ONE_YEAR,
            label,
            False,
            f"列入日期为{entry.listed_on:%Y年%m月%d日}，列入满一年（{start:%Y年%m月%d日}）后方可申请提前移出。",
        )
    return Criterion(ONE_YEAR, label, True, f"于{entry.listed_on:%Y年%m月%d日}列入，已满一年。")


def _obligations(entry, on: dt.date) -> Criterion:
    label = "已履行行政处罚决定规定的义务"
    decision = entry.penalty_decision
    if decision is None:
        return Criterion(OBLIGATIONS, label, None, "未关联行政处罚决定，由审查人员核实义务履行情况。")
    position = decision.payment_position(as_of=on)
    if position.settled:
        return Criterion(OBLIGATIONS, label, True, f"行政处罚决定{decision.number_text}规定的罚没款已缴清。")
    return Criterion(
        OBLIGATIONS,
        label,
        False,
        f"行政处罚决定{decision.number_text}尚欠罚没款{position.outstanding:,.2f}元（含加处罚款），尚未履行完毕。",
    )


def _same_party(party) -> Q:
    same = Q(party=party)
    if party.credit_code:
        same |= Q(party__credit_code=party.credit_code)
    if party.id_number:
        same |= Q(party__id_number=party.id_number)
    return same


def heavier_penalties_since(entry, on: dt.date) -> list:
    """Penalty decisions on the same party made after the listing up to `on`, not revoked, that
    are heavier penalties (matching.is_heavier_penalty)."""
    from enforcement.models import PenaltyDecision
    from enforcement.publication import DecisionChange, decision_change_of

    from .matching import is_heavier_penalty

    if entry.listed_on is None:
        return []
    queryset = (
        PenaltyDecision.objects.filter(_same_party(entry.party), decided_on__gt=entry.listed_on, decided_on__lte=on)
        .exclude(pk=entry.penalty_decision_id)
        .select_related("case")
        .order_by("decided_on", "id")
    )
    found = []
    for decision in queryset:
        change = decision_change_of(decision)
        if change is not None and change.payload.get("ground") != DecisionChange.CHANGED:
            continue  # revoked or found unlawful: no penalty any more
        if is_heavier_penalty(decision):
            found.append(decision)
    return found


def _no_heavier_penalty(entry, on: dt.date) -> Criterion:
    label = "列入后未再受到较重行政处罚"
    found = heavier_penalties_since(entry, on)
    if found:
        numbers = "、".join(f"{d.number_text}（{d.decided_on:%Y年%m月%d日}）" for d in found)
        return Criterion(NO_HEAVIER_PENALTY, label, False, f"列入后又受到较重行政处罚：{numbers}。")
    return Criterion(NO_HEAVIER_PENALTY, label, True, "列入后未再受到市场监管部门较重行政处罚。")


def _effects_removed(entry, on: dt.date) -> Criterion:
    return Criterion(
        EFFECTS_REMOVED,
        "已主动消除危害后果和不良影响",
        None,
        "由审查人员根据申请人的说明和证明材料核实。",
    )


def removal_eligibility(entry, *, on: dt.date | None = None) -> list[Criterion]:
    on = on or rules.today()
    return [_one_year(entry, on), _obligations(entry, on), _no_heavier_penalty(entry, on), _effects_removed(entry, on)]


def automatic_failures(criteria: list[Criterion]) -> list[Criterion]:
    return [c for c in criteria if c.met is False]


def refusal_text(failures: list[Criterion]) -> str:
    # Each explanation is a sentence of its own ending in 。; joined with ；, that stop is dropped
    # so the reason reads as one sentence ("…申请。；已履行…" otherwise).
    parts = "；".join(f"{c.label}——{c.explanation.rstrip('。')}" for c in failures)
    return f"不符合提前移出条件：{parts}。"
