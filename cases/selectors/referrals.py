from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset

from ..models import EnforcementReferral

# The sending centre and the receiving bureau both follow a referral.
REFERRAL_READERS = {
    Role.INTAKE_CLERK,
    Role.HANDLER,
    Role.CENTRE_HEAD,
    Role.OFFICER,
    Role.LEGAL_REVIEWER,
    Role.AGENCY_HEAD,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
}


def enforcement_referrals_visible_to(user):
    if not user.is_authenticated or not user.is_active or user.role not in REFERRAL_READERS:
        return EnforcementReferral.objects.none()
    return scope_queryset(EnforcementReferral.objects.select_related("assistance_request", "jurisdiction"), user)
