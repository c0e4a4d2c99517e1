"""The random spot-check draw of 双随机、一公开 agency supervision (DOMAIN §4): which agencies are
inspected, and by whom. Pure Python (no Django), deterministic and re-checkable by anyone.

How a draw works (version ``spot-check-draw/1``)
------------------------------------------------

0. Before the draw the office freezes the input lists (``canonical_inputs``: one canonical JSON
   text, whose SHA-256 is ``inputs_hash``) and publishes that hash together with
   ``commitment(seed)``, the SHA-256 of a seed it keeps secret (``new_seed()``: 32 random bytes
   written as 64 hex characters). After the draw it publishes the seed, the lists and the
   result. Every random choice below comes from HMAC-SHA256 keyed with the seed text (its UTF-8
   bytes, i.e. the 64 hex characters as written), so neither the seed nor the lists can be
   changed after the commitment without it showing, and anybody can redo the draw. (Whoever
   generates the seed could still try many seeds before committing; mixing in randomness
   nobody knows in advance would need a new algorithm version.)

1. Targets, per risk class. An agency is eligible unless it was inspected on or after
   ``as_of`` minus ``not_inspected_months`` calendar months (when the plan sets that limit).
   The number drawn is the plan's count for the class (at most the eligible number) or its
   ratio times the eligible number, rounded as the plan says (``ceil``, ``half_up``, ``floor``;
   computed exactly, never in floating point). The draw number of an agency is
   ``HMAC-SHA256(seed, "target|<risk class>|<agency id>")``; the agencies with the smallest
   draw numbers (compared as hex strings / big-endian numbers) are drawn. Re-checking takes
   three lines::

       import hmac
       number = lambda agency_id: hmac.new(seed.encode(), f"target|B|{agency_id}".encode(), "sha256").hexdigest()
       drawn = sorted(eligible_ids_of_class_b, key=number)[:count]

2. Teams. Each target needs ``team_size`` (at least 2) different inspectors. An inspector may
   serve a target unless they declared a conflict (回避) with that agency, or, when the plan
   excludes it, they belong to the target's county. Nobody gets more than
   ``load_bound = ceil(targets × team_size / inspectors) + 1`` targets (all drawn targets and
   all listed inspectors count). Targets are handled starting with the one that has the fewest
   inspectors able to serve it (ties: by draw number), so the hardest ones are served while
   everybody is still free. For each target, the eligible inspectors still below the bound are
   ranked by (number of targets they already have, their queue number
   ``HMAC-SHA256(seed, "team|<inspector id>|<that number>")``), and the first ``team_size`` form
   the team. An inspector thus gets a fresh random queue number every time they take a target.
   A target for which fewer than ``team_size`` such inspectors remain gets nobody (never a
   conflicted inspector) and is listed in ``unstaffed`` with the reason.

   Guarantee: the p-th target handled is staffed whenever its number E of eligible inspectors
   satisfies E ≥ team_size and load_bound × (E − team_size + 1) > team_size × (p − 1) (or
   p − 1 < load_bound). Proof: failing needs E − team_size + 1 eligible inspectors at the bound,
   i.e. at least load_bound × (E − team_size + 1) assignments among the p − 1 earlier targets,
   which hand out only team_size × (p − 1) of them, at most one per inspector and target.

The fast implementation keeps one heap of (load, queue number, inspector id) per county, so a
target costs a few heap operations instead of a scan of all inspectors; the result is exactly the
one of the naive description above (tests/test_spot_check_draw.py checks it against one).

``verify(record)`` redoes everything from a stored record and lists, in Chinese, what differs.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import math
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from heapq import heapify, heappop, heappush
from typing import Any, NamedTuple

ALGORITHM_VERSION = "spot-check-draw/1"
INPUTS_FORMAT = "spot-check-inputs/1"
ROUNDING_MODES = ("ceil", "half_up", "floor")
PROGRESS_EVERY = 1000  # targets between two calls of the progress callback
MAX_DIFFERENCES = 50  # verify() lists at most this many differences, then says how many more

__all__ = [
    "ALGORITHM_VERSION",
    "Agency",
    "Assignment",
    "ClassCount",
    "DrawRecord",
    "DrawResult",
    "Inspector",
    "PlanRules",
    "Unstaffed",
    "Verification",
    "build_record",
    "canonical_inputs",
    "commitment",
    "compare_results",
    "draw",
    "inputs_hash",
    "new_seed",
    "parse_inputs",
    "record_from_json",
    "record_to_json",
    "result_from_json",
    "result_to_json",
    "verify",
]


# --- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agency:
    """An inspection object (patent or trademark agency)."""

    id: int
    county: str
    risk_class: str
    last_inspected_on: date | None = None


@dataclass(frozen=True, slots=True)
class Inspector:
    """An inspector; ``conflicts`` are the ids of agencies they must not inspect (回避)."""

    id: int
    county: str
    conflicts: frozenset[int] = frozenset()

    def __post_init__(self):
        if not isinstance(self.conflicts, frozenset):
            object.__setattr__(self, "conflicts", frozenset(self.conflicts))


def _ratio(value: Any, risk_class: str) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, Decimal | str | int):
        raise TypeError(f"ratio for risk class {risk_class!r} must be a Decimal, str or int, not {value!r}")
    try:
        ratio = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"ratio for risk class {risk_class!r} is not a number: {value!r}")
    if not ratio.is_finite() or not 0 <= ratio <= 1:
        raise ValueError(f"ratio for risk class {risk_class!r} must be between 0 and 1, not {value!r}")
    return ratio


def _decimal_text(value: Decimal) -> str:
    """One spelling per value: 0.2, 0.20 and 2E-1 all become "0.2"."""
    return "0" if value == 0 else format(value.normalize(), "f")


@dataclass(frozen=True, kw_only=True)
class PlanRules:
    """What a batch draws. Each risk class has either a ratio (0..1 of the eligible agencies,
    rounded per ``rounding``) or a count (capped at the eligible number); a class with neither
    is not drawn. ``not_inspected_months``: agencies inspected on or after ``as_of`` minus that
    many calendar months are not eligible."""

    as_of: date
    ratios: Mapping[str, Decimal | str | int] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    rounding: str = "ceil"
    team_size: int = 2
    exclude_same_county: bool = True
    not_inspected_months: int | None = None

    def __post_init__(self):
        if not isinstance(self.as_of, date) or isinstance(self.as_of, datetime):
            raise TypeError(f"as_of must be a date, not {self.as_of!r}")
        ratios = {str(rc): _ratio(value, rc) for rc, value in self.ratios.items()}
        counts = {}
        for rc, value in self.counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"count for risk class {rc!r} must be an integer ≥ 0, not {value!r}")
            counts[str(rc)] = value
        both = sorted(set(ratios) & set(counts))
        if both:
            raise ValueError(f"risk classes with both a ratio and a count: {both}")
        if self.rounding not in ROUNDING_MODES:
            raise ValueError(f"rounding must be one of {ROUNDING_MODES}, not {self.rounding!r}")
        if isinstance(self.team_size, bool) or not isinstance(self.team_size, int) or self.team_size < 2:
            raise ValueError(f"team_size must be an integer ≥ 2, not {self.team_size!r}")
        if not isinstance(self.exclude_same_county, bool):
            raise TypeError("exclude_same_county must be a bool")
        months = self.not_inspected_months
        if months is not None and (isinstance(months, bool) or not isinstance(months, int) or months < 1):
            raise ValueError(f"not_inspected_months must be None or an integer ≥ 1, not {months!r}")
        object.__setattr__(self, "ratios", dict(sorted(ratios.items())))
        object.__setattr__(self, "counts", dict(sorted(counts.items())))

    def eligibility_cutoff(self) -> date | None:
        """Agencies last inspected before this day are eligible (None: all are)."""
        if self.not_inspected_months is None:
            return None
        year, month0 = divmod(self.as_of.year * 12 + self.as_of.month - 1 - self.not_inspected_months, 12)
        day = min(self.as_of.day, calendar.monthrange(year, month0 + 1)[1])
        return date(year, month0 + 1, day)

    def quota(self, risk_class: str, eligible: int) -> int:
        """How many of ``eligible`` agencies of the class are drawn."""
        if risk_class in self.counts:
            return min(self.counts[risk_class], eligible)
        ratio = self.ratios.get(risk_class)
        if ratio is None:
            return 0
        exact = Fraction(ratio) * eligible
        if self.rounding == "ceil":
            return math.ceil(exact)
        if self.rounding == "floor":
            return math.floor(exact)
        return math.floor(exact + Fraction(1, 2))  # half_up (values are ≥ 0)

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "counts": dict(self.counts),
            "exclude_same_county": self.exclude_same_county,
            "not_inspected_months": self.not_inspected_months,
            "ratios": {rc: _decimal_text(value) for rc, value in self.ratios.items()},
            "rounding": self.rounding,
            "team_size": self.team_size,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> PlanRules:
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            ratios={rc: Decimal(value) for rc, value in data.get("ratios", {}).items()},
            counts=dict(data.get("counts", {})),
            rounding=data["rounding"],
            team_size=data["team_size"],
            exclude_same_county=data["exclude_same_county"],
            not_inspected_months=data.get("not_inspected_months"),
        )


def _checked(agencies: Iterable[Agency], inspectors: Iterable[Inspector]) -> tuple[list[Agency], list[Inspector]]:
    """Both directories sorted by id; duplicate or non-integer ids, bad dates are errors."""
    agencies = sorted(agencies, key=_id_of)
    inspectors = sorted(inspectors, key=_id_of)
    for kind, items in (("agency", agencies), ("inspector", inspectors)):
        for before, after in zip(items, items[1:], strict=False):
            if before.id == after.id:
                raise ValueError(f"duplicate {kind} id {after.id}")
    for agency in agencies:
        last = agency.last_inspected_on
        if last is not None and (not isinstance(last, date) or isinstance(last, datetime)):
            raise TypeError(f"agency {agency.id}: last_inspected_on must be a date or None, not {last!r}")
    return agencies, inspectors


def _id_of(item) -> int:
    if isinstance(item.id, bool) or not isinstance(item.id, int):
        raise TypeError(f"ids must be integers, not {item.id!r}")
    return item.id


def canonical_inputs(agencies: Iterable[Agency], inspectors: Iterable[Inspector], rules: PlanRules) -> bytes:
    """The input lists as one canonical JSON text (ASCII, keys sorted, no spaces, lists sorted
    by id, conflicts sorted): the same inputs give the same bytes in any order, on any run and
    any Python version."""
    agencies, inspectors = _checked(agencies, inspectors)
    data = {
        "agencies": [
            {
                "county": a.county,
                "id": a.id,
                "last_inspected_on": a.last_inspected_on.isoformat() if a.last_inspected_on else None,
                "risk_class": a.risk_class,
            }
            for a in agencies
        ],
        "format": INPUTS_FORMAT,
        "inspectors": [{"conflicts": sorted(i.conflicts), "county": i.county, "id": i.id} for i in inspectors],
        "rules": rules.to_dict(),
    }
    return _canonical_json(data)


def _canonical_json(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode("ascii")


def parse_inputs(data: bytes | str | Mapping) -> tuple[list[Agency], list[Inspector], PlanRules]:
    """The structures back from ``canonical_inputs`` bytes (or their parsed JSON)."""
    if isinstance(data, bytes | bytearray | memoryview):
        data = bytes(data).decode("utf-8")
    if isinstance(data, str):
        data = json.loads(data)
    if data.get("format") != INPUTS_FORMAT:
        raise ValueError(f"unknown inputs format {data.get('format')!r}")
    agencies = [
        Agency(
            id=a["id"],
            county=a["county"],
            risk_class=a["risk_class"],
            last_inspected_on=date.fromisoformat(a["last_inspected_on"]) if a["last_inspected_on"] else None,
        )
        for a in data["agencies"]
    ]
    inspectors = [
        Inspector(id=i["id"], county=i["county"], conflicts=frozenset(i["conflicts"])) for i in data["inspectors"]
    ]
    return agencies, inspectors, PlanRules.from_dict(data["rules"])


def inputs_hash(agencies: Iterable[Agency], inspectors: Iterable[Inspector], rules: PlanRules) -> str:
    """SHA-256 (hex) of ``canonical_inputs``."""
    return hashlib.sha256(canonical_inputs(agencies, inspectors, rules)).hexdigest()


# --- seed -----------------------------------------------------------------------------------------


def new_seed() -> str:
    """A fresh secret seed: 32 random bytes from the OS, as 64 lowercase hex characters."""
    return secrets.token_hex(32)


def commitment(seed: str) -> str:
    """SHA-256 (hex) of the seed text (UTF-8); published before the draw."""
    return hashlib.sha256(_seed_key(seed)).hexdigest()


def _seed_key(seed: str) -> bytes:
    if not isinstance(seed, str) or not seed:
        raise ValueError("the seed must be a non-empty string")
    return seed.encode("utf-8")


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def _hmac_sha256(key: bytes) -> Callable[[bytes], bytes]:
    """``lambda message: hmac.digest(key, message, "sha256")``, about three times faster: the
    padded key is hashed once (RFC 2104) instead of once per message."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner_copy = hashlib.sha256(key.translate(_IPAD)).copy
    outer_copy = hashlib.sha256(key.translate(_OPAD)).copy

    def mac(message: bytes) -> bytes:
        inner = inner_copy()
        inner.update(message)
        outer = outer_copy()
        outer.update(inner.digest())
        return outer.digest()

    return mac


# --- result ---------------------------------------------------------------------------------------


class Assignment(NamedTuple):
    """A drawn agency and its team, sorted by id (empty when the target is unstaffed)."""

    agency_id: int
    inspector_ids: tuple[int, ...]


class Unstaffed(NamedTuple):
    agency_id: int
    reason: str


@dataclass(frozen=True)
class ClassCount:
    risk_class: str
    total: int  # agencies of the class in the directory
    eligible: int  # of which not inspected recently
    drawn: int


@dataclass(frozen=True)
class DrawResult:
    """``targets`` lists every drawn agency in draw order (risk class, then draw number), with
    its team; the unstaffed ones have no inspectors and are also in ``unstaffed``, with the
    reason, in the same order."""

    algorithm_version: str
    team_size: int
    load_bound: int
    classes: tuple[ClassCount, ...]
    targets: tuple[Assignment, ...]
    unstaffed: tuple[Unstaffed, ...]

    @property
    def staffed(self) -> tuple[Assignment, ...]:
        return tuple(t for t in self.targets if t.inspector_ids)

    def loads(self) -> dict[int, int]:
        """Targets per inspector (inspectors with none are left out)."""
        loads: dict[int, int] = {}
        for target in self.targets:
            for inspector_id in target.inspector_ids:
                loads[inspector_id] = loads.get(inspector_id, 0) + 1
        return loads

    @property
    def max_load(self) -> int:
        return max(self.loads().values(), default=0)


def result_to_json(result: DrawResult) -> str:
    """Canonical JSON text of a result (for storage and publication)."""
    data = {
        "algorithm_version": result.algorithm_version,
        "classes": [
            {"drawn": c.drawn, "eligible": c.eligible, "risk_class": c.risk_class, "total": c.total}
            for c in result.classes
        ],
        "load_bound": result.load_bound,
        "targets": [[t.agency_id, list(t.inspector_ids)] for t in result.targets],
        "team_size": result.team_size,
        "unstaffed": [[u.agency_id, u.reason] for u in result.unstaffed],
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def result_from_json(data: str | bytes | Mapping) -> DrawResult:
    if isinstance(data, bytes | bytearray):
        data = bytes(data).decode("utf-8")
    if isinstance(data, str):
        data = json.loads(data)
    return DrawResult(
        algorithm_version=data["algorithm_version"],
        team_size=int(data["team_size"]),
        load_bound=int(data["load_bound"]),
        classes=tuple(
            ClassCount(risk_class=c["risk_class"], total=c["total"], eligible=c["eligible"], drawn=c["drawn"])
            for c in data["classes"]
        ),
        targets=tuple(Assignment(int(aid), tuple(int(i) for i in team)) for aid, team in data["targets"]),
        unstaffed=tuple(Unstaffed(int(aid), str(reason)) for aid, reason in data["unstaffed"]),
    )


# --- the draw -------------------------------------------------------------------------------------


def draw(
    agencies: Iterable[Agency],
    inspectors: Iterable[Inspector],
    rules: PlanRules,
    seed: str,
    progress: Callable[[int, int], object] | None = None,
) -> DrawResult:
    """Draw the targets and match their teams (see the module docstring). ``progress(done,
    total)`` is called before the matching, every PROGRESS_EVERY targets and at the end. The
    order of the given lists does not matter."""
    mac = _hmac_sha256(_seed_key(seed))
    agencies, inspectors = list(agencies), list(inspectors)
    _check_ids(agencies, "agency")
    _check_ids(inspectors, "inspector")

    # 1. Targets per risk class, in draw order.
    cutoff = rules.eligibility_cutoff()
    totals: dict[str, int] = {}
    eligible: dict[str, list[Agency]] = {}
    for agency in agencies:
        rc = agency.risk_class
        if type(rc) is not str or type(agency.county) is not str:
            raise TypeError(f"agency {agency.id}: county and risk_class must be strings")
        totals[rc] = totals.get(rc, 0) + 1
        last = agency.last_inspected_on
        if last is not None and (type(last) is not date and (not isinstance(last, date) or isinstance(last, datetime))):
            raise TypeError(f"agency {agency.id}: last_inspected_on must be a date or None, not {last!r}")
        if cutoff is None or last is None or last < cutoff:
            eligible.setdefault(rc, []).append(agency)
    classes = []
    drawn: list[tuple[bytes, int, str]] = []  # (draw number, agency id, county)
    for rc in sorted(set(totals) | set(rules.ratios) | set(rules.counts)):
        candidates = eligible.get(rc, [])
        count = rules.quota(rc, len(candidates))
        if count:
            prefix = f"target|{rc}|"
            numbered = [(mac(f"{prefix}{a.id}".encode()), a.id, a.county) for a in candidates]
            numbered.sort()
            drawn.extend(numbered[:count])
        classes.append(ClassCount(risk_class=rc, total=totals.get(rc, 0), eligible=len(candidates), drawn=count))

    # 2. Teams.
    team_size = rules.team_size
    exclude = rules.exclude_same_county
    n_inspectors = len(inspectors)
    n_targets = len(drawn)
    load_bound = -(-n_targets * team_size // n_inspectors) + 1 if n_inspectors else 0
    county_of_inspector = {i.id: i.county for i in inspectors}
    drawn_ids = {aid for _, aid, _ in drawn}
    conflicted: dict[int, set[int]] = {}  # drawn agency id -> inspectors with a declared conflict
    heaps: dict[str, list] = {}  # county -> heap of (load, queue number, inspector id)
    for inspector in inspectors:
        if type(inspector.county) is not str:
            raise TypeError(f"inspector {inspector.id}: county must be a string")
        for aid in inspector.conflicts:
            if aid in drawn_ids:
                conflicted.setdefault(aid, set()).add(inspector.id)
        item = (0, mac(f"team|{inspector.id}|0".encode()), inspector.id)
        heaps.setdefault(inspector.county, []).append(item)
    per_county = {county: len(heap) for county, heap in heaps.items()}
    for heap in heaps.values():
        heapify(heap)
    allowed_heaps = {county: list(heaps.values()) for county in {county for _, _, county in drawn}}
    if exclude:
        allowed_heaps = {county: [h for c, h in heaps.items() if c != county] for county in allowed_heaps}

    # Most constrained first: (number of eligible inspectors, draw number).
    order = []
    for number, aid, county in drawn:
        same = per_county.get(county, 0) if exclude else 0
        conflicts = conflicted.get(aid)
        n_conflicts = 0
        if conflicts:
            n_conflicts = sum(1 for i in conflicts if not (exclude and county_of_inspector[i] == county))
        order.append((n_inspectors - same - n_conflicts, number, aid, county, allowed_heaps[county], conflicts))
    order.sort(key=_order_key)

    teams: dict[int, tuple[int, ...]] = {}
    reasons: dict[int, str] = {}
    pop, push, new_tuple = heappop, heappush, tuple.__new__
    if progress is not None:
        progress(0, n_targets)
    for chunk_start in range(0, n_targets, PROGRESS_EVERY):
        for n_eligible, _, aid, county, allowed, conflicts in order[chunk_start : chunk_start + PROGRESS_EVERY]:
            picked = []
            set_aside = None
            if n_eligible >= team_size:
                missing = team_size
                while missing:
                    best = best_heap = None
                    for heap in allowed:
                        if heap and (best_heap is None or heap[0] < best):
                            best = heap[0]
                            best_heap = heap
                    if best_heap is None:
                        break
                    pop(best_heap)
                    if conflicts is not None and best[2] in conflicts:
                        if set_aside is None:
                            set_aside = []
                        set_aside.append((best_heap, best))
                    else:
                        picked.append((best_heap, best))
                        missing -= 1
                if set_aside is not None:
                    for heap, item in set_aside:
                        push(heap, item)
            if len(picked) == team_size:
                team = []
                for heap, (load, _, inspector_id) in picked:
                    team.append(inspector_id)
                    load += 1
                    if load < load_bound:  # at the bound an inspector leaves the heaps for good
                        push(heap, (load, mac(f"team|{inspector_id}|{load}".encode()), inspector_id))
                team.sort()
                teams[aid] = tuple(team)
            else:
                for heap, item in picked:
                    push(heap, item)
                reasons[aid] = _reason(
                    rules, aid, county, conflicts, county_of_inspector, per_county, n_eligible, len(picked), load_bound
                )
        if progress is not None:
            progress(min(chunk_start + PROGRESS_EVERY, n_targets), n_targets)

    return DrawResult(
        algorithm_version=ALGORITHM_VERSION,
        team_size=team_size,
        load_bound=load_bound,
        classes=tuple(classes),
        targets=tuple([new_tuple(Assignment, (aid, teams.get(aid, ()))) for _, aid, _ in drawn]),
        unstaffed=tuple([Unstaffed(aid, reasons[aid]) for _, aid, _ in drawn if aid in reasons]),
    )


def _order_key(entry: tuple) -> tuple[int, bytes]:
    return entry[0], entry[1]


def _check_ids(items: list, kind: str) -> None:
    ids = [item.id for item in items]
    for value in ids:
        if type(value) is not int:
            raise TypeError(f"{kind} ids must be integers, not {value!r}")
    if len(set(ids)) != len(ids):
        seen: set[int] = set()
        duplicate = next(i for i in ids if i in seen or seen.add(i))
        raise ValueError(f"duplicate {kind} id {duplicate}")


def _reason(
    rules: PlanRules,
    aid: int,
    county: str,
    conflicts: set[int] | None,
    county_of_inspector: dict[int, str],
    per_county: dict[str, int],
    n_eligible: int,
    available: int,
    load_bound: int,
) -> str:
    team_size = rules.team_size
    if not county_of_inspector:
        return f"可用检查人员不足：需{team_size}人，检查人员名单为空"
    if n_eligible < team_size:
        if rules.exclude_same_county:
            n_conflicts = sum(1 for i in conflicts or () if county_of_inspector[i] != county)
            excluded = f"回避{n_conflicts}人、本县回避{per_county.get(county, 0)}人"
        else:
            excluded = f"回避{len(conflicts or ())}人"
        return f"可用检查人员不足：需{team_size}人，符合条件的仅{n_eligible}人（{excluded}）"
    return (
        f"检查人员任务已满：需{team_size}人，符合条件的{n_eligible}人中已有{n_eligible - available}人"
        f"达到每人{load_bound}个对象的上限，仅余{available}人"
    )


# --- records and verification ---------------------------------------------------------------------

_ALGORITHMS: dict[str, Callable[..., DrawResult]] = {ALGORITHM_VERSION: draw}


@dataclass(frozen=True)
class DrawRecord:
    """What is kept (and published) about a confirmed draw."""

    commitment: str
    seed: str
    algorithm_version: str
    inputs: bytes  # canonical_inputs(...)
    inputs_hash: str
    output: DrawResult


def build_record(
    agencies: Iterable[Agency],
    inspectors: Iterable[Inspector],
    rules: PlanRules,
    seed: str,
    result: DrawResult | None = None,
) -> DrawRecord:
    """The record of a draw (drawn now unless ``result`` is given)."""
    agencies, inspectors = list(agencies), list(inspectors)
    inputs = canonical_inputs(agencies, inspectors, rules)
    return DrawRecord(
        commitment=commitment(seed),
        seed=seed,
        algorithm_version=ALGORITHM_VERSION,
        inputs=inputs,
        inputs_hash=hashlib.sha256(inputs).hexdigest(),
        output=result if result is not None else draw(agencies, inspectors, rules, seed),
    )


def record_to_json(record: DrawRecord) -> str:
    return json.dumps(
        {
            "algorithm_version": record.algorithm_version,
            "commitment": record.commitment,
            "inputs": record.inputs.decode("ascii"),
            "inputs_hash": record.inputs_hash,
            "output": json.loads(result_to_json(record.output)),
            "seed": record.seed,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def record_from_json(data: str | bytes | Mapping) -> DrawRecord:
    if isinstance(data, bytes | bytearray):
        data = bytes(data).decode("utf-8")
    if isinstance(data, str):
        data = json.loads(data)
    return DrawRecord(
        commitment=data["commitment"],
        seed=data["seed"],
        algorithm_version=data["algorithm_version"],
        inputs=data["inputs"].encode("utf-8"),
        inputs_hash=data["inputs_hash"],
        output=result_from_json(data["output"]),
    )


@dataclass
class Verification:
    matches: bool
    differences: list[str]
    recomputed: DrawResult | None = None


def verify(record: DrawRecord | Mapping) -> Verification:
    """Redo a recorded draw. ``record`` is a DrawRecord or a mapping with the same keys, whose
    ``inputs`` may be the canonical bytes/text, their parsed JSON or an (agencies, inspectors,
    rules) triple, and whose ``output`` may be a DrawResult or its JSON (text or parsed)."""
    if not isinstance(record, Mapping):
        record = {name: getattr(record, name) for name in DrawRecord.__dataclass_fields__}
    differences: list[str] = []

    seed = record.get("seed")
    if not isinstance(seed, str) or not seed:
        differences.append("记录中没有种子")
        seed = None
    elif commitment(seed) != str(record.get("commitment", "")).lower():
        differences.append("种子与事先公布的承诺值不符")

    version = record.get("algorithm_version")
    algorithm = _ALGORITHMS.get(version)
    if algorithm is None:
        differences.append(f"未知的算法版本 {version!r}，无法重算")

    parsed = None
    raw = record.get("inputs")
    try:
        if isinstance(raw, tuple | list) and len(raw) == 3:
            raw = canonical_inputs(*raw)
        elif isinstance(raw, Mapping):
            raw = _canonical_json(raw)
        elif isinstance(raw, str):
            raw = raw.encode("utf-8")
        elif isinstance(raw, bytearray | memoryview):
            raw = bytes(raw)
        if not isinstance(raw, bytes):
            raise TypeError(f"inputs of type {type(raw).__name__}")
        parsed = parse_inputs(raw)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        differences.append(f"记录的输入名单无法读取（{error}）")
    else:
        if hashlib.sha256(raw).hexdigest() != str(record.get("inputs_hash", "")).lower():
            differences.append("输入名单的哈希值与记录不符")
        if canonical_inputs(*parsed) != raw:
            differences.append("记录的输入名单不是规范格式（重新编码后内容不同）")

    recorded = None
    try:
        output = record.get("output")
        recorded = output if isinstance(output, DrawResult) else result_from_json(output)
    except (ValueError, TypeError, KeyError) as error:
        differences.append(f"记录的抽取结果无法读取（{error}）")

    recomputed = None
    if algorithm is not None and parsed is not None and seed is not None:
        recomputed = algorithm(*parsed, seed)
        if recorded is not None:
            differences.extend(compare_results(recorded, recomputed))
    if len(differences) > MAX_DIFFERENCES:
        more = len(differences) - MAX_DIFFERENCES
        differences = [*differences[:MAX_DIFFERENCES], f"……另有{more}处不同未列出"]
    return Verification(matches=not differences, differences=differences, recomputed=recomputed)


def _ids(ids: Iterable[int], limit: int = 20) -> str:
    ids = list(ids)
    text = "、".join(f"#{i}" for i in ids[:limit])
    return text + (f" 等{len(ids)}个" if len(ids) > limit else "")


def compare_results(recorded: DrawResult, recomputed: DrawResult) -> list[str]:
    """What differs between a recorded and a recomputed result, in Chinese (empty: identical)."""
    out: list[str] = []
    if recorded.algorithm_version != recomputed.algorithm_version:
        out.append(f"结果的算法版本不同：记录 {recorded.algorithm_version}，重算 {recomputed.algorithm_version}")
    if recorded.team_size != recomputed.team_size:
        out.append(f"每个对象的检查人数不同：记录 {recorded.team_size}，重算 {recomputed.team_size}")
    if recorded.load_bound != recomputed.load_bound:
        out.append(f"每名检查人员的对象上限不同：记录 {recorded.load_bound}，重算 {recomputed.load_bound}")

    old_classes = {c.risk_class: c for c in recorded.classes}
    new_classes = {c.risk_class: c for c in recomputed.classes}
    for rc in sorted(set(old_classes) | set(new_classes)):
        old, new = old_classes.get(rc), new_classes.get(rc)
        if old != new:
            out.append(f"风险等级 {rc} 的数量不同：记录 {_class_text(old)}，重算 {_class_text(new)}")

    old_ids = [t.agency_id for t in recorded.targets]
    new_ids = [t.agency_id for t in recomputed.targets]
    old_set, new_set = set(old_ids), set(new_ids)
    if len(old_set) != len(old_ids):
        seen: set[int] = set()
        repeated = [i for i in old_ids if i in seen or seen.add(i)]
        out.append(f"记录中有重复的抽中对象：{_ids(dict.fromkeys(repeated))}")
    only_old = [i for i in old_ids if i not in new_set]
    only_new = [i for i in new_ids if i not in old_set]
    if only_old and only_new:
        out.append(f"抽中对象不同：记录有 {_ids(only_old)}，重算为 {_ids(only_new)}")
    elif only_old:
        out.append(f"抽中对象不同：记录多出 {_ids(only_old)}")
    elif only_new:
        out.append(f"抽中对象不同：记录缺少 {_ids(only_new)}")
    elif old_ids != new_ids and len(old_set) == len(old_ids):
        out.append("抽中对象相同，但排列顺序不同")

    old_teams = {t.agency_id: t.inspector_ids for t in recorded.targets}
    for target in recomputed.targets:
        old = old_teams.get(target.agency_id)
        if old is not None and old != target.inspector_ids:
            out.append(f"对象 #{target.agency_id} 的检查人员不同：记录 {list(old)}，重算 {list(target.inspector_ids)}")

    old_reasons = {u.agency_id: u.reason for u in recorded.unstaffed}
    new_reasons = {u.agency_id: u.reason for u in recomputed.unstaffed}
    for aid in [*new_reasons, *(a for a in old_reasons if a not in new_reasons)]:
        old, new = old_reasons.get(aid), new_reasons.get(aid)
        if old == new:
            continue
        if old is None:
            out.append(f"对象 #{aid}：重算未能派员（{new}），记录未列入未派员名单")
        elif new is None:
            out.append(f"对象 #{aid}：记录列为未派员（{old}），重算不是")
        else:
            out.append(f"对象 #{aid} 未派员的原因不同：记录「{old}」，重算「{new}」")
    return out


def _class_text(count: ClassCount | None) -> str:
    if count is None:
        return "无此等级"
    return f"共{count.total}个、符合条件{count.eligible}个、抽取{count.drawn}个"
