"""Writes to deadlines and reactions to calendar changes.

Every write ends in `deadline_recompute`, the only code that sets the derived fields
(due, suspended_days, suspended_since, extended_to, provisional) and the open/overdue
status. Bad input raises casemgmt.errors.Invalid with field errors before anything
is written.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casemgmt.errors import Invalid
from casemgmt.notifications.models import Notification
from casemgmt.notifications.services import notification_create

from .counting import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    MAX_AMOUNT,
    Extension,
    Period,
    Rule,
    schedule,
)
from .models import Deadline, DeadlineExtension, DeadlineSuspension
from .selectors import deadline_object_label, deadline_object_url, due_soon_limit
from .workdays import WorkCalendar, invalidate_calendar_cache

Status = Deadline.Status
ACTIVE = (Status.OPEN, Status.OVERDUE)


def _today() -> dt.date:
    return timezone.localdate()


# --- input cleaning: each helper records a field error instead of raising, so one
# --- Invalid reports every bad field at once.


def _clean_date(value, field: str, errors: dict) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            errors[field] = ["日期格式应为 YYYY-MM-DD。"]
            return None
    if not isinstance(value, dt.date):
        errors[field] = ["请填写日期。"]
        return None
    if not FIRST_SUPPORTED_DATE <= value <= LAST_SUPPORTED_DATE:
        errors[field] = [f"日期须在 {FIRST_SUPPORTED_DATE} 至 {LAST_SUPPORTED_DATE} 之间。"]
        return None
    return value


def _clean_rule(value, field: str, errors: dict) -> str | None:
    if value not in Rule.values:
        errors[field] = [f"计算方式须为 {'、'.join(Rule.values)} 之一。"]
        return None
    return value


def _clean_amount(value, rule: str | None, field: str, errors: dict) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors[field] = ["期限必须是整数。"]
        return None
    limit = MAX_AMOUNT.get(rule, min(MAX_AMOUNT.values()))
    if not 1 <= value <= limit:
        errors[field] = [f"期限须在 1 至 {limit} 之间。"]
        return None
    return value


def _clean_text(value, field: str, errors: dict, message: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        errors[field] = [message]
    return text


def _raise(errors: dict) -> None:
    if errors:
        raise Invalid(errors=errors)


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _require_active(deadline: Deadline, action: str) -> None:
    if not deadline.is_active:
        raise Invalid(errors={"non_field_errors": [f"期限{deadline.get_status_display()}，不能{action}。"]})


def _handed_back(original: Deadline, updated: Deadline) -> Deadline:
    """Callers may keep using the instance they passed in: bring it up to date too."""
    if original is not updated:
        original.refresh_from_db()
    return updated


def deadline_recompute(
    deadline: Deadline, *, today: dt.date | None = None, calendar: WorkCalendar | None = None
) -> Deadline:
    """Derive due date, suspension, extension, provisional flag and open/overdue status from
    the stored inputs, and save. Met and cancelled deadlines keep their status."""
    today = today or _today()
    if deadline.pk:
        suspensions = [Period(s.start, s.end) for s in deadline.suspensions.all()]
        extensions = [Extension(e.amount, e.rule) for e in deadline.extensions.all()]
    else:
        suspensions, extensions = [], []
    result = schedule(
        start=deadline.start,
        rule=deadline.rule,
        amount=deadline.amount,
        suspensions=suspensions,
        extensions=extensions,
        today=today,
        calendar=calendar,
    )
    if deadline.due is not None and result.due != deadline.due:
        # A new due date deserves new warnings (the dedupe keys include the date).
        deadline.due_soon_notified_at = None
        deadline.overdue_notified_at = None
    deadline.due = result.due
    deadline.suspended_days = result.suspended_days
    deadline.suspended_since = result.suspended_since
    deadline.extended_to = result.extended_to
    deadline.provisional = result.provisional
    if deadline.is_active:
        lapsed = result.due < today and result.suspended_since is None
        deadline.status = Status.OVERDUE if lapsed else Status.OPEN
    deadline.save()
    return deadline


def deadline_open(
    obj,
    *,
    kind: str,
    label: str,
    legal_basis: str = "",
    start,
    rule: str,
    amount: int,
    responsible=None,
) -> Deadline:
    """Start a legal time limit on `obj` (any saved model instance)."""
    if obj is None or getattr(obj, "pk", None) is None:
        raise ValueError("deadline_open needs a saved object")
    errors: dict = {}
    kind = _clean_text(kind, "kind", errors, "请填写期限类型。")
    label = _clean_text(label, "label", errors, "请填写期限名称。")
    start = _clean_date(start, "start", errors)
    rule = _clean_rule(rule, "rule", errors)
    amount = _clean_amount(amount, rule, "amount", errors)
    _raise(errors)
    with transaction.atomic():
        deadline = Deadline(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            jurisdiction_id=getattr(obj, "jurisdiction_id", None),
            kind=kind,
            label=label,
            legal_basis=(legal_basis or "").strip(),
            start=start,
            rule=rule,
            amount=amount,
            responsible=responsible,
        )
        return deadline_recompute(deadline)


def deadline_suspend(deadline: Deadline, *, start, reason: str, actor) -> Deadline:
    """Stop the clock from `start` (inclusive) until deadline_resume."""
    errors: dict = {}
    start = _clean_date(start, "start", errors)
    reason = _clean_text(reason, "reason", errors, "请填写中止理由。")
    _raise(errors)
    with transaction.atomic():
        locked = _lock(deadline)
        _require_active(locked, "中止")
        if locked.suspensions.filter(end__isnull=True).exists():
            raise Invalid(errors={"non_field_errors": ["该期限已处于中止状态。"]})
        if start < locked.start:
            errors["start"] = [f"中止日期不能早于起算日（{locked.start:%Y-%m-%d}）。"]
        elif start > locked.due:
            errors["start"] = [f"期限已于 {locked.due:%Y-%m-%d} 届满，不能再中止。"]
        elif locked.suspensions.filter(end__gte=start).exists():
            errors["start"] = ["与已登记的中止期间重叠。"]
        _raise(errors)
        DeadlineSuspension.objects.create(deadline=locked, start=start, reason=reason, created_by=actor)
        deadline_recompute(locked)
    return _handed_back(deadline, locked)


def deadline_resume(deadline: Deadline, *, end, actor) -> Deadline:
    """Close the running suspension; `end` is its last uncounted day."""
    errors: dict = {}
    end = _clean_date(end, "end", errors)
    _raise(errors)
    with transaction.atomic():
        locked = _lock(deadline)
        _require_active(locked, "恢复计算")
        running = locked.suspensions.filter(end__isnull=True).first()
        if running is None:
            raise Invalid(errors={"non_field_errors": ["该期限未处于中止状态。"]})
        if end < running.start:
            raise Invalid(errors={"end": [f"恢复日期不能早于中止起始日（{running.start:%Y-%m-%d}）。"]})
        running.end = end
        running.ended_by = actor
        running.save(update_fields=["end", "ended_by"])
        deadline_recompute(locked)
    return _handed_back(deadline, locked)


def deadline_extend(deadline: Deadline, *, amount: int, rule: str | None = None, reason: str, approved_by) -> Deadline:
    """Add an approved extension, counted on from the current due date (default: the limit's own rule)."""
    errors: dict = {}
    rule = _clean_rule(deadline.rule if rule is None else rule, "rule", errors)
    amount = _clean_amount(amount, rule, "amount", errors)
    reason = _clean_text(reason, "reason", errors, "请填写延长理由。")
    if approved_by is None:
        errors["approved_by"] = ["请指定批准人。"]
    _raise(errors)
    with transaction.atomic():
        locked = _lock(deadline)
        _require_active(locked, "延长")
        DeadlineExtension.objects.create(
            deadline=locked, amount=amount, rule=rule, reason=reason, approved_by=approved_by
        )
        deadline_recompute(locked)
    return _handed_back(deadline, locked)


def deadline_mark_met(deadline: Deadline, *, on=None) -> Deadline:
    """The act the limit required was done on `on` (default today). Repeating it is a no-op."""
    errors: dict = {}
    on = _today() if on is None else _clean_date(on, "on", errors)
    _raise(errors)
    with transaction.atomic():
        locked = _lock(deadline)
        if locked.status == Status.MET:
            return _handed_back(deadline, locked)
        _require_active(locked, "标记完成")
        if on < locked.start:
            errors["on"] = [f"完成日期不能早于起算日（{locked.start:%Y-%m-%d}）。"]
        elif on > _today():
            errors["on"] = ["完成日期不能晚于今天。"]
        _raise(errors)
        locked.status = Status.MET
        locked.met_at = on
        deadline_recompute(locked)
    return _handed_back(deadline, locked)


def deadline_cancel(deadline: Deadline, *, reason: str) -> Deadline:
    """The limit no longer applies (e.g. the case was withdrawn). Repeating it is a no-op."""
    errors: dict = {}
    reason = _clean_text(reason, "reason", errors, "请填写撤销理由。")
    _raise(errors)
    with transaction.atomic():
        locked = _lock(deadline)
        if locked.status == Status.CANCELLED:
            return _handed_back(deadline, locked)
        _require_active(locked, "撤销")
        locked.status = Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        deadline_recompute(locked)
    return _handed_back(deadline, locked)


def deadline_assign(deadline: Deadline, *, responsible) -> Deadline:
    """Hand the deadline to another person; they get their own warnings."""
    with transaction.atomic():
        locked = _lock(deadline)
        locked.responsible = responsible
        locked.due_soon_notified_at = None
        locked.overdue_notified_at = None
        deadline_recompute(locked)
    return _handed_back(deadline, locked)


def deadlines_for_object_close(obj, kinds=None, *, on=None) -> int:
    """The workflow step is done: mark the object's open/overdue deadlines (of `kinds`) met.
    Returns how many were marked."""
    queryset = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, status__in=ACTIVE
    )
    if kinds is not None:
        queryset = queryset.filter(kind__in=[kinds] if isinstance(kinds, str) else list(kinds))
    count = 0
    with transaction.atomic():
        for deadline in queryset:
            deadline_mark_met(deadline, on=on)
            count += 1
    return count


def deadlines_recompute_for_year(year: int) -> int:
    """Recompute every deadline whose counting may touch `year` (after the year's calendar
    changed). Returns how many were recomputed."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise Invalid(errors={"year": ["年份必须是整数。"]})
    if not FIRST_SUPPORTED_DATE.year <= year <= LAST_SUPPORTED_DATE.year:
        raise Invalid(errors={"year": [f"年份须在 {FIRST_SUPPORTED_DATE.year} 至 {LAST_SUPPORTED_DATE.year} 之间。"]})
    calendar = WorkCalendar()
    queryset = (
        Deadline.objects.exclude(status=Status.CANCELLED)
        .filter(start__lte=dt.date(year, 12, 31), due__gte=dt.date(year, 1, 1))
        .prefetch_related("suspensions", "extensions")
    )
    count = 0
    with transaction.atomic():
        for deadline in queryset:
            deadline_recompute(deadline, calendar=calendar)
            count += 1
    return count


def calendar_changed(years) -> int:
    """Administrators changed the calendar of these years: drop cached years and recompute."""
    invalidate_calendar_cache()
    return sum(deadlines_recompute_for_year(year) for year in sorted(set(years)))


def _notify(deadline: Deadline, *, title: str, level: str, key: str) -> bool:
    recipient = deadline.responsible
    if recipient is None or not recipient.is_active:
        return False
    basis = f"（{deadline.legal_basis}）" if deadline.legal_basis else ""
    body = f"{deadline_object_label(deadline)}：{deadline.label}{basis}，届满日 {deadline.due:%Y-%m-%d}。"
    created = notification_create(
        recipient=recipient,
        title=title,
        body=body,
        url=deadline_object_url(deadline) or "",
        level=level,
        dedupe_key=f"deadline:{deadline.pk}:{key}:{deadline.due:%Y%m%d}",
    )
    return created is not None


def deadlines_scan(today: dt.date | None = None) -> dict:
    """Periodic pass: move running suspensions on, mark lapsed limits overdue, warn the
    responsible person once when a limit is due soon and once when it is overdue."""
    today = today or _today()
    calendar = WorkCalendar()
    counts = {"recomputed": 0, "marked_overdue": 0, "due_soon_notified": 0, "overdue_notified": 0}

    # A running suspension moves the due date every day; one that starts or ends changes the status.
    recent_suspensions = DeadlineSuspension.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today - dt.timedelta(days=1))
    ).values("deadline_id")
    moving = Deadline.objects.filter(status__in=ACTIVE).filter(
        Q(suspended_since__isnull=False) | Q(pk__in=recent_suspensions)
    )
    lapsed = Deadline.objects.filter(status=Status.OPEN, due__lt=today, suspended_since__isnull=True)
    for pk in sorted(set(moving.values_list("pk", flat=True)) | set(lapsed.values_list("pk", flat=True))):
        with transaction.atomic():
            deadline = Deadline.objects.select_for_update().get(pk=pk)
            was_open = deadline.status == Status.OPEN
            deadline_recompute(deadline, today=today, calendar=calendar)
        counts["recomputed"] += 1
        counts["marked_overdue"] += was_open and deadline.status == Status.OVERDUE

    now = timezone.now()
    due_soon = Deadline.objects.filter(
        status=Status.OPEN,
        suspended_since__isnull=True,
        due__gte=today,
        due__lte=due_soon_limit(today, calendar),
        responsible__isnull=False,
        due_soon_notified_at__isnull=True,
    ).select_related("responsible", "content_type")
    for deadline in due_soon:
        if _notify(deadline, title=f"期限即将届满：{deadline.label}", level=Notification.Level.WARNING, key="due_soon"):
            counts["due_soon_notified"] += 1
        Deadline.objects.filter(pk=deadline.pk).update(due_soon_notified_at=now)

    overdue = Deadline.objects.filter(
        status=Status.OVERDUE, responsible__isnull=False, overdue_notified_at__isnull=True
    ).select_related("responsible", "content_type")
    for deadline in overdue:
        if _notify(deadline, title=f"期限已逾期：{deadline.label}", level=Notification.Level.DANGER, key="overdue"):
            counts["overdue_notified"] += 1
        Deadline.objects.filter(pk=deadline.pk).update(overdue_notified_at=now)
    return counts
