"""Writes to deadlines and reactions to calendar changes.

Every write ends in `deadline_recompute`, the only code that sets the derived fields
(due, due_at, suspended_days, suspended_since, extended_to, provisional), the open/overdue
status and the object's copy of the due date (`mirror_field`, e.g. a case's statement_due).
Bad input raises casemgmt.errors.Invalid with field errors before anything is written.
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
from .selectors import deadline_handlers, deadline_object_label, deadline_object_url
from .signals import deadline_due_moved
from .workdays import WorkCalendar, invalidate_calendar_cache

Status = Deadline.Status
ACTIVE = (Status.OPEN, Status.OVERDUE)
# Statuses the engine derives from the dates (a lapsed party period opens again if a calendar
# change moves its end past today); met and cancelled are what people recorded.
DERIVED = (*ACTIVE, Status.LAPSED)


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


def _clean_moment(value, field: str, errors: dict) -> dt.datetime | None:
    """A moment for an hour limit: an aware datetime (a naive one is read as local time)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        errors[field] = ["以小时计算的期限须填写时间（年-月-日 时:分）。"]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if _clean_date(timezone.localdate(value), field, errors) is None:
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


def _mirror(deadline: Deadline, *, cause: str = "") -> None:
    """Keep the object's copy of the due date equal to the deadline's. A change the calendar
    caused (`cause`) is written into the object's history by the system actor."""
    if not deadline.mirror_field:
        return
    if deadline.mirror_type_id:
        model, pk = deadline.mirror_type.model_class(), deadline.mirror_id
    else:
        model, pk = deadline.content_type.model_class(), deadline.object_id
    field = model._meta.get_field(deadline.mirror_field)
    rows = model._default_manager.filter(pk=pk)
    old = rows.values_list(field.attname, flat=True).first()
    if old == deadline.due:
        return
    values = {field.attname: deadline.due}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    rows.update(**values)
    if cause:
        from casemgmt.search.indexing import index_on_commit
        from casemgmt.workflow.actors import SystemActor
        from casemgmt.workflow.history import history_append

        obj = rows.first()
        if obj is None:
            return
        history_append(
            obj,
            transition="deadline_recomputed",
            label="期限重新计算",
            actor=SystemActor(cause),
            reason=f"{cause}：{deadline.label}",
            changes=[{"field": field.name, "label": str(field.verbose_name), "old": old, "new": deadline.due}],
        )
        index_on_commit(obj)


def deadline_recompute(
    deadline: Deadline,
    *,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    now: dt.datetime | None = None,
    cause: str = "",
) -> Deadline:
    """Derive due date (and moment), suspension, extension, provisional flag and open/overdue
    status from the stored inputs, save, and bring the object's copy of the due date along.
    Met and cancelled deadlines keep their status."""
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
        start_at=deadline.start_at,
    )
    if deadline.due is not None and (result.due != deadline.due or result.due_at != deadline.due_at):
        # A new due date deserves new warnings (the dedupe keys include the date).
        deadline.due_soon_notified_at = None
        deadline.overdue_notified_at = None
    deadline.due = result.due
    deadline.due_at = result.due_at
    deadline.suspended_days = result.suspended_days
    deadline.suspended_since = result.suspended_since
    deadline.extended_to = result.extended_to
    deadline.provisional = result.provisional
    if deadline.status in DERIVED:
        if result.due_at is not None:
            lapsed = result.due_at < (now or timezone.now())
        else:
            lapsed = result.due < today and result.suspended_since is None
        deadline.status = (Status.LAPSED if deadline.party_period else Status.OVERDUE) if lapsed else Status.OPEN
    deadline.save()
    _mirror(deadline, cause=cause)
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
    mirror: str = "",
    mirror_on=None,
    party_period: bool = False,
) -> Deadline:
    """Start a legal time limit on `obj` (any saved model instance). An hour limit
    (Rule.HOURS) starts at a moment: `start` is then a datetime. A `party_period` is the
    party's own period (statement, review, lawsuit): it lapses instead of becoming overdue.

    `mirror` names a date field of `mirror_on` (default `obj`) that keeps a copy of the due
    date (e.g. the case's statement_due): the engine writes it now and whenever the due date
    moves, so it never goes stale."""
    if obj is None or getattr(obj, "pk", None) is None:
        raise ValueError("deadline_open needs a saved object")
    target = obj if mirror_on is None else mirror_on
    if mirror and (target.pk is None or target._meta.get_field(mirror).get_internal_type() != "DateField"):
        raise ValueError(f"{type(target).__name__}.{mirror} is not a date field of a saved object")
    errors: dict = {}
    kind = _clean_text(kind, "kind", errors, "请填写期限类型。")
    label = _clean_text(label, "label", errors, "请填写期限名称。")
    rule = _clean_rule(rule, "rule", errors)
    start_at = None
    if rule == Rule.HOURS:
        start_at = _clean_moment(start, "start", errors)
        start = timezone.localdate(start_at) if start_at else None
    else:
        start = _clean_date(start, "start", errors)
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
            start_at=start_at,
            rule=rule,
            amount=amount,
            responsible=responsible,
            party_period=party_period,
            mirror_field=mirror,
            mirror_type=ContentType.objects.get_for_model(target) if mirror and target is not obj else None,
            mirror_id=target.pk if mirror and target is not obj else None,
        )
        deadline_recompute(deadline)
    if mirror:
        setattr(target, mirror, deadline.due)
    return deadline


def deadline_suspend(deadline: Deadline, *, start, reason: str, actor) -> Deadline:
    """Stop the clock from `start` (inclusive) until deadline_resume."""
    errors: dict = {}
    start = _clean_date(start, "start", errors)
    reason = _clean_text(reason, "reason", errors, "请填写中止理由。")
    _raise(errors)
    with transaction.atomic():
        locked = _lock(deadline)
        _require_active(locked, "中止")
        if locked.in_hours:
            raise Invalid(errors={"non_field_errors": ["以小时计算的期限不能中止。"]})
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
    if rule is not None and (rule == Rule.HOURS) != deadline.in_hours:
        message = "以小时计算的期限只能按小时延长。" if deadline.in_hours else "按日、月计算的期限不能按小时延长。"
        errors["rule"] = [message]
        rule = None
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


def _met_moment(on, errors: dict) -> dt.datetime | None:
    """When an hour limit was met. A bare date means "by the end of that day" (now, for today)."""
    now = timezone.now()
    if on is None:
        return now
    if isinstance(on, dt.date) and not isinstance(on, dt.datetime):
        if on == _today():
            return now
        end_of_day = dt.datetime.combine(on, dt.time(23, 59, 59))
        return min(timezone.make_aware(end_of_day), now)
    return _clean_moment(on, "on", errors)


def _mark_met_hours(locked: Deadline, on, errors: dict) -> None:
    moment = _met_moment(on, errors)
    _raise(errors)
    if moment < locked.start_at:
        errors["on"] = [f"完成时间不能早于起算时间（{timezone.localtime(locked.start_at):%Y-%m-%d %H:%M}）。"]
    elif moment > timezone.now():
        errors["on"] = ["完成时间不能晚于现在。"]
    _raise(errors)
    locked.met_at = timezone.localdate(moment)
    locked.met_time = moment


def deadline_mark_met(deadline: Deadline, *, on=None) -> Deadline:
    """The act the limit required was done on `on` (default today; for an hour limit a moment,
    default now). Repeating it is a no-op."""
    errors: dict = {}
    with transaction.atomic():
        locked = _lock(deadline)
        if locked.status == Status.MET:
            return _handed_back(deadline, locked)
        if locked.status != Status.LAPSED:  # a party's act within its period, recorded after it ran out
            _require_active(locked, "标记完成")
        if locked.in_hours:
            _mark_met_hours(locked, on, errors)
        else:
            on = _today() if on is None else _clean_date(on, "on", errors)
            _raise(errors)
            if on < locked.start:
                errors["on"] = [f"完成日期不能早于起算日（{locked.start:%Y-%m-%d}）。"]
            elif on > _today():
                errors["on"] = ["完成日期不能晚于今天。"]
            _raise(errors)
            locked.met_at = on
        locked.status = Status.MET
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


def _clean_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise Invalid(errors={"year": ["年份必须是整数。"]})
    if not FIRST_SUPPORTED_DATE.year <= year <= LAST_SUPPORTED_DATE.year:
        raise Invalid(errors={"year": [f"年份须在 {FIRST_SUPPORTED_DATE.year} 至 {LAST_SUPPORTED_DATE.year} 之间。"]})
    return year


def _recompute_years(years, *, cause: str) -> tuple[int, list]:
    """Recompute every deadline whose counting may touch one of `years`; returns how many, and
    the active ones whose due date moved with their old due text."""
    calendar = WorkCalendar()
    touches = Q()
    for year in years:
        touches |= Q(start__lte=dt.date(year, 12, 31), due__gte=dt.date(year, 1, 1))
    queryset = (
        Deadline.objects.exclude(status=Status.CANCELLED)
        .filter(touches)
        .select_related("content_type", "responsible")
        .prefetch_related("suspensions", "extensions")
    )
    count, moved, shifted = 0, [], []
    with transaction.atomic():
        for deadline in queryset:
            old_due, old_text = deadline.due, deadline.due_text
            deadline_recompute(deadline, calendar=calendar, cause=cause)
            count += 1
            if deadline.due != old_due:
                shifted.append(deadline)
                if deadline.is_active:
                    moved.append((deadline, old_text))
        # Limits counted from these ends move once all are recomputed (their rows above are stale).
        for deadline in shifted:
            for _receiver, followers in deadline_due_moved.send(sender=Deadline, deadline=deadline, cause=cause):
                moved.extend(followers or [])
    return count, moved


def deadlines_recompute_for_year(year: int) -> int:
    """Recompute every deadline whose counting may touch `year` (after the year's calendar
    changed). Returns how many were recomputed."""
    return _recompute_years([_clean_year(year)], cause="日历变更")[0]


def _notify_moved(deadline: Deadline, old_text: str, cause: str) -> None:
    """The handlers learn that a limit they answer for now ends on another day."""
    still = "（仍为暂定）" if deadline.provisional else ""
    for recipient in deadline_handlers(deadline):
        notification_create(
            recipient=recipient,
            title=f"期限届满日变更：{deadline.label}",
            body=(
                f"{deadline_object_label(deadline)}：{deadline.label}的届满日由 {old_text} 改为 "
                f"{deadline.due_text}{still}。原因：{cause}。已送达的文书载明暂定日期的，请告知当事人。"
            ),
            url=deadline_object_url(deadline) or "",
            level=Notification.Level.WARNING,
            dedupe_key=f"deadline:{deadline.pk}:moved:{deadline.due:%Y%m%d}",
        )


def calendar_changed(years, *, cause: str = "日历变更") -> int:
    """The calendar of these years changed (a notice entered or corrected, a day overridden):
    drop cached years, recompute the deadlines touching them and the objects' copies of their
    due dates, and tell the handlers of every open limit that moved. Returns how many
    deadlines were recomputed."""
    years = sorted({_clean_year(year) for year in years})
    invalidate_calendar_cache()
    if not years:
        return 0
    count, moved = _recompute_years(years, cause=cause)
    for deadline, old_text in moved:
        _notify_moved(deadline, old_text, cause)
    return count
