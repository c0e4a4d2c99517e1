from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset

from ..models import AssistanceRequest

# Who works with the branch centre's cases; auditors read everything in their area.
CENTRE_READERS = {Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, Role.AUDITOR, Role.ADMINISTRATOR}


def assistance_requests_visible_to(user):
    if not user.is_authenticated or not user.is_active or user.role not in CENTRE_READERS:
        return AssistanceRequest.objects.none()
    queryset = AssistanceRequest.objects.select_related("applicant", "respondent", "handler", "jurisdiction")
    return scope_queryset(queryset, user)
