from django.db.models import Q

from .models import Party


def parties_visible_to(user):
    # The registry is shared city-wide: every signed-in staff member may look parties up.
    if not user.is_authenticated or not user.is_active:
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
