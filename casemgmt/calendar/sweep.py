"""The periodic deadline sweep, set-based so that a million open limits take seconds: one UPDATE
marks the lapsed limits overdue, and the warnings are built in batches (the objects they name
fetched per type, not one by one) and inserted in bulk. Only limits whose due date moves (a
suspension running or just ended) are recomputed row by row, and they are few."""

import datetime as dt

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from casemgmt.notifications.models import Notification
from casemgmt.notifications.services import notifications_create_many

from .models import Deadline, DeadlineSuspension
from .selectors import deadline_object_label, deadline_object_url, due_soon_limit
from .services import ACTIVE, Status, _today, deadline_recompute
from .workdays import WorkCalendar

BATCH = 2000


def deadlines_scan(today: dt.date | None = None) -> dict:
    """Periodic pass: move running suspensions on, mark lapsed limits overdue (an hour limit
    as soon as its moment has passed), warn the responsible person once when a limit is due
    soon and once when it is overdue."""
    today = today or _today()
    now = timezone.now()
    calendar = WorkCalendar()
    counts = {"recomputed": 0, "marked_overdue": 0, "due_soon_notified": 0, "overdue_notified": 0}

    # A running suspension moves the due date every day; one that starts or ends changes the status.
    recent_suspensions = DeadlineSuspension.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today - dt.timedelta(days=1))
    ).values("deadline_id")
    moving = sorted(
        Deadline.objects.filter(status__in=ACTIVE)
        .filter(Q(suspended_since__isnull=False) | Q(pk__in=recent_suspensions))
        .values_list("pk", flat=True)
    )
    for pk in moving:
        with transaction.atomic():
            deadline = Deadline.objects.select_for_update().get(pk=pk)
            was_open = deadline.status == Status.OPEN
            deadline_recompute(deadline, today=today, calendar=calendar, now=now)
        counts["recomputed"] += 1
        counts["marked_overdue"] += was_open and deadline.status == Status.OVERDUE

    # The other lapsed limits keep their due date (a calendar change recomputes them when it
    # happens): only their status changes.
    lapsed = (
        Deadline.objects.filter(status=Status.OPEN, suspended_since__isnull=True)
        .filter(Q(due__lt=today, due_at__isnull=True) | Q(due_at__lt=now))
        .exclude(pk__in=moving)
    )
    # A party's own period lapses; the authority's limits become overdue.
    marked = lapsed.update(
        status=Case(When(party_period=True, then=Value(Status.LAPSED)), default=Value(Status.OVERDUE)),
        updated_at=now,
    )
    counts["recomputed"] += marked
    counts["marked_overdue"] += marked

    due_soon = Deadline.objects.filter(
        status=Status.OPEN,
        suspended_since__isnull=True,
        due__gte=today,
        due__lte=due_soon_limit(today, calendar),
        responsible__isnull=False,
        due_soon_notified_at__isnull=True,
    )
    counts["due_soon_notified"] = _warn(
        due_soon, now=now, title="期限即将届满", level=Notification.Level.WARNING, key="due_soon"
    )
    overdue = Deadline.objects.filter(
        status=Status.OVERDUE, responsible__isnull=False, overdue_notified_at__isnull=True
    )
    counts["overdue_notified"] = _warn(
        overdue, now=now, title="期限已逾期", level=Notification.Level.DANGER, key="overdue"
    )
    return counts


def _warn(queryset, *, now, title: str, level: str, key: str) -> int:
    """Tell each limit's responsible person (if active) once, and stamp the limits as told."""
    stamp_field = f"{key}_notified_at"
    created = 0
    last = 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .select_related("responsible", "content_type")
            .prefetch_related("content_object")[:BATCH]
        )
        if not batch:
            return created
        last = batch[-1].pk
        with transaction.atomic():
            warnings = [_warning(d, title=title, level=level, key=key) for d in batch if d.responsible.is_active]
            created += len(notifications_create_many(warnings))
            Deadline.objects.filter(pk__in=[d.pk for d in batch]).update(**{stamp_field: now})


def _warning(deadline: Deadline, *, title: str, level: str, key: str) -> Notification:
    basis = f"（{deadline.legal_basis}）" if deadline.legal_basis else ""
    when = "届满时间" if deadline.due_at else "届满日"
    stamp = f"{timezone.localtime(deadline.due_at):%Y%m%d%H%M}" if deadline.due_at else f"{deadline.due:%Y%m%d}"
    return Notification(
        recipient=deadline.responsible,
        title=f"{title}：{deadline.label}",
        body=f"{deadline_object_label(deadline)}：{deadline.label}{basis}，{when} {deadline.due_text}。",
        url=deadline_object_url(deadline) or "",
        level=level,
        dedupe_key=f"deadline:{deadline.pk}:{key}:{stamp}",
    )
