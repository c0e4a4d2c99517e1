"""Which jurisdictions a user may see. Every selector filters through here."""

from django.db.models import Q, QuerySet

from .models import Jurisdiction, User


def visible_jurisdiction_codes(user: User) -> set[str] | None:
    """None means no restriction (the whole city); otherwise the set of visible codes."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    if getattr(user, "is_partner", False):
        return set()  # partner agencies see no jurisdiction's records (only the partner API)
    if user.sees_whole_city:
        return None
    if user.jurisdiction_id is None:
        return set()
    return {user.jurisdiction_id}


def scope_queryset(queryset: QuerySet, user: User, field: str = "jurisdiction") -> QuerySet:
    codes = visible_jurisdiction_codes(user)
    if codes is None:
        return queryset
    return queryset.filter(Q(**{f"{field}__in": codes}))


def may_see_jurisdiction(user: User, code: str | None) -> bool:
    codes = visible_jurisdiction_codes(user)
    return codes is None or code in codes


def assignable_jurisdictions(user: User):
    """Jurisdictions a user may create records in."""
    codes = visible_jurisdiction_codes(user)
    queryset = Jurisdiction.objects.all()
    return queryset if codes is None else queryset.filter(code__in=codes)


def answering_users(role: str, jurisdiction: Jurisdiction | None):
    """The active users of a role who answer for a record of this area: the area's own staff, or,
    where the area has none of that role (the branch centre sits at the city; not every county has
    a bureau account), the level above's, who see every county. Notices go to them."""
    area = jurisdiction
    while area is not None:
        users = User.objects.filter(is_active=True, role=role, jurisdiction=area)
        if users.exists():
            return users
        area = area.parent
    return User.objects.none()
