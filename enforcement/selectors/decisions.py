import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from casemgmt.org.scoping import scope_queryset

from ..choices import Kind
from ..models import PenaltyDecision
from .cases import ENFORCEMENT_READERS

REPEAT_WINDOW_YEARS = 5


def penalty_decisions_visible_to(user):
    if not user.is_authenticated or not user.is_active or user.role not in ENFORCEMENT_READERS:
        return PenaltyDecision.objects.none()
    queryset = PenaltyDecision.objects.select_related("case", "party", "jurisdiction", "decided_by").prefetch_related(
        "payments"
    )
    return scope_queryset(queryset, user)


def prior_trademark_penalties(party, *, on: dt.date, exclude_case_id=None):
    """Trademark-infringement penalties decided on the same party (the registry row, or any row
    with its credit code / ID number) in the five years up to `on` (《商标法》第六十条第二款:
    infringing twice within five years must be punished more heavily). Read across all
    jurisdictions: the rule applies whichever bureau decided the earlier case."""
    if party is None:
        return PenaltyDecision.objects.none()
    same_party = Q(party=party)
    if party.credit_code:
        same_party |= Q(party__credit_code=party.credit_code)
    if party.id_number:
        same_party |= Q(party__id_number=party.id_number)
    queryset = PenaltyDecision.objects.filter(
        same_party,
        case__kind=Kind.TRADEMARK_INFRINGEMENT,
        decided_on__gte=on - relativedelta(years=REPEAT_WINDOW_YEARS),
        decided_on__lte=on,
    )
    if exclude_case_id is not None:
        queryset = queryset.exclude(case_id=exclude_case_id)
    return queryset.order_by("decided_on", "id")
