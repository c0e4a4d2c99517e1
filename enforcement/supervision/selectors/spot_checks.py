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
