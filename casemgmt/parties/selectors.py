from django.db.models import Q

from .models import Party


def parties_visible_to(user):
    # The registry is shared city-wide: every signed-in staff member may look parties up (partner
    # agencies are not staff: they ask the partner API about the dishonesty list only).
    if not user.is_authenticated or not user.is_active or getattr(user, "is_partner", False):
        return Party.objects.none()
    return Party.objects.all()


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
