import datetime as dt

from django.utils import timezone

from casemgmt.org.scoping import scope_queryset

from ..models import MediationCase, MediationSession
from .assistance import CENTRE_READERS


def mediations_visible_to(user):
    """Mediation cases are the branch centre's: enforcement staff do not see them at all."""
    if not user.is_authenticated or not user.is_active or user.role not in CENTRE_READERS:
        return MediationCase.objects.none()
    queryset = MediationCase.objects.select_related(
        "applicant", "respondent", "mediator", "jurisdiction", "assistance_request"
    )
    return scope_queryset(queryset, user)


def mediation_sessions_of(case: MediationCase):
    """Sessions of one case (the caller has already been allowed to see the case)."""
    return case.sessions.select_related("mediator", "recorded_by").order_by("starts_at", "id")


def _moment(value, *, end: bool) -> dt.datetime:
    """A date means the whole local day (an end date is included); datetimes are taken as given."""
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    day = value + dt.timedelta(days=1) if end else value
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def sessions_between(user, start, end, mediator=None):
    """A mediator calendar: sessions (not cancelled) overlapping [start, end] of the cases the
    user may see, of one mediator or of every mediator in the user's jurisdictions."""
    queryset = MediationSession.objects.filter(
        mediation__in=mediations_visible_to(user),
        cancelled_at__isnull=True,
        starts_at__lt=_moment(end, end=True),
        ends_at__gt=_moment(start, end=False),
    )
    if mediator is not None:
        queryset = queryset.filter(mediator=mediator)
    return queryset.select_related("mediation", "mediator").order_by("starts_at", "id")
