"""Permission predicates for transitions. Nothing is allowed unless a predicate says so."""

from collections.abc import Callable, Iterable

from django.core.exceptions import FieldDoesNotExist


class Allow:
    """Allows users holding one of `roles`.

    With `assignee`, users in those roles must also be assigned to the object (the attribute
    names a user FK, a many-to-many of users, or a callable returning user ids) unless their role
    is in `regardless_of_assignment` (heads who may act on any case in their jurisdiction).

    `awaits` names the roles for whom an object in a source state counts as waiting in "my tasks"
    (default: every allowed role); others may still fire the transition but are not chased for it.
    """

    def __init__(
        self,
        *roles: str,
        assignee: str | Callable | None = None,
        regardless_of_assignment: Iterable[str] = (),
        awaits: Iterable[str] | None = None,
    ):
        if not roles:
            raise ValueError("A transition must name at least one role.")
        self.roles = frozenset(roles) | frozenset(regardless_of_assignment)
        self.assignee = assignee
        self.regardless_of_assignment = frozenset(regardless_of_assignment)
        self.awaited_roles = self.roles if awaits is None else frozenset(awaits)

    def __call__(self, instance, user) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.role not in self.roles:
            return False
        if self.assignee is None or user.role in self.regardless_of_assignment:
            return True
        return user.pk in assigned_user_ids(instance, self.assignee)

    def describe(self) -> str:
        from casemgmt.org.models import Role

        labels = [Role(role).label for role in sorted(self.roles)]
        suffix = "（限承办人）" if self.assignee else ""
        return "、".join(labels) + suffix


def _concrete_field(instance, name: str):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None  # a property


def assigned_user_ids(instance, assignee) -> set[int]:
    if callable(assignee):
        return set(assignee(instance))
    field = _concrete_field(instance, assignee)
    if field is not None and (field.many_to_one or field.one_to_one):
        # The key is on the row already: reading the user would cost a query per check.
        value_id = getattr(instance, field.attname)
        return set() if value_id is None else {value_id}
    value = getattr(instance, assignee)
    if value is None:
        return set()
    if hasattr(value, "values_list"):
        if instance.pk is None:
            return set()
        return set(value.values_list("pk", flat=True))
    return {value.pk}


class SystemOnly:
    """Fired by the system (a periodic task, a cascade), never by a user: no role is allowed or
    chased; only a SystemActor passes."""

    roles = frozenset()
    awaited_roles = frozenset()

    def __call__(self, instance, user) -> bool:
        from .actors import is_system

        return is_system(user)

    def describe(self) -> str:
        return "系统自动"
