import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q

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


def standing(queryset):
    """The decisions not set aside: a decision revoked, or found unlawful or void, is no penalty any
    more (a changed one still is). The change is the case's recorded step (enforcement.publication)."""
    from casemgmt.workflow.models import TransitionLog

    from ..models import EnforcementCase
    from ..publication import REVOCATION_STEP, DecisionChange

    set_aside = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(EnforcementCase),
        object_id=OuterRef("case_id"),
        transition=REVOCATION_STEP,
    ).exclude(payload__ground=DecisionChange.CHANGED)
    return queryset.exclude(Exists(set_aside))


def prior_trademark_penalties(party, *, act_on: dt.date, exclude_case_id=None):
    """Trademark-infringement penalties on the same party (the registry row, or any row with its
    credit code / ID number) decided in the five years up to `act_on`, the date of the new
    infringing act, and still standing (《商标法》第六十条第二款: infringing twice within five years
    must be punished more heavily). Read across all jurisdictions: the rule applies whichever
    bureau decided the earlier case. The one rule for the decision and for the credit list."""
    if party is None or act_on is None:
        return PenaltyDecision.objects.none()
    same_party = Q(party=party)
    if party.credit_code:
        same_party |= Q(party__credit_code=party.credit_code)
    if party.id_number:
        same_party |= Q(party__id_number=party.id_number)
    queryset = PenaltyDecision.objects.filter(
        same_party,
        case__kind=Kind.TRADEMARK_INFRINGEMENT,
        decided_on__gte=act_on - relativedelta(years=REPEAT_WINDOW_YEARS),
        decided_on__lte=act_on,
    )
    if exclude_case_id is not None:
        queryset = queryset.exclude(case_id=exclude_case_id)
    return standing(queryset).order_by("decided_on", "id")


def repeat_act_date(case) -> dt.date | None:
    """The date of the case's infringing act that the five years run to: the violation's date as
    recorded (required at filing); for a case filed before it was recorded, the day the clue
    arrived (the act cannot be known to have happened later)."""
    return case.violation_on or case.received_on


def prior_penalties_of_decision(decision):
    """The earlier standing trademark penalties that make `decision` a repeat infringement."""
    case = decision.case
    if case.kind != Kind.TRADEMARK_INFRINGEMENT:
        return PenaltyDecision.objects.none()
    return prior_trademark_penalties(decision.party, act_on=repeat_act_date(case), exclude_case_id=case.pk)
