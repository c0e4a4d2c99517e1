"""The 双随机 spot-check draw (enforcement/supervision/draw.py, DOMAIN §4): deterministic and
seed-dependent, the plan's counts, exclusions (回避, same county), the load bound, the staffing
guarantee, and verification of stored records (tampering is found and described).

The fast draw is checked against a naive re-implementation written from the module docstring
(`reference_draw`, standard `hmac` and `dateutil`): that is the few lines of code an outside
reviewer would write to re-check a published draw."""

import hmac
import math
import random
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from enforcement.supervision.draw import (
    ALGORITHM_VERSION,
    Agency,
    Assignment,
    DrawResult,
    Inspector,
    PlanRules,
    build_record,
    canonical_inputs,
    commitment,
    draw,
    inputs_hash,
    new_seed,
    parse_inputs,
    record_from_json,
    record_to_json,
    result_from_json,
    result_to_json,
    verify,
)

COUNTIES = ["140502", "140525", "140581", "140521", "140522", "140524", "140571"]
CLASSES = ["A", "B", "C", "D"]
AS_OF = date(2026, 3, 1)
ROOT = Path(__file__).resolve().parent.parent

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- an outside reviewer's re-implementation ------------------------------------------------------


def _mac(seed: str, message: str) -> bytes:
    return hmac.new(seed.encode(), message.encode(), "sha256").digest()


def expected_count(rules: PlanRules, risk_class: str, eligible: int) -> int:
    if risk_class in rules.counts:
        return min(rules.counts[risk_class], eligible)
    if risk_class not in rules.ratios:
        return 0
    exact = Fraction(Decimal(str(rules.ratios[risk_class]))) * eligible
    return {"ceil": math.ceil, "floor": math.floor, "half_up": lambda x: math.floor(x + Fraction(1, 2))}[
        rules.rounding
    ](exact)


def is_eligible(agency: Agency, rules: PlanRules) -> bool:
    if rules.not_inspected_months is None or agency.last_inspected_on is None:
        return True
    return agency.last_inspected_on < rules.as_of - relativedelta(months=rules.not_inspected_months)


def can_serve(inspector: Inspector, agency: Agency, rules: PlanRules) -> bool:
    if agency.id in inspector.conflicts:
        return False
    return not (rules.exclude_same_county and inspector.county == agency.county)


def reference_draw(agencies, inspectors, rules, seed):
    """(targets as (agency id, team), unstaffed ids, processing order) by the naive description."""
    classes = sorted({a.risk_class for a in agencies} | set(rules.ratios) | set(rules.counts))
    drawn = []
    for rc in classes:
        eligible = [a for a in agencies if a.risk_class == rc and is_eligible(a, rules)]
        eligible.sort(key=lambda a, rc=rc: _mac(seed, f"target|{rc}|{a.id}"))
        drawn += eligible[: expected_count(rules, rc, len(eligible))]
    k = rules.team_size
    bound = math.ceil(len(drawn) * k / len(inspectors)) + 1 if inspectors else 0
    n_eligible = {a.id: sum(can_serve(i, a, rules) for i in inspectors) for a in drawn}
    order = sorted(drawn, key=lambda a: (n_eligible[a.id], _mac(seed, f"target|{a.risk_class}|{a.id}")))
    load = {i.id: 0 for i in inspectors}
    teams = {}
    for agency in order:
        candidates = [i for i in inspectors if can_serve(i, agency, rules) and load[i.id] < bound]
        candidates.sort(key=lambda i: (load[i.id], _mac(seed, f"team|{i.id}|{load[i.id]}")))
        if len(candidates) >= k:
            for inspector in candidates[:k]:
                load[inspector.id] += 1
            teams[agency.id] = tuple(sorted(i.id for i in candidates[:k]))
        else:
            teams[agency.id] = ()
    return [(a.id, teams[a.id]) for a in drawn], {a.id for a in drawn if not teams[a.id]}, order, n_eligible, bound


# --- strategies -----------------------------------------------------------------------------------

seeds = st.one_of(
    st.binary(min_size=32, max_size=32).map(bytes.hex),
    st.text(min_size=1, max_size=100),  # any text works; longer than 64 bytes is hashed first (HMAC)
)
ratios = st.one_of(
    st.sampled_from(["0", "0.05", "0.1", "0.2", "0.25", "0.3", "0.333", "0.5", "0.75", "1"]),
    st.decimals(min_value=0, max_value=1, places=3).map(str),
)
class_rules = st.one_of(
    st.tuples(st.just("ratio"), ratios),
    st.tuples(st.just("count"), st.integers(0, 20)),
    st.tuples(st.just("ratio"), st.just("1")),
    st.none(),
)


@st.composite
def plan_rules(draw_, team_sizes=None):
    ratio_map, count_map = {}, {}
    if team_sizes is None:
        team_sizes = st.sampled_from([2, 2, 2, 3, 4])
    for rc in CLASSES:
        rule = draw_(class_rules)
        if rule is not None:
            (ratio_map if rule[0] == "ratio" else count_map)[rc] = rule[1]
    return PlanRules(
        as_of=draw_(st.dates(date(2025, 1, 28), date(2027, 12, 31))),
        ratios=ratio_map,
        counts=count_map,
        rounding=draw_(st.sampled_from(["ceil", "half_up", "floor"])),
        team_size=draw_(team_sizes),
        exclude_same_county=draw_(st.booleans()),
        not_inspected_months=draw_(st.none() | st.integers(1, 36)),
    )


county_subsets = st.lists(st.sampled_from(COUNTIES), min_size=1, max_size=7, unique=True)


@st.composite
def directories(draw_, max_agencies=40, max_inspectors=16):
    """Random directories. The shape (sizes, which counties agencies and inspectors come from,
    how many were inspected recently, how many conflicts) is drawn by Hypothesis; the entries
    are filled from a Random it provides. Agencies and inspectors come from separate random
    subsets of the counties, so some directories are lopsided (most targets in the county of
    most inspectors) and hit the load bound."""
    rules = draw_(plan_rules())
    rnd = draw_(st.randoms(use_true_random=False))
    n_agencies = draw_(st.integers(0, max_agencies))
    n_inspectors = draw_(st.integers(0, max_inspectors))
    agency_counties, inspector_counties = draw_(county_subsets), draw_(county_subsets)
    recently_inspected = draw_(st.sampled_from([0, 0.2, 0.6]))
    max_conflicts = draw_(st.sampled_from([0, 2, 5]))
    someone_conflicted_with_all = draw_(st.booleans())

    agency_ids = rnd.sample(range(1, 10**6), n_agencies)
    agencies = [
        Agency(
            id=aid,
            county=rnd.choice(agency_counties),
            risk_class=rnd.choice(CLASSES),
            last_inspected_on=rules.as_of - timedelta(days=rnd.randrange(1200))
            if rnd.random() < recently_inspected
            else None,
        )
        for aid in agency_ids
    ]
    inspectors = [
        Inspector(
            id=iid,
            county=rnd.choice(inspector_counties),
            conflicts=frozenset(rnd.sample(agency_ids, min(len(agency_ids), rnd.randint(0, max_conflicts)))),
        )
        for iid in rnd.sample(range(1, 10**4), n_inspectors)
    ]
    if someone_conflicted_with_all and inspectors:
        inspectors[0] = replace(inspectors[0], conflicts=frozenset(agency_ids))
    return agencies, inspectors, rules


def by_id(items):
    return {item.id: item for item in items}


# --- properties over random directories -----------------------------------------------------------


@SETTINGS
@given(directories(), seeds, st.randoms(use_true_random=False))
def test_the_draw_is_deterministic_and_follows_the_published_description(directory, seed, rnd):
    check_draw(directory, seed, rnd)


@st.composite
def lopsided_directories(draw_):
    """Most agencies in one or two counties, many inspectors there too, same-county excluded:
    the inspectors from elsewhere reach the load bound."""
    crowded = draw_(st.lists(st.sampled_from(COUNTIES), min_size=1, max_size=2, unique=True))
    others = [c for c in COUNTIES if c not in crowded]
    rules = draw_(plan_rules())
    rules = replace(rules, ratios={rc: "1" for rc in CLASSES}, counts={}, exclude_same_county=True)
    rnd = draw_(st.randoms(use_true_random=False))
    agencies = [
        Agency(
            id=i,
            county=rnd.choice(crowded) if rnd.random() < 0.9 else rnd.choice(others),
            risk_class=rnd.choice(CLASSES),
        )
        for i in range(1, draw_(st.integers(5, 40)) + 1)
    ]
    crowded_share = draw_(st.sampled_from([0.3, 0.5, 0.7]))
    inspectors = [
        Inspector(
            id=i,
            county=rnd.choice(crowded) if rnd.random() < crowded_share else rnd.choice(others),
            conflicts=frozenset(rnd.sample(range(1, len(agencies) + 1), rnd.randint(0, 2))),
        )
        for i in range(1, draw_(st.integers(3, 16)) + 1)
    ]
    return agencies, inspectors, rules


@settings(SETTINGS, max_examples=100)
@given(lopsided_directories(), seeds, st.randoms(use_true_random=False))
def test_the_draw_follows_the_description_when_the_load_bound_bites(directory, seed, rnd):
    check_draw(directory, seed, rnd)


def check_draw(directory, seed, rnd):
    agencies, inspectors, rules = directory
    result = draw(agencies, inspectors, rules, seed)

    # Same inputs and seed: the same result, whatever the order of the lists.
    shuffled_agencies, shuffled_inspectors = agencies[:], inspectors[:]
    rnd.shuffle(shuffled_agencies)
    rnd.shuffle(shuffled_inspectors)
    assert draw(shuffled_agencies, shuffled_inspectors, rules, seed) == result
    assert canonical_inputs(shuffled_agencies, shuffled_inspectors, rules) == canonical_inputs(
        agencies, inspectors, rules
    )

    # Exactly what the naive re-implementation of the docstring gives.
    targets, unstaffed, order, n_eligible, bound = reference_draw(agencies, inspectors, rules, seed)
    assert [tuple(t) for t in result.targets] == targets
    assert {u.agency_id for u in result.unstaffed} == unstaffed
    assert [u.agency_id for u in result.unstaffed] == [aid for aid, team in targets if not team]
    assert result.algorithm_version == ALGORITHM_VERSION
    event(f"targets: {'none' if not targets else 'some'}; unstaffed: {'none' if not unstaffed else 'some'}")
    for reason in {u.reason[:8] for u in result.unstaffed}:
        event(f"reason {reason}")

    # Per-class counts: the plan's ratio rounded as it says, or its count capped at the eligible.
    agency = by_id(agencies)
    for count in result.classes:
        eligible = [a for a in agencies if a.risk_class == count.risk_class and is_eligible(a, rules)]
        assert count.total == sum(a.risk_class == count.risk_class for a in agencies)
        assert count.eligible == len(eligible)
        assert count.drawn == expected_count(rules, count.risk_class, len(eligible))
        drawn_here = [t.agency_id for t in result.targets if agency[t.agency_id].risk_class == count.risk_class]
        assert len(drawn_here) == count.drawn
        assert set(drawn_here) <= {a.id for a in eligible}
    assert len({t.agency_id for t in result.targets}) == len(result.targets)

    # Teams: exactly team_size distinct inspectors, never conflicted, never same county when excluded.
    inspector = by_id(inspectors)
    for target in result.targets:
        if target.agency_id in unstaffed:
            assert target.inspector_ids == ()
            continue
        assert len(target.inspector_ids) == rules.team_size >= 2
        assert len(set(target.inspector_ids)) == rules.team_size
        for iid in target.inspector_ids:
            assert can_serve(inspector[iid], agency[target.agency_id], rules)

    # The load bound is a hard cap.
    expected_bound = math.ceil(len(result.targets) * rules.team_size / len(inspectors)) + 1 if inspectors else 0
    assert result.load_bound == bound == expected_bound
    assert result.max_load <= result.load_bound

    # The documented guarantee: the p-th target handled with E eligible inspectors is staffed if
    # E ≥ k and (p − 1 < bound or bound·(E − k + 1) > k·(p − 1)).
    k = rules.team_size
    for p, target in enumerate(order, 1):
        e = n_eligible[target.id]
        if e >= k and (p - 1 < bound or bound * (e - k + 1) > k * (p - 1)):
            assert target.id not in unstaffed
        if e < k:
            assert target.id in unstaffed

    # Storage round trips, and the record verifies.
    assert result_from_json(result_to_json(result)) == result
    assert parse_inputs(canonical_inputs(agencies, inspectors, rules))[2] == rules
    record = build_record(agencies, inspectors, rules, seed, result)
    assert verify(record).matches
    assert verify(record_from_json(record_to_json(record))).differences == []


@st.composite
def busy_directories(draw_):
    """Enough agencies and inspectors that two seeds practically never give the same draw."""
    rules = PlanRules(
        as_of=AS_OF,
        ratios={"A": "0.5"},
        counts={"B": 3},
        team_size=draw_(st.sampled_from([2, 3])),
        exclude_same_county=draw_(st.booleans()),
    )
    agencies = [
        Agency(id=i, county=draw_(st.sampled_from(COUNTIES)), risk_class=draw_(st.sampled_from(["A", "B"])))
        for i in range(1, 41)
    ]
    inspectors = [Inspector(id=i, county=draw_(st.sampled_from(COUNTIES))) for i in range(1, 13)]
    return agencies, inspectors, rules


@SETTINGS
@given(busy_directories(), seeds, seeds)
def test_another_seed_gives_another_draw(directory, seed, other_seed):
    assume(seed != other_seed)
    agencies, inspectors, rules = directory
    # At least C(20, 10) ≈ 185,000 equally likely target sets (20 agencies of class A or B), and then teams.
    assert draw(agencies, inspectors, rules, seed) != draw(agencies, inspectors, rules, other_seed)


@st.composite
def well_staffed_directories(draw_):
    """Directories where every drawn target satisfies the staffing guarantee even if handled last."""
    agencies, inspectors, rules = draw_(directories(max_agencies=25, max_inspectors=30))
    rules = replace(rules, team_size=draw_(st.sampled_from([2, 3])))
    more = draw_(st.integers(0, 30))
    base = max((i.id for i in inspectors), default=0)
    inspectors = inspectors + [
        Inspector(id=base + n, county=draw_(st.sampled_from(COUNTIES)), conflicts=frozenset())
        for n in range(1, more + 1)
    ]
    return agencies, inspectors, rules


@SETTINGS
@given(well_staffed_directories(), seeds)
def test_every_target_is_staffed_when_the_exclusions_leave_enough_inspectors(directory, seed):
    agencies, inspectors, rules = directory
    targets, _, _, n_eligible, bound = reference_draw(agencies, inspectors, rules, seed)
    k = rules.team_size
    total = len(targets)
    assume(total > 0)
    assume(all(n_eligible[aid] >= k and bound * (n_eligible[aid] - k + 1) > k * (total - 1) for aid, _ in targets))
    result = draw(agencies, inspectors, rules, seed)
    assert result.unstaffed == ()
    assert all(len(t.inspector_ids) == k for t in result.targets)


# --- tampering ------------------------------------------------------------------------------------


@st.composite
def drawn_directories(draw_):
    """Directories whose draw has at least two staffed targets."""
    agencies = [
        Agency(id=i, county=draw_(st.sampled_from(COUNTIES)), risk_class=draw_(st.sampled_from(CLASSES)))
        for i in range(1, draw_(st.integers(4, 30)) + 1)
    ]
    inspectors = [
        Inspector(
            id=100 + i,
            county=draw_(st.sampled_from(COUNTIES)),
            conflicts=frozenset(draw_(st.lists(st.sampled_from([a.id for a in agencies]), max_size=3))),
        )
        for i in range(draw_(st.integers(6, 14)))
    ]
    rules = draw_(plan_rules(team_sizes=st.just(2)))
    rules = replace(rules, ratios={rc: "1" for rc in CLASSES}, counts={}, not_inspected_months=None)
    return agencies, inspectors, rules


@SETTINGS
@given(
    drawn_directories(),
    seeds,
    st.sampled_from(["inspector removed", "seed changed", "teams swapped", "target replaced"]),
    st.data(),
)
def test_tampering_with_a_record_is_found_and_described(directory, seed, tampering, data):
    agencies, inspectors, rules = directory
    record = build_record(agencies, inspectors, rules, seed)
    staffed = record.output.staffed
    assume(len(staffed) >= 2 and staffed[0].inspector_ids != staffed[1].inspector_ids)
    fields = {name: getattr(record, name) for name in record.__dataclass_fields__}

    if tampering == "inspector removed":
        gone = data.draw(st.sampled_from(inspectors))
        fields["inputs"] = (agencies, [i for i in inspectors if i is not gone], rules)
        expected = "输入名单的哈希值与记录不符"
    elif tampering == "seed changed":
        fields["seed"] = data.draw(seeds.filter(lambda s: s != seed))
        expected = "种子与事先公布的承诺值不符"
    elif tampering == "teams swapped":
        first, second = staffed[0], staffed[1]
        swapped = {first.agency_id: second.inspector_ids, second.agency_id: first.inspector_ids}
        fields["output"] = replace(
            record.output,
            targets=tuple(
                Assignment(t.agency_id, swapped.get(t.agency_id, t.inspector_ids)) for t in record.output.targets
            ),
        )
        expected = f"对象 #{first.agency_id} 的检查人员不同：记录 {list(second.inspector_ids)}，重算 {list(first.inspector_ids)}"
    else:
        outsider = max(a.id for a in agencies) + 1
        victim = staffed[0]
        fields["output"] = replace(
            record.output,
            targets=tuple(
                Assignment(outsider, t.inspector_ids) if t.agency_id == victim.agency_id else t
                for t in record.output.targets
            ),
        )
        expected = f"抽中对象不同：记录有 #{outsider}，重算为 #{victim.agency_id}"

    verification = verify(fields)
    assert not verification.matches
    assert expected in verification.differences, verification.differences


# --- examples -------------------------------------------------------------------------------------


def test_seed_and_commitment():
    seed = new_seed()
    assert len(seed) == 64 and int(seed, 16) >= 0 and seed != new_seed()
    import hashlib

    assert commitment(seed) == hashlib.sha256(seed.encode()).hexdigest()
    with pytest.raises(ValueError):
        commitment("")


def test_the_published_three_line_recheck_reproduces_the_targets():
    agencies = [Agency(id=i, county=COUNTIES[i % 7], risk_class="B") for i in range(1, 51)]
    rules = PlanRules(as_of=AS_OF, ratios={"B": "0.2"})
    seed = "5eed" * 16
    result = draw(agencies, [], rules, seed)

    number = lambda agency_id: hmac.new(seed.encode(), f"target|B|{agency_id}".encode(), "sha256").hexdigest()  # noqa: E731
    drawn = sorted(range(1, 51), key=number)[:10]

    assert [t.agency_id for t in result.targets] == drawn


def test_rounding_and_counts():
    agencies = [Agency(id=i, county="140502", risk_class="A" if i <= 7 else "B") for i in range(1, 13)]  # 7 A, 5 B
    inspectors = [Inspector(id=i, county="140525") for i in range(1, 30)]

    def drawn(**plan):
        return {c.risk_class: c.drawn for c in draw(agencies, inspectors, PlanRules(as_of=AS_OF, **plan), "s").classes}

    assert drawn(ratios={"A": "0.2", "B": "0.5"}, rounding="ceil") == {"A": 2, "B": 3}  # 1.4 → 2, 2.5 → 3
    assert drawn(ratios={"A": "0.2", "B": "0.5"}, rounding="half_up") == {"A": 1, "B": 3}
    assert drawn(ratios={"A": "0.2", "B": "0.5"}, rounding="floor") == {"A": 1, "B": 2}
    assert drawn(ratios={"A": Decimal("0.20")}, counts={"B": 9}) == {"A": 2, "B": 5}  # a count is capped
    assert drawn(ratios={"C": "1"}) == {"A": 0, "B": 0, "C": 0}  # a class nobody has
    # 0.2 and 0.20 are the same plan, and hash the same.
    assert inputs_hash(agencies, inspectors, PlanRules(as_of=AS_OF, ratios={"A": "0.2"})) == inputs_hash(
        agencies, inspectors, PlanRules(as_of=AS_OF, ratios={"A": Decimal("0.200")})
    )


def test_recently_inspected_agencies_are_not_eligible():
    rules = PlanRules(as_of=date(2026, 3, 31), ratios={"A": "1"}, not_inspected_months=1)
    assert rules.eligibility_cutoff() == date(2026, 2, 28)  # month end is clamped
    agencies = [
        Agency(id=1, county="140502", risk_class="A", last_inspected_on=date(2026, 2, 27)),  # before: eligible
        Agency(id=2, county="140502", risk_class="A", last_inspected_on=date(2026, 2, 28)),  # within (inclusive)
        Agency(id=3, county="140502", risk_class="A", last_inspected_on=None),
        Agency(id=4, county="140502", risk_class="A", last_inspected_on=date(2026, 3, 31)),
    ]
    result = draw(agencies, [], rules, "s")
    assert sorted(t.agency_id for t in result.targets) == [1, 3]
    assert result.classes[0].total == 4 and result.classes[0].eligible == 2


def test_unstaffed_targets_say_why_and_get_nobody():
    rules = PlanRules(as_of=AS_OF, ratios={"A": "1"}, team_size=2)
    agencies = [Agency(id=12, county="140502", risk_class="A")]
    inspectors = [
        Inspector(id=1, county="140502"),
        Inspector(id=2, county="140502"),
        Inspector(id=3, county="140525", conflicts=frozenset({12})),
        Inspector(id=4, county="140581"),
    ]
    result = draw(agencies, inspectors, rules, "s")
    assert result.targets == (Assignment(12, ()),)
    assert result.unstaffed[0].reason == "可用检查人员不足：需2人，符合条件的仅1人（回避1人、本县回避2人）"

    relaxed = draw(agencies, inspectors, replace(rules, exclude_same_county=False), "s")
    assert relaxed.targets[0].inspector_ids and 3 not in relaxed.targets[0].inspector_ids

    nobody = draw(agencies, [], rules, "s")
    assert nobody.unstaffed[0].reason == "可用检查人员不足：需2人，检查人员名单为空"


def test_a_target_blocked_by_the_load_bound_is_reported():
    # Five targets in county X, two in Y; only 2 inspectors outside X: they reach the bound
    # (ceil(7·2/4) + 1 = 5) on X's targets, so one X target cannot be staffed.
    rules = PlanRules(as_of=AS_OF, ratios={"A": "1"}, team_size=2)
    agencies = [Agency(id=i, county="X", risk_class="A") for i in range(1, 7)] + [
        Agency(id=7, county="Y", risk_class="A")
    ]
    inspectors = [
        Inspector(id=1, county="X"),
        Inspector(id=2, county="X"),
        Inspector(id=3, county="Z"),
        Inspector(id=4, county="Z"),
    ]
    result = draw(agencies, inspectors, rules, "s")
    assert result.load_bound == 5
    assert len(result.unstaffed) == 1
    assert result.unstaffed[0].reason == "检查人员任务已满：需2人，符合条件的2人中已有2人达到每人5个对象的上限，仅余0人"
    assert result.max_load == 5


def test_progress_is_reported():
    agencies = [Agency(id=i, county=COUNTIES[i % 7], risk_class="A") for i in range(2500)]
    inspectors = [Inspector(id=i, county=COUNTIES[i % 7]) for i in range(40)]
    calls = []
    draw(
        agencies, inspectors, PlanRules(as_of=AS_OF, ratios={"A": "1"}), "s", progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


@pytest.mark.parametrize(
    "plan",
    [
        {"team_size": 1},
        {"ratios": {"A": "1.5"}},
        {"ratios": {"A": "abc"}},
        {"ratios": {"A": "1"}, "counts": {"A": 2}},
        {"counts": {"A": -1}},
        {"rounding": "bankers"},
        {"not_inspected_months": 0},
    ],
)
def test_invalid_plans_are_refused(plan):
    with pytest.raises(ValueError):
        PlanRules(as_of=AS_OF, **plan)


def test_invalid_inputs_are_refused():
    with pytest.raises(TypeError):
        PlanRules(as_of=AS_OF, ratios={"A": 0.2})  # floats are not exact: Decimal or str
    with pytest.raises(ValueError, match="duplicate agency id 1"):
        draw([Agency(1, "140502", "A"), Agency(1, "140525", "B")], [], PlanRules(as_of=AS_OF), "s")
    with pytest.raises(ValueError, match="duplicate inspector id 3"):
        canonical_inputs([], [Inspector(3, "140502"), Inspector(3, "140525")], PlanRules(as_of=AS_OF))


def _golden():
    agencies = [
        Agency(
            id=i,
            county=COUNTIES[i % 7],
            risk_class=CLASSES[i % 4],
            last_inspected_on=date(2025, 1 + i % 12, 1) if i % 3 else None,
        )
        for i in range(1, 31)
    ]
    inspectors = [
        Inspector(id=100 + i, county=COUNTIES[(3 * i) % 7], conflicts=frozenset({i, i + 7})) for i in range(1, 11)
    ]
    rules = PlanRules(as_of=AS_OF, ratios={"A": "0.5", "B": "0.3", "D": "1"}, counts={"C": 2}, not_inspected_months=6)
    return agencies, inspectors, rules


def test_a_fixed_draw_never_changes_without_a_new_algorithm_version():
    """Change ALGORITHM_VERSION (and keep the old code for verify) before changing these values."""
    agencies, inspectors, rules = _golden()
    result = draw(agencies, inspectors, rules, "0" * 64)
    assert inputs_hash(agencies, inspectors, rules) == GOLDEN_INPUTS_HASH
    assert [tuple(t) for t in result.targets] == GOLDEN_TARGETS
    assert result.load_bound == GOLDEN_LOAD_BOUND


def test_verify_describes_each_kind_of_difference():
    agencies, inspectors, rules = _golden()
    seed = "0" * 64
    record = build_record(agencies, inspectors, rules, seed)
    assert verify(record).matches
    assert verify({**vars(record), "inputs": (agencies, inspectors, rules)}).matches
    assert verify({**vars(record), "output": result_to_json(record.output)}).matches

    unknown = verify({**vars(record), "algorithm_version": "spot-check-draw/0"})
    assert unknown.differences == ["未知的算法版本 'spot-check-draw/0'，无法重算"]

    forged = verify({**vars(record), "seed": "1" * 64, "commitment": commitment("1" * 64)})
    assert not forged.matches and forged.differences[0].startswith("抽中对象不同")

    first = record.output.targets[0]
    moved = verify({**vars(record), "output": replace(record.output, targets=record.output.targets[::-1])})
    assert moved.differences == ["抽中对象相同，但排列顺序不同"]

    wrong_team = replace(record.output, targets=(Assignment(first.agency_id, (1, 2)), *record.output.targets[1:]))
    assert verify({**vars(record), "output": wrong_team}).differences == [
        f"对象 #{first.agency_id} 的检查人员不同：记录 [1, 2]，重算 {list(first.inspector_ids)}"
    ]

    garbled = verify({**vars(record), "inputs": b"{not json"})
    assert not garbled.matches and garbled.differences[0].startswith("记录的输入名单无法读取")

    assert isinstance(record.output, DrawResult)


def test_the_draw_needs_no_django():
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import enforcement.supervision.draw; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework', 'casemgmt')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd="/")


def test_the_draw_is_fair_over_many_seeds():
    """Each of 10 agencies is drawn (3 of 10) and each of 6 inspectors is on the team (2 of 6)
    about equally often over 2,000 seeds (expected 600 and 667; ±100 is about ±5 standard deviations)."""
    agencies = [Agency(id=i, county="140502", risk_class="A") for i in range(10)]
    inspectors = [Inspector(id=i, county="140525") for i in range(6)]
    rules = PlanRules(as_of=AS_OF, ratios={"A": "0.3"})
    target_hits = dict.fromkeys(range(10), 0)
    team_hits = dict.fromkeys(range(6), 0)
    for n in range(2000):
        result = draw(agencies, [], rules, f"seed-{n}")
        for target in result.targets:
            target_hits[target.agency_id] += 1
    one = [agencies[0]]
    for n in range(2000):
        (target,) = draw(one, inspectors, PlanRules(as_of=AS_OF, ratios={"A": "1"}), f"seed-{n}").targets
        for iid in target.inspector_ids:
            team_hits[iid] += 1
    assert all(500 <= hits <= 700 for hits in target_hits.values()), target_hits
    assert all(567 <= hits <= 767 for hits in team_hits.values()), team_hits


def test_random_module_is_not_used():
    """Everything random comes from the seed: the global random state does not matter."""
    agencies, inspectors, rules = _golden()
    random.seed(1)
    first = draw(agencies, inspectors, rules, "abc")
    random.seed(2)
    assert draw(agencies, inspectors, rules, "abc") == first


GOLDEN_INPUTS_HASH = "591bc11e6f1919e9afc0990d8c9a0e4348aa18354f14ac765915e963f4b200d2"
GOLDEN_TARGETS = [
    (16, (105, 107)),
    (12, (106, 107)),
    (4, (101, 105)),
    (17, (103, 106)),
    (1, (104, 109)),
    (9, (101, 108)),
    (14, (105, 106)),
    (18, (104, 109)),
    (7, (102, 104)),
    (3, (102, 110)),
    (15, (103, 109)),
    (19, (101, 102)),
    (27, (108, 110)),
]
GOLDEN_LOAD_BOUND = 4
