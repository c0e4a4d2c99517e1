"""Reads of spot-check tasks, always filtered by the caller's jurisdiction and role."""

from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset, visible_jurisdiction_codes

from ..models import SpotCheck

# Who reads spot-check tasks: the bureaus' staff, and oversight (the level above sees every county
# through the city-wide roles; auditors read only).
READERS = {Role.OFFICER, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.AUDITOR, Role.ADMINISTRATOR}


def spot_checks_visible_to(user):
    if not user or not user.is_authenticated or not user.is_active or user.role not in READERS:
        return SpotCheck.objects.none()
    queryset = SpotCheck.objects.select_related("plan", "jurisdiction")
    scoped = scope_queryset(queryset, user)
    if user.role != Role.OFFICER or visible_jurisdiction_codes(user) is None:
        return scoped
    # An officer drawn as an inspector for a task of another jurisdiction (a city plan draws from
    # every county) sees that task too.
    return (scoped | queryset.filter(targets__team__inspector__user=user)).distinct()


def targets_with_teams(spot_check):
    """抽中对象 of a task in draw order, with their agencies, teams, slot redraws and results."""
    from django.db.models import Prefetch

    from ..models import SlotRedraw, SpotCheckTarget, TargetInspector

    return (
        SpotCheckTarget.objects.filter(spot_check=spot_check)
        .select_related("agency__jurisdiction", "result__rectification_deadline", "result__entered_by")
        .prefetch_related(
            Prefetch(
                "team",
                TargetInspector.objects.select_related("inspector__user", "inspector__jurisdiction").order_by("slot"),
            ),
            Prefetch(
                "redraws",
                SlotRedraw.objects.select_related("old_inspector__user", "new_inspector__user", "by").order_by(
                    "at", "pk"
                ),
            ),
            "result__items_checked",
        )
        .order_by("position")
    )


def team_conflicts(spot_check) -> set[tuple[int, int]]:
    """(inspector, agency) pairs of the task's teams with a declared conflict (回避)."""
    from ..models import InspectorConflict

    return set(
        InspectorConflict.objects.filter(
            inspector__slots__target__spot_check=spot_check, agency__spot_checks__spot_check=spot_check
        ).values_list("inspector_id", "agency_id")
    )
