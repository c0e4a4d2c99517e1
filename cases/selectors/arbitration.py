from casemgmt.org.scoping import scope_queryset

from ..models import ArbitrationReferral
from .assistance import CENTRE_READERS


def arbitration_referrals_visible_to(user):
    if not user.is_authenticated or not user.is_active or user.role not in CENTRE_READERS:
        return ArbitrationReferral.objects.none()
    queryset = ArbitrationReferral.objects.select_related(
        "applicant", "respondent", "handler", "mediation", "jurisdiction"
    )
    return scope_queryset(queryset, user)
