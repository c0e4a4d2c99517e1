"""The reporting period of the dashboard and of its links: a year ("2026"), a quarter
("2026-Q2") or a month ("2026-05"), written the same way in the dashboard's selector and in the
query string of every number's link, so the list behind a number reads the same period."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

FIRST_YEAR = 2000
LAST_YEAR = 2100
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class Period:
    key: str  # as written in the query string
    label: str  # as people read it
    first: dt.date  # first day, inclusive
    end: dt.date  # day after the last, exclusive

    @property
    def last(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def start_moment(self) -> dt.datetime:
        """Midnight of the first day, local time (the creation and history times are moments)."""
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time.min))

    @property
    def end_moment(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    def moments(self, field: str) -> dict:
        """Lookups keeping a date-time field inside the period."""
        return {f"{field}__gte": self.start_moment, f"{field}__lt": self.end_moment}

    def dates(self, field: str) -> dict:
        """Lookups keeping a date field inside the period."""
        return {f"{field}__gte": self.first, f"{field}__lt": self.end}


def year(value: int) -> Period:
    return Period(str(value), f"{value}年", dt.date(value, 1, 1), dt.date(value + 1, 1, 1))


def quarter(value: int, number: int) -> Period:
    first = dt.date(value, 3 * number - 2, 1)
    end = dt.date(value + 1, 1, 1) if number == 4 else dt.date(value, 3 * number + 1, 1)
    return Period(f"{value}-Q{number}", f"{value}年第{number}季度", first, end)


def month(value: int, number: int) -> Period:
    first = dt.date(value, number, 1)
    end = dt.date(value + 1, 1, 1) if number == 12 else dt.date(value, number + 1, 1)
    return Period(f"{value}-{number:02d}", f"{value}年{number}月", first, end)


def parse_period(text: str | None) -> Period | None:
    """The period a query string names, or None when it names none (or nothing valid)."""
    match = _PATTERN.match((text or "").strip())
    if match is None:
        return None
    value = int(match["year"])
    if not FIRST_YEAR <= value <= LAST_YEAR:
        return None
    if match["quarter"]:
        return quarter(value, int(match["quarter"]))
    if match["month"]:
        return month(value, int(match["month"]))
    return year(value)


def this_year(today: dt.date | None = None) -> Period:
    return year((today or timezone.localdate()).year)


def period_choices(today: dt.date | None = None, years: int = 5) -> list[tuple[str, list[Period]]]:
    """The selector's options, newest year first: each year, then its quarters and months."""
    today = today or timezone.localdate()
    groups = []
    for value in range(today.year, today.year - years, -1):
        options = [year(value)]
        options += [quarter(value, n) for n in range(1, 5) if quarter(value, n).first <= today]
        options += [month(value, n) for n in range(1, 13) if month(value, n).first <= today]
        groups.append((f"{value}年", options))
    return groups
