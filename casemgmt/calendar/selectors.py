"""Reads of deadlines, always through the caller's jurisdiction scope."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset

from .counting import Rule, compute_due
from .models import Deadline
from .workdays import WorkCalendar

ACTIVE = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)
# Heads answer for every limit in their area, not only the ones assigned to them.
HEAD_ROLES = frozenset({Role.CENTRE_HEAD, Role.AGENCY_HEAD})


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("responsible", "content_type").prefetch_related(
        "suspensions__created_by", "extensions__approved_by"
    )


def deadlines_for(obj) -> QuerySet:
    """Deadlines attached to one object (the caller has already been allowed to see it)."""
    queryset = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    return _with_details(queryset).order_by("due", "id")


def deadlines_visible_to(user) -> QuerySet:
    """Deadlines in the user's jurisdictions, plus any the user is personally responsible for."""
    if not user or not user.is_authenticated or not user.is_active:
        return Deadline.objects.none()
    visible = scope_queryset(Deadline.objects.all(), user) | Deadline.objects.filter(responsible=user)
    return _with_details(visible).order_by("due", "id")


def my_deadlines(user) -> QuerySet:
    """Open and overdue deadlines the user answers for, soonest first."""
    if not user or not user.is_authenticated or not user.is_active:
        return Deadline.objects.none()
    mine = Deadline.objects.filter(responsible=user)
    if user.role in HEAD_ROLES:
        mine = mine | scope_queryset(Deadline.objects.all(), user)
    return _with_details(mine.filter(status__in=ACTIVE)).order_by("due", "id")


@dataclass
class DeadlineGroups:
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    later: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.later)


def due_soon_limit(today: dt.date | None = None, calendar: WorkCalendar | None = None) -> dt.date:
    """The last due date that counts as 'due soon' today (settings.DEADLINE_DUE_SOON_WORKING_DAYS)."""
    today = today or timezone.localdate()
    days = max(0, int(settings.DEADLINE_DUE_SOON_WORKING_DAYS))
    return compute_due(today, Rule.WORKING_DAYS, days, calendar=calendar).due


def is_past_due(deadline: Deadline, *, today: dt.date | None = None, now: dt.datetime | None = None) -> bool:
    """The limit has run out: an hour limit once its moment has passed, any other after its due date."""
    if deadline.due_at is not None:
        return deadline.due_at < (now or timezone.now())
    return deadline.due < (today or timezone.localdate())


def ran_out_q(today: dt.date, now: dt.datetime) -> Q:
    """`is_past_due` as a query, whatever the status and suspension (or already marked overdue)."""
    return Q(status=Deadline.Status.OVERDUE) | Q(due_at__isnull=True, due__lt=today) | Q(due_at__lt=now)


def past_due_q(*, today: dt.date | None = None, now: dt.datetime | None = None) -> Q:
    """`is_past_due` as a query on active, running deadlines (a suspended one is never overdue,
    nor is a party's own period, which lapses): for lists that filter and count in the database."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    running = Q(status__in=ACTIVE, suspended_since__isnull=True, party_period=False)
    return running & ran_out_q(today, now)


def due_within_q(last: dt.date, *, today: dt.date | None = None, now: dt.datetime | None = None) -> Q:
    """Active, running deadlines not yet run out whose due date is `last` or earlier."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    running = Q(status__in=ACTIVE, suspended_since__isnull=True, due__lte=last)
    return running & ~ran_out_q(today, now)


def group_by_urgency(deadlines, *, today: dt.date | None = None) -> DeadlineGroups:
    """Split active deadlines into overdue / due soon / later; a suspended one is never overdue,
    and a party's own period that ran out (not yet marked lapsed by the sweep) is in none."""
    today = today or timezone.localdate()
    limit = due_soon_limit(today)
    groups = DeadlineGroups()
    for deadline in deadlines:
        if not deadline.is_active or (deadline.party_period and is_past_due(deadline, today=today)):
            continue
        if deadline.is_suspended:
            groups.later.append(deadline)
        elif deadline.status == Deadline.Status.OVERDUE or is_past_due(deadline, today=today):
            groups.overdue.append(deadline)
        elif deadline.due <= limit:
            groups.due_soon.append(deadline)
        else:
            groups.later.append(deadline)
    return groups


def deadline_object(deadline: Deadline):
    """The object the deadline belongs to, or None if it no longer exists."""
    try:
        return deadline.content_object
    except AttributeError:
        return None


def deadline_object_type(deadline: Deadline) -> str:
    obj = deadline_object(deadline)
    workflow_type = getattr(obj, "workflow_type", "") if obj is not None else ""
    return workflow_type or f"{deadline.content_type.app_label}.{deadline.content_type.model}"


def deadline_object_type_label(deadline: Deadline) -> str:
    model = deadline.content_type.model_class()
    return str(model._meta.verbose_name) if model is not None else deadline.content_type.model


def deadline_object_label(deadline: Deadline) -> str:
    obj = deadline_object(deadline)
    return str(obj) if obj is not None else f"{deadline_object_type_label(deadline)} #{deadline.object_id}"


def deadline_object_url(deadline: Deadline) -> str | None:
    obj = deadline_object(deadline)
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return None
    return get_url() or None


# Who answers for an object, when a limit on it names nobody (first one set wins).
_HANDLER_FIELDS = ("lead_officer", "handler", "created_by")


def deadline_handlers(deadline: Deadline) -> list:
    """The people to tell about a limit: its responsible person, else the person who handles
    the object it belongs to (its lead officer / handler / creator)."""
    candidates = [deadline.responsible]
    obj = deadline_object(deadline)
    candidates += [getattr(obj, name, None) for name in _HANDLER_FIELDS]
    for user in candidates:
        if user is not None and getattr(user, "is_active", False) and getattr(user, "pk", None):
            return [user]
    return []
