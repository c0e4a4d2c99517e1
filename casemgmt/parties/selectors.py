from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from casemgmt.org.scoping import visible_jurisdiction_codes
from casemgmt.workflow.models import TransitionLog

from .models import Party


def _jurisdiction_path(model) -> str | None:
    """How a record that names a party reaches its jurisdiction: its own, or its parent's (a case's
    party link). A staff member's declared relation (through the user) is not a record."""
    fields = [f for f in model._meta.get_fields() if f.concrete and f.many_to_one]
    if any(f.name == "jurisdiction" for f in fields):
        return "jurisdiction"
    for field in fields:
        target = field.related_model
        if target is not get_user_model() and any(f.name == "jurisdiction" for f in target._meta.get_fields()):
            return f"{field.name}__jurisdiction"
    return None


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
    # Every record naming a party, found from the party's side (the kernel names no app).
    named = Q()
    for relation in Party._meta.related_objects:
        path = _jurisdiction_path(relation.related_model)
        if path is not None:
            in_scope = relation.related_model.objects.filter(**{f"{path}__in": codes})
            named |= Q(pk__in=in_scope.values(relation.field.name))
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
