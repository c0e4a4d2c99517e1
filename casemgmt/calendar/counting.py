"""Day counting for legal limits (DOMAIN §7). Pure: dates in, dates out (moments in and out
for limits in hours).

- The start day is not counted.
- Working-day limits count N working days after the start day.
- Calendar-day limits end N days after the start day, month limits N months after it
  (a month-end start clamps to the shorter month's last day); either one ending on a
  rest day moves to the next working day.
- Suspended days are not counted: calendar-day and month limits move by the suspended
  calendar days, working-day limits by the suspended working days.
- An extension runs on from the due date it extends, under its own rule.
- Hour limits ("24 小时内") run from a moment to a moment: never moved off rest days, never
  suspended; an extension adds hours.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone

from .workdays import WorkCalendar

ONE_DAY = dt.timedelta(days=1)

# Dates outside this window are refused as input; it keeps every sum far from date.max.
FIRST_SUPPORTED_DATE = dt.date(1990, 1, 1)
LAST_SUPPORTED_DATE = dt.date(2100, 12, 31)


class Rule(models.TextChoices):
    WORKING_DAYS = "working_days", "工作日"
    CALENDAR_DAYS = "calendar_days", "自然日"
    MONTHS = "months", "月"
    HOURS = "hours", "小时"


# Ten years in any unit: longer than every statutory limit, short enough to count quickly.
MAX_AMOUNT = {Rule.WORKING_DAYS: 3650, Rule.CALENDAR_DAYS: 3650, Rule.MONTHS: 120, Rule.HOURS: 24 * 3650}


@dataclass(frozen=True)
class SkippedDay:
    date: dt.date
    name: str


@dataclass(frozen=True)
class DueDate:
    start: dt.date
    rule: str
    amount: int
    due: dt.date
    provisional: bool
    # Rest days passed over: while counting working days, or when a calendar-day/month
    # limit ending on a rest day moved to the next working day.
    skipped: tuple[SkippedDay, ...]


@dataclass(frozen=True)
class Period:
    """A suspension: both ends inclusive; `end` None means still running."""

    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Extension:
    amount: int
    rule: str


@dataclass(frozen=True)
class Schedule:
    due: dt.date  # the effective due date, after suspensions and extensions
    base_due: dt.date  # after suspensions, before extensions
    suspended_days: int  # in the limit's own unit: working days for WD limits, else calendar days
    extended_to: dt.date | None
    provisional: bool
    suspended_since: dt.date | None  # start of the suspension running today, if any
    due_at: dt.datetime | None = None  # the moment an hour limit runs out


def _skip(status) -> SkippedDay:
    return SkippedDay(date=status.date, name=status.name)


def _roll_to_workday(day: dt.date, calendar: WorkCalendar) -> tuple[dt.date, list[SkippedDay]]:
    skipped = []
    status = calendar.day(day)
    while not status.is_workday:
        skipped.append(_skip(status))
        status = calendar.day(status.date + ONE_DAY)
    return status.date, skipped


def _limit_end(start: dt.date, rule: str, amount: int, extra_days: int, calendar: WorkCalendar) -> DueDate:
    """The end of a limit of `amount` (rule units) plus `extra_days` (same unit, or calendar
    days for month limits) counted from the day after `start`."""
    if rule == Rule.WORKING_DAYS:
        remaining = amount + extra_days
        day = start
        skipped = []
        while remaining > 0:
            day += ONE_DAY
            status = calendar.day(day)
            if status.is_workday:
                remaining -= 1
            else:
                skipped.append(_skip(status))
        return DueDate(start, rule, amount, day, calendar.any_provisional(start + ONE_DAY, day), tuple(skipped))
    if rule == Rule.CALENDAR_DAYS:
        raw = start + dt.timedelta(days=amount + extra_days)
    elif rule == Rule.MONTHS:
        raw = start + relativedelta(months=amount) + dt.timedelta(days=extra_days)
    elif rule == Rule.HOURS:
        raise ValueError("an hour limit runs from a moment: use compute_due_at")
    else:
        raise ValueError(f"unknown rule {rule!r}")
    due, skipped = _roll_to_workday(raw, calendar)
    return DueDate(start, rule, amount, due, calendar.any_provisional(raw, due), tuple(skipped))


def _check(start: dt.date, rule: str, amount: int) -> None:
    if rule not in Rule.values:
        raise ValueError(f"unknown rule {rule!r}")
    if not 0 <= amount <= MAX_AMOUNT[rule]:
        raise ValueError(f"amount {amount} out of range for {rule}")
    if not FIRST_SUPPORTED_DATE <= start <= LAST_SUPPORTED_DATE:
        raise ValueError(f"start {start} outside the supported range")


def compute_due(start: dt.date, rule: str, amount: int, *, calendar: WorkCalendar | None = None) -> DueDate:
    """The due date of a limit of `amount` units under `rule`, starting (uncounted) on `start`."""
    _check(start, rule, amount)
    return _limit_end(start, rule, amount, 0, calendar or WorkCalendar())


def compute_due_at(start_at: dt.datetime, hours: int) -> dt.datetime:
    """The moment a limit of `hours` hours starting at `start_at` runs out. Rest days do not
    matter: "24 小时内" ends 24 hours later, on a Saturday as on a Monday."""
    if not isinstance(start_at, dt.datetime) or timezone.is_naive(start_at):
        raise ValueError("an hour limit needs an aware start moment")
    _check(timezone.localdate(start_at), Rule.HOURS, hours)
    return start_at + dt.timedelta(hours=hours)


def _hour_schedule(start_at, amount, suspensions, extensions) -> Schedule:
    if suspensions:
        raise ValueError("an hour limit cannot be suspended")
    base = compute_due_at(start_at, amount)
    due_at = base
    for extension in extensions:
        if extension.rule != Rule.HOURS:
            raise ValueError("an hour limit is extended in hours")
        due_at = due_at + dt.timedelta(hours=extension.amount)
    return Schedule(
        due=timezone.localdate(due_at),
        base_due=timezone.localdate(base),
        suspended_days=0,
        extended_to=timezone.localdate(due_at) if extensions else None,
        provisional=False,
        suspended_since=None,
        due_at=due_at,
    )


def count_working_days(first: dt.date, last: dt.date, calendar: WorkCalendar) -> int:
    """Working days in [first, last], both inclusive."""
    count = 0
    day = first
    while day <= last:
        count += calendar.is_workday(day)
        day += ONE_DAY
    return count


def schedule(
    *,
    start: dt.date,
    rule: str,
    amount: int,
    suspensions: Sequence[Period] = (),
    extensions: Sequence[Extension] = (),
    today: dt.date,
    calendar: WorkCalendar | None = None,
    start_at: dt.datetime | None = None,
) -> Schedule:
    """Everything a stored deadline derives from its inputs; `today` closes a running suspension.
    An hour limit counts from `start_at` (its `start` is that moment's local date)."""
    if rule == Rule.HOURS:
        return _hour_schedule(start_at, amount, suspensions, extensions)
    _check(start, rule, amount)
    calendar = calendar or WorkCalendar()
    provisional = False
    suspended = 0
    suspended_since = None
    for period in suspensions:
        last = period.end if period.end is not None else today
        if period.start <= today and (period.end is None or today <= period.end):
            suspended_since = period.start
        # The start day of the limit is never counted, so it cannot be suspended either.
        first = max(period.start, start + ONE_DAY)
        if first > last:
            continue
        if rule == Rule.WORKING_DAYS:
            suspended += count_working_days(first, last, calendar)
            provisional = provisional or calendar.any_provisional(first, last)
        else:
            suspended += (last - first).days + 1

    base = _limit_end(start, rule, amount, suspended, calendar)
    provisional = provisional or base.provisional
    due = base.due
    for extension in extensions:
        extended = _limit_end(due, extension.rule, extension.amount, 0, calendar)
        provisional = provisional or extended.provisional
        due = extended.due
    return Schedule(
        due=due,
        base_due=base.due,
        suspended_days=suspended,
        extended_to=due if extensions else None,
        provisional=provisional,
        suspended_since=suspended_since,
    )
