"""What each number of the dashboard counts, as a filter on the workflow's own queryset.

The dashboard counts `measure.apply(queryset, context)` and its link asks the staff list for the
same measure (`?dash=<name>&row=<row>&period=<period>`), which applies the very same filter: a
number and the list behind it cannot disagree. Everything here is a database filter (history,
deadlines, decisions and payments are joined as subqueries), never a loop over cases."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Min, OuterRef, Subquery

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.selectors import past_due_q
from casemgmt.publication.services import PUBLISH_LIMIT
from casemgmt.workflow.models import TransitionLog
from cases.models import MediationCase
from enforcement.models import PenaltyDecision, PenaltyPayment
from enforcement.supervision.models import TargetResult
from enforcement.supervision.models.choices import Finding

from .periods import Period
from .rows import Row

# A mediation ends in an agreement (success) or is terminated without one (DOMAIN §2).
MEDIATION_OUTCOMES = (MediationCase.State.AGREEMENT_REACHED, MediationCase.State.TERMINATED)
PROBLEM_FINDINGS = tuple(value for value in Finding.values if value != Finding.NO_PROBLEM)


@dataclass(frozen=True)
class Context:
    row: Row | None
    period: Period
    today: dt.date
    now: dt.datetime
    arg: str = ""  # e.g. the finding of "findings.rectification"


def _content_type(queryset):
    return ContentType.objects.get_for_model(queryset.model)


def _first_entry(queryset, states) -> Subquery:
    """When the object first entered one of `states`, from its history."""
    logs = (
        TransitionLog.objects.filter(content_type=_content_type(queryset), object_id=OuterRef("pk"), target__in=states)
        .order_by()
        .values("object_id")
        .annotate(first=Min("at"))
        .values("first")
    )
    return Subquery(logs[:1])


def _deadlines(queryset, **lookups):
    return Deadline.objects.filter(content_type=_content_type(queryset), object_id=OuterRef("pk"), **lookups)


# --- the measures -------------------------------------------------------------------------------


def new(queryset, ctx: Context):
    """Registered (created) in the period."""
    return queryset.filter(**ctx.period.moments("created_at"))


def with_closing(queryset, ctx: Context):
    """Every case closed now, annotated with `dash_closed_at`: when it first entered a closing state."""
    return queryset.filter(ctx.row.ended_q).annotate(dash_closed_at=_first_entry(queryset, ctx.row.closing))


def closed(queryset, ctx: Context):
    """Closed in the period."""
    return with_closing(queryset, ctx).filter(**ctx.period.moments("dash_closed_at"))


def _governing(queryset, ctx: Context):
    return _deadlines(queryset, kind__in=ctx.row.limits).exclude(status=Deadline.Status.CANCELLED)


def limited(queryset, ctx: Context):
    """Closed in the period with a governing legal limit (the base of the share within the limit)."""
    return closed(queryset, ctx).filter(Exists(_governing(queryset, ctx)))


def within_limit(queryset, ctx: Context):
    """Closed in the period, each governing limit met on or before its due date."""
    late = _governing(queryset, ctx).exclude(status=Deadline.Status.MET, met_at__lte=F("due"))
    return limited(queryset, ctx).filter(~Exists(late))


def overdue(queryset, ctx: Context):
    """A limit of the case has run out and is not met: now, whatever the period (a suspended
    limit is never overdue, as on the deadline pages)."""
    lapsed = _deadlines(queryset).filter(past_due_q(today=ctx.today, now=ctx.now))
    return queryset.filter(Exists(lapsed))


def fined(queryset, ctx: Context):
    """Penalty cases whose penalty decision was made in the period."""
    decisions = PenaltyDecision.objects.filter(case=OuterRef("pk"), **ctx.period.dates("decided_on"))
    return queryset.filter(Exists(decisions))


def paid(queryset, ctx: Context):
    """Penalty cases with a payment (fine or confiscated sum) made in the period."""
    payments = PenaltyPayment.objects.filter(decision__case=OuterRef("pk"), **ctx.period.dates("paid_on"))
    return queryset.filter(Exists(payments))


def mediation_concluded(queryset, ctx: Context):
    """Mediations that ended in the period with an agreement or a termination."""
    return queryset.annotate(dash_concluded_at=_first_entry(queryset, MEDIATION_OUTCOMES)).filter(
        **ctx.period.moments("dash_concluded_at")
    )


def mediation_succeeded(queryset, ctx: Context):
    """Of those, the ones that reached an agreement."""
    agreed = TransitionLog.objects.filter(
        content_type=_content_type(queryset),
        object_id=OuterRef("pk"),
        target=MediationCase.State.AGREEMENT_REACHED,
    )
    return mediation_concluded(queryset, ctx).filter(Exists(agreed))


def published(queryset, ctx: Context):
    """Publications put before the public in the period."""
    return queryset.filter(**ctx.period.moments("published_at"))


def published_in_time(queryset, ctx: Context):
    """Of those, the ones published within the limit (20 working days from the decision)."""
    in_time = _deadlines(queryset, kind=PUBLISH_LIMIT, status=Deadline.Status.MET, met_at__lte=F("due"))
    return published(queryset, ctx).filter(Exists(in_time))


def listed(queryset, ctx: Context):
    """Entries put on the serious-dishonesty list in the period."""
    return queryset.filter(**ctx.period.dates("listed_on"))


def findings(queryset, ctx: Context):
    """Spot-check tasks with a result in the period that found a problem (or the given finding)."""
    kinds = (ctx.arg,) if ctx.arg else PROBLEM_FINDINGS
    results = TargetResult.objects.filter(
        target__spot_check=OuterRef("pk"), finding__in=kinds, **ctx.period.dates("checked_on")
    )
    return queryset.filter(Exists(results))


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    apply: object  # callable(queryset, Context) -> queryset
    type_keys: frozenset | None = None  # None: every row
    args: tuple = ()  # allowed values after the dot


MEASURES = {
    m.name: m
    for m in (
        Measure("new", "新收", new),
        Measure("closed", "办结", closed),
        Measure("limited", "有法定时限的办结案件", limited),
        Measure("within_limit", "在法定时限内办结", within_limit),
        Measure("overdue", "当前逾期", overdue),
        Measure("fined", "作出处罚决定", fined, frozenset({"enforcement_case"})),
        Measure("paid", "缴纳罚没款", paid, frozenset({"enforcement_case"})),
        Measure("mediation_concluded", "调解结束（达成协议或终止）", mediation_concluded, frozenset({"mediation"})),
        Measure("mediation_succeeded", "调解成功（达成协议）", mediation_succeeded, frozenset({"mediation"})),
        Measure("published", "公示", published, frozenset({"publication"})),
        Measure("published_in_time", "20个工作日内公示", published_in_time, frozenset({"publication"})),
        Measure("listed", "列入名单", listed, frozenset({"credit_entry"})),
        Measure("findings", "发现问题的抽查", findings, frozenset({"spot_check"}), PROBLEM_FINDINGS),
    )
}
# Measures that need the row's closing and limit definitions.
ROW_MEASURES = frozenset({"closed", "limited", "within_limit"})


def parse_measure(text: str | None) -> tuple[Measure, str] | None:
    """("findings.rectification") → (the measure, "rectification"); None for anything unknown."""
    name, _, arg = (text or "").partition(".")
    measure = MEASURES.get(name)
    if measure is None or (arg and arg not in measure.args):
        return None
    return measure, arg
