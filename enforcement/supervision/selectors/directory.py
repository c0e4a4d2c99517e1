"""Reads of the two directories (agencies, inspectors), always filtered by the caller's
jurisdiction and role: a county's staff see their county, the city's staff the whole city."""

from django.db.models import Prefetch, Q, QuerySet

from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset

from ..models import Agency, Inspector, InspectorConflict

# Who reads the directories and plans: the bureaus' supervision staff and oversight (legal
# reviewers, auditors read only; administrators).
DIRECTORY_READERS = frozenset({Role.OFFICER, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.AUDITOR, Role.ADMINISTRATOR})


def may_read_directories(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in DIRECTORY_READERS)


def agencies_visible_to(user) -> QuerySet:
    if not may_read_directories(user):
        return Agency.objects.none()
    return scope_queryset(Agency.objects.select_related("jurisdiction", "parent"), user)


def agency_search(user, q: str = "") -> QuerySet:
    """Visible agencies whose name contains `q` or whose credit code starts with it."""
    queryset = agencies_visible_to(user)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(credit_code__istartswith=q.upper()))
    return queryset


def inspectors_visible_to(user) -> QuerySet:
    if not may_read_directories(user):
        return Inspector.objects.none()
    conflicts = InspectorConflict.objects.select_related("agency", "declared_by").order_by("declared_on", "pk")
    return scope_queryset(
        Inspector.objects.select_related("user", "jurisdiction").prefetch_related(Prefetch("conflicts", conflicts)),
        user,
    )


def inspector_search(user, q: str = "") -> QuerySet:
    """Visible inspectors whose name, username or certificate number matches `q`."""
    queryset = inspectors_visible_to(user)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(user__full_name__icontains=q) | Q(user__username__iexact=q) | Q(certificate_number__iexact=q)
        )
    return queryset
