"""How one recorded draw was made, in plain words: the facts the task page explains (what was
frozen and published before the draw, how many agencies of each risk class were eligible and
drawn and why, the rules of the teams with the load bound, what could not be staffed and why, and
how anyone can check it). Everything comes from the task's own record (its frozen inputs and
output), never from the live directories."""

from dataclasses import dataclass, field
from decimal import Decimal

from .. import draw as spot_draw
from ..models.choices import RiskClass, Rounding


@dataclass(frozen=True)
class ClassRow:
    risk_class: str
    label: str
    total: int  # agencies of the class in the frozen list
    eligible: int  # of which not inspected recently
    drawn: int
    rule: str  # the plan's rule for the class, in words


@dataclass(frozen=True)
class Explanation:
    as_of: object
    agencies: int
    inspectors: int
    conflicts: int  # declared (inspector, agency) pairs in the frozen list
    team_size: int
    exclude_same_county: bool
    not_inspected_months: int | None
    cutoff: object
    rounding: str
    classes: list[ClassRow]
    drawn: bool
    targets: int = 0
    staffed: int = 0
    load_bound: int = 0
    max_load: int = 0
    unstaffed: list = field(default_factory=list)  # [(agency name, reason)]

    @property
    def load_formula(self) -> str:
        """⌈抽中对象数 × 每组人数 ÷ 检查人员数⌉ + 1, with this draw's numbers."""
        return f"⌈{self.targets} × {self.team_size} ÷ {self.inspectors}⌉ + 1 = {self.load_bound}"


def _percent(ratio: Decimal) -> str:
    text = f"{Decimal(ratio) * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _rule_text(rules: spot_draw.PlanRules, risk_class: str) -> str:
    if risk_class in rules.counts:
        return f"固定抽取 {rules.counts[risk_class]} 户（不超过符合条件的户数）"
    if risk_class in rules.ratios:
        rounding = Rounding(rules.rounding).label if rules.rounding in Rounding.values else rules.rounding
        return f"按符合条件户数的 {_percent(rules.ratios[risk_class])} 抽取，{rounding}"
    return "本计划不抽取该类"


def _class_label(risk_class: str) -> str:
    return str(RiskClass(risk_class).label) if risk_class in RiskClass.values else f"{risk_class}类"


def explain(spot_check, targets=()) -> Explanation | None:
    """The explanation of a task's draw, from the moment its inputs were frozen (None before,
    or when the record cannot be read). `targets`: the task's targets, for the names of the
    agencies that could not be staffed."""
    if not spot_check.is_committed or not spot_check.inputs:
        return None
    try:
        agencies, inspectors, rules = spot_draw.parse_inputs(spot_check.inputs)
        output = spot_draw.result_from_json(spot_check.output) if spot_check.output else None
    except (ValueError, TypeError, KeyError):
        return None
    cutoff = rules.eligibility_cutoff()
    totals: dict[str, int] = {}
    eligible: dict[str, int] = {}
    for agency in agencies:
        totals[agency.risk_class] = totals.get(agency.risk_class, 0) + 1
        last = agency.last_inspected_on
        if cutoff is None or last is None or last < cutoff:
            eligible[agency.risk_class] = eligible.get(agency.risk_class, 0) + 1
    if output is not None:
        classes = [
            ClassRow(
                c.risk_class, _class_label(c.risk_class), c.total, c.eligible, c.drawn, _rule_text(rules, c.risk_class)
            )
            for c in output.classes
        ]
    else:
        names = sorted(set(totals) | set(rules.ratios) | set(rules.counts))
        classes = [
            ClassRow(
                rc,
                _class_label(rc),
                totals.get(rc, 0),
                eligible.get(rc, 0),
                rules.quota(rc, eligible.get(rc, 0)),
                _rule_text(rules, rc),
            )
            for rc in names
        ]
    facts = {
        "as_of": rules.as_of,
        "agencies": len(agencies),
        "inspectors": len(inspectors),
        "conflicts": sum(len(inspector.conflicts) for inspector in inspectors),
        "team_size": rules.team_size,
        "exclude_same_county": rules.exclude_same_county,
        "not_inspected_months": rules.not_inspected_months,
        "cutoff": cutoff,
        "rounding": Rounding(rules.rounding).label if rules.rounding in Rounding.values else rules.rounding,
        "classes": classes,
        "drawn": output is not None and spot_check.is_drawn,
    }
    if output is None:
        return Explanation(**facts)
    names = {target.agency_id: target.agency.name for target in targets}
    return Explanation(
        **facts,
        targets=len(output.targets),
        staffed=len(output.staffed),
        load_bound=output.load_bound,
        max_load=output.max_load,
        unstaffed=[(names.get(u.agency_id, f"对象 #{u.agency_id}"), u.reason) for u in output.unstaffed],
    )
