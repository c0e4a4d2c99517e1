from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from casemgmt.org.scoping import visible_jurisdiction_codes
from casemgmt.workflow.models import TransitionLog

from .models import Party

# Where a party is named: (model label, the party fields). Each model has a `jurisdiction`.
PARTY_REFERENCES = (
    ("cases.AssistanceRequest", ("applicant", "respondent")),
    ("cases.MediationCase", ("applicant", "respondent")),
    ("cases.ArbitrationReferral", ("applicant", "respondent")),
    ("enforcement.CaseParty", ("party",)),
    ("enforcement.PenaltyDecision", ("party",)),
    ("creditlist.CreditEntry", ("party",)),
)


def _jurisdiction_field(model) -> str:
    return "case__jurisdiction" if model._meta.label == "enforcement.CaseParty" else "jurisdiction"


def parties_visible_to(user):
    """The city (and administrators) see the whole registry. A county sees the parties named in
    its own records, and those its staff registered or corrected (a party is registered before it
    is named in a case): the registry holds ID numbers and addresses of residents, and a county
    has no business reading another county's. Partner agencies are not staff: they ask the
    partner API about the dishonesty list only."""
    if not user.is_authenticated or not user.is_active or getattr(user, "is_partner", False):
        return Party.objects.none()
    codes = visible_jurisdiction_codes(user)
    if codes is None:
        return Party.objects.all()
    if not codes:
        return Party.objects.none()
    named = Q()
    for label, fields in PARTY_REFERENCES:
        model = apps.get_model(label)
        in_scope = model.objects.filter(**{f"{_jurisdiction_field(model)}__in": codes})
        for field in fields:
            named |= Q(pk__in=in_scope.exclude(**{f"{field}__isnull": True}).values(f"{field}_id"))
    registered = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Party), actor__jurisdiction__in=codes
    ).values("object_id")
    return Party.objects.filter(named | Q(pk__in=registered))


def party_search(user, q: str = ""):
    queryset = parties_visible_to(user)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(credit_code__iexact=q) | Q(credit_code__istartswith=q) | Q(id_number__iexact=q)
        )
    return queryset


def party_name_suggestions(user, q: str, limit: int = 10) -> list[dict]:
    """Names for a search box: names starting with the text first, then names containing it.
    Only organisations' codes are offered; a person's ID number never leaves as a suggestion."""
    q = (q or "").strip()
    if not q:
        return []
    queryset = parties_visible_to(user).filter(Q(name__icontains=q) | Q(credit_code__istartswith=q))
    starts = list(queryset.filter(name__istartswith=q).order_by("name")[:limit])
    rest = list(queryset.exclude(pk__in=[p.pk for p in starts]).order_by("name")[: limit - len(starts)])
    return [{"name": p.name, "credit_code": p.credit_code} for p in starts + rest]
