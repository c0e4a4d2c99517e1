from django.db.models import Prefetch

from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset

from ..models import CaseParty, EnforcementCase

# The bureau's staff work the cases; credit officers read them for listing decisions; auditors
# oversee. The branch centre follows its referrals through the referral record, not the case file.
ENFORCEMENT_READERS = {
    Role.OFFICER,
    Role.LEGAL_REVIEWER,
    Role.AGENCY_HEAD,
    Role.CREDIT_OFFICER,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
}


def with_case_details(queryset):
    return queryset.select_related(
        "jurisdiction", "lead_officer", "referral", "mediation", "created_by"
    ).prefetch_related(
        Prefetch("party_links", queryset=CaseParty.objects.select_related("party")),
        "officers",
        "criminal_team",
        "penalty_decision__payments",
    )


def enforcement_cases_visible_to(user):
    """Cases of the user's jurisdictions (the city sees its counties; a county only itself)."""
    if not user.is_authenticated or not user.is_active or user.role not in ENFORCEMENT_READERS:
        return EnforcementCase.objects.none()
    return scope_queryset(with_case_details(EnforcementCase.objects.all()), user)
