"""The dashboard's figures for one viewer, period and county: every count is a database count of
a measure (measures.py) over the workflow's own selector, narrowed to the viewer's area, so a
county user's dashboard holds only that county's cases."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Sum
from django.urls import reverse
from django.utils import timezone

from casemgmt.org.models import Jurisdiction
from casemgmt.org.scoping import scope_queryset, visible_jurisdiction_codes
from casemgmt.workflow.registry import get_workflow_type
from enforcement.models import PenaltyDecision, PenaltyPayment
from enforcement.supervision.models.choices import Finding

from . import measures
from .measures import Context
from .periods import Period
from .rows import ROWS, Row

ZERO = Decimal("0")


def dashboard_queryset(user, type_key: str, *, row: Row | None = None, jurisdiction: str = ""):
    """The viewer's cases of a workflow for the dashboard, or None when the role does not read it:
    the workflow's selector, kept to the viewer's own area (a task another county drew the viewer
    into is that county's figure), one procedure of the type, one county if asked."""
    wf = get_workflow_type(type_key)
    if wf is None:
        return None
    queryset = wf.selector(user)
    if queryset.query.is_empty():
        return None
    queryset = scope_queryset(queryset, user)
    if row is not None:
        queryset = row.scoped(queryset)
    if jurisdiction:
        queryset = queryset.filter(jurisdiction_id=jurisdiction)
    return queryset


def viewer_jurisdictions(user) -> list[Jurisdiction]:
    """The counties (and the city itself) whose figures the viewer may see."""
    codes = visible_jurisdiction_codes(user)
    queryset = Jurisdiction.objects.order_by("code")
    return list(queryset if codes is None else queryset.filter(code__in=codes))


def list_url(type_key: str, measure: str, *, period: Period, row: Row | None = None, jurisdiction: str = "") -> str:
    """The staff list of exactly the cases a number counts."""
    params = {"dash": measure}
    if row is not None:
        params["row"] = row.key
    params["period"] = period.key
    if jurisdiction:
        params["jurisdiction"] = jurisdiction
    return f"{reverse('web:object-list', args=[type_key])}?{urlencode(params)}"


@dataclass(frozen=True)
class Figure:
    """A number and the list of the cases behind it."""

    value: object
    url: str


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class RowFigures:
    row: Row
    new: Figure
    closed: Figure
    avg_days: float | None
    limited: Figure | None
    within_limit: Figure | None
    overdue: Figure

    @property
    def within_share(self) -> float | None:
        if self.limited is None:
            return None
        return share(self.within_limit.value, self.limited.value)


@dataclass
class Fines:
    decisions: Figure  # penalty decisions made in the period (cases)
    imposed: Decimal
    paying_cases: Figure  # cases with a payment in the period
    collected: Decimal


@dataclass
class Mediation:
    concluded: Figure
    succeeded: Figure

    @property
    def rate(self) -> float | None:
        return share(self.succeeded.value, self.concluded.value)


@dataclass
class Publications:
    published: Figure
    in_time: Figure

    @property
    def rate(self) -> float | None:
        return share(self.in_time.value, self.published.value)


@dataclass
class Dashboard:
    period: Period
    jurisdiction: str
    rows: list[RowFigures] = field(default_factory=list)
    fines: Fines | None = None
    mediation: Mediation | None = None
    publications: Publications | None = None
    listed: Figure | None = None
    findings: Figure | None = None
    findings_by_kind: list[tuple[str, Figure]] = field(default_factory=list)
    counties: list = field(default_factory=list)  # (jurisdiction, {row key: (new, closed, overdue)})


def _days(duration) -> float | None:
    if duration is None:
        return None
    if isinstance(duration, dt.timedelta):
        return duration.total_seconds() / 86400
    return float(duration) / 86_400_000_000  # SQLite answers in microseconds


class _Counter:
    """Counts measures of one workflow for one viewer, period and county, with their links."""

    def __init__(self, user, type_key, row, period, jurisdiction, today, now):
        self.type_key, self.row, self.period, self.jurisdiction = type_key, row, period, jurisdiction
        self.queryset = dashboard_queryset(user, type_key, row=row, jurisdiction=jurisdiction)
        self.today, self.now = today, now

    @property
    def readable(self) -> bool:
        return self.queryset is not None

    def context(self, arg: str = "") -> Context:
        return Context(row=self.row, period=self.period, today=self.today, now=self.now, arg=arg)

    def filtered(self, name: str, arg: str = ""):
        return measures.MEASURES[name].apply(self.queryset, self.context(arg))

    def figure(self, name: str, arg: str = "") -> Figure:
        measure = f"{name}.{arg}" if arg else name
        url = list_url(self.type_key, measure, period=self.period, row=self.row, jurisdiction=self.jurisdiction)
        return Figure(self.filtered(name, arg).count(), url)


def _row_figures(counter: _Counter) -> RowFigures:
    closed = counter.filtered("closed")
    handling = ExpressionWrapper(F("dash_closed_at") - F("created_at"), output_field=DurationField())
    average = closed.aggregate(average=Avg(handling))["average"]
    has_limits = bool(counter.row.limits)
    return RowFigures(
        row=counter.row,
        new=counter.figure("new"),
        closed=counter.figure("closed"),
        avg_days=_days(average),
        limited=counter.figure("limited") if has_limits else None,
        within_limit=counter.figure("within_limit") if has_limits else None,
        overdue=counter.figure("overdue"),
    )


def _fines(counter: _Counter) -> Fines:
    cases = counter.queryset
    decisions = PenaltyDecision.objects.filter(case__in=cases.values("pk"), **counter.period.dates("decided_on"))
    payments = PenaltyPayment.objects.filter(decision__case__in=cases.values("pk"), **counter.period.dates("paid_on"))
    return Fines(
        decisions=counter.figure("fined"),
        imposed=decisions.aggregate(total=Sum("fine_amount"))["total"] or ZERO,
        paying_cases=counter.figure("paid"),
        collected=payments.aggregate(total=Sum("amount"))["total"] or ZERO,
    )


def _by_county(counters: list[_Counter], jurisdictions) -> list:
    """New, closed and overdue cases of each row per county, one grouped count per measure."""
    table = {j.code: {} for j in jurisdictions}
    for counter in counters:
        grouped = {}
        for name in ("new", "closed", "overdue"):
            rows = counter.filtered(name).order_by().values("jurisdiction_id").annotate(n=Count("pk", distinct=True))
            grouped[name] = {r["jurisdiction_id"]: r["n"] for r in rows}
        for code, cells in table.items():
            cells[counter.row.key] = [
                Figure(
                    grouped[name].get(code, 0),
                    list_url(counter.type_key, name, period=counter.period, row=counter.row, jurisdiction=code),
                )
                for name in ("new", "closed", "overdue")
            ]
    return [(j, table[j.code]) for j in jurisdictions]


def dashboard_for(user, period: Period, *, jurisdiction: str = "", today=None, now=None) -> Dashboard:
    """The viewer's dashboard; `jurisdiction` (a code the viewer may see, or "") narrows to one county."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    board = Dashboard(period=period, jurisdiction=jurisdiction)

    def counter(type_key, row=None):
        return _Counter(user, type_key, row, period, jurisdiction, today, now)

    row_counters = [c for c in (counter(row.type_key, row) for row in ROWS) if c.readable]
    board.rows = [_row_figures(c) for c in row_counters]
    by_key = {c.row.key: c for c in row_counters}
    if "penalty" in by_key:
        board.fines = _fines(by_key["penalty"])
    if "mediation" in by_key:
        board.mediation = Mediation(
            concluded=by_key["mediation"].figure("mediation_concluded"),
            succeeded=by_key["mediation"].figure("mediation_succeeded"),
        )
    if "credit" in by_key:
        board.listed = by_key["credit"].figure("listed")
    if "spot_check" in by_key:
        spot_checks = by_key["spot_check"]
        board.findings = spot_checks.figure("findings")
        board.findings_by_kind = [
            (label, spot_checks.figure("findings", value))
            for value, label in Finding.choices
            if value in measures.PROBLEM_FINDINGS
        ]
    publications = counter("publication")
    if publications.readable:
        board.publications = Publications(
            published=publications.figure("published"), in_time=publications.figure("published_in_time")
        )
    jurisdictions = viewer_jurisdictions(user)
    if not jurisdiction and len(jurisdictions) > 1:
        board.counties = _by_county(row_counters, jurisdictions)
    return board
