"""What the public may read of 双随机 spot-checks: tasks from publication on (published, followed
up), nothing earlier, nothing cancelled; organisations only, never a person (no inspector, no
free text an inspector wrote)."""

from django.db.models import Prefetch, Q, QuerySet

from casemgmt.org.models import Department

from .. import workflow as wf
from ..models import SpotCheck, SpotCheckTarget

# Larger ids cannot exist (64-bit keys); refusing them early keeps the database from overflowing.
MAX_ID = 2**63 - 1


def public_spot_checks() -> QuerySet:
    return SpotCheck.objects.filter(state__in=wf.PUBLIC_STATES).select_related("jurisdiction", "plan")


def public_spot_check(pk: int) -> SpotCheck | None:
    if not 0 < pk <= MAX_ID:
        return None
    return public_spot_checks().filter(pk=pk).first()


def public_result_rows(q: str = "") -> QuerySet:
    """One row per drawn agency of every published task, newest publication first; `q` matches
    the agency's name, its 统一社会信用代码 or the task's title."""
    queryset = SpotCheckTarget.objects.filter(spot_check__state__in=wf.PUBLIC_STATES)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(agency__name__icontains=q) | Q(agency__credit_code__iexact=q) | Q(spot_check__title__icontains=q)
        )
    return (
        queryset.select_related("agency", "spot_check__jurisdiction", "result")
        .prefetch_related(Prefetch("result__items_checked"))
        .order_by("-spot_check__published_on", "-spot_check_id", "position")
    )


def public_targets(spot_check: SpotCheck) -> QuerySet:
    return (
        SpotCheckTarget.objects.filter(spot_check=spot_check)
        .select_related("agency", "spot_check__jurisdiction", "result")
        .prefetch_related("result__items_checked")
        .order_by("position")
    )


def authority_name(jurisdiction) -> str:
    """The bureau that carried out the spot-check (a department, never a person)."""
    department = (
        Department.objects.filter(jurisdiction=jurisdiction, kind=Department.Kind.MARKET_SUPERVISION)
        .order_by("pk")
        .first()
    )
    return department.name if department is not None else f"{jurisdiction.name}市场监督管理局"
