"""Which grounds a penalty decision meets: the automatic rules of the ground catalogue.

A rule reads the decision as made (and its case) and answers with the text of what matched, or
"" when it does not hold. Which ground a rule proposes, its parameters and whether it runs at all
are data (CreditGround.auto_rule / rule_parameters / active)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .choices import AutoRule
from .models import CreditGround


@dataclass(frozen=True)
class Match:
    ground: CreditGround
    rule_text: str


def _money(value, default: str) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else default))
    except (InvalidOperation, ValueError):
        return Decimal(default)


def _trademark_repeat(decision, parameters: dict) -> str:
    """《商标法》第六十条第二款: infringing a registered trademark twice or more within five years
    must be punished more heavily; a heavier penalty for intentional infringement is a ground.
    The earlier decisions are read now, by the same rule as the decision's (a revoked one no
    longer counts, the five years run to the new act's date)."""
    from enforcement.choices import Kind
    from enforcement.selectors.decisions import prior_penalties_of_decision

    case = decision.case
    if case.kind != Kind.TRADEMARK_INFRINGEMENT or decision.lawful_source:
        return ""
    prior = [d.number_text for d in prior_penalties_of_decision(decision)]
    if not prior:
        return ""
    return (
        f"商标侵权行政处罚决定{decision.number_text}：当事人五年内曾因商标侵权受到行政处罚（{'、'.join(prior)}），"
        "再次侵权，依法从重处罚（《商标法》第六十条第二款），属故意侵犯知识产权、受到较重行政处罚。"
    )


def _agency_heavy_penalty(decision, parameters: dict) -> str:
    """A patent or trademark agency punished with a heavier penalty: its licence revoked, or a
    fine of at least `min_fine` (parameter, verify)."""
    from enforcement.choices import Kind

    if decision.case.kind != Kind.AGENCY_VIOLATION:
        return ""
    threshold = _money(parameters.get("min_fine"), "50000")
    reasons = []
    if decision.revoke_licence:
        reasons.append("吊销许可证件/执业许可")
    if decision.fine_amount >= threshold:
        reasons.append(f"罚款{decision.fine_amount:,.2f}元（不低于{threshold:,.2f}元）")
    if not reasons:
        return ""
    return f"代理违法行政处罚决定{decision.number_text}：{'、'.join(reasons)}，属严重违法代理行为受到较重行政处罚。"


RULES: dict[str, Callable] = {
    AutoRule.TRADEMARK_REPEAT: _trademark_repeat,
    AutoRule.AGENCY_HEAVY_PENALTY: _agency_heavy_penalty,
}


def grounds_met_by(decision) -> list[Match]:
    """Every active ground whose automatic rule the decision meets."""
    matches = []
    for ground in CreditGround.objects.filter(active=True).exclude(auto_rule="").order_by("position", "id"):
        rule = RULES.get(ground.auto_rule)
        text = rule(decision, ground.rule_parameters or {}) if rule else ""
        if text:
            matches.append(Match(ground, text))
    return matches


def ground_still_holds(entry) -> bool | None:
    """Whether the entry's ground still holds on its decision as recorded: True/False for a
    ground with an automatic rule, None when only a person can tell (a manual ground)."""
    rule = RULES.get(entry.ground.auto_rule)
    if rule is None or entry.penalty_decision is None:
        return None
    return bool(rule(entry.penalty_decision, entry.ground.rule_parameters or {}))


def is_heavier_penalty(decision) -> bool:
    """较重行政处罚 as the records show it: a penalty imposed more heavily (从重), a licence
    revoked, or a decision meeting a ground of the list."""
    if decision.must_aggravate or decision.revoke_licence:
        return True
    return bool(grounds_met_by(decision))
