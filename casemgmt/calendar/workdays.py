"""Which dates are working days, and whether that answer is settled.

Sources, strongest first:
1. an administrator's CalendarDay row (a single-day correction);
2. the State Council's notice for the year as an administrator entered it (HolidayNotice: its
   holidays and make-up working days; a notice may reach into the December before its year);
3. the `chinesecalendar` package, then the `holidays` package, for the years whose notice they carry;
4. otherwise the statutory holidays of 全国年节及纪念日放假办法 (2024), which are rest days in
   every year (元旦, 春节 除夕–初三, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3; lunar dates from
   `holidays`), on top of the Monday–Friday week. Such a year is *provisional*: its make-up days
   and bridging days are unknown until the notice is entered.
The statutory holidays are rest days under every source but a CalendarDay row.

Deadline arithmetic asks about thousands of dates, so each year is built once into a
YearTable and kept in the Django cache. Any change to the calendar tables replaces the
cache generation token, which orphans every cached year at once (also across processes
when the cache is shared, e.g. Redis).
"""

import datetime as dt
from dataclasses import dataclass
from uuid import uuid4

import chinese_calendar
import holidays
from chinese_calendar.constants import Holiday
from django.core.cache import cache
from holidays.countries.china import ChinaStaticHolidays

REST_DAY = "休息日"
MAKE_UP_SUFFIX = "调休上班"

_GENERATION_KEY = "casemgmt:calendar:generation"
_YEAR_KEY = "casemgmt:calendar:{generation}:{year}"
_YEAR_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class DayStatus:
    date: dt.date
    is_workday: bool
    name: str  # holiday / make-up day name, REST_DAY for a plain weekend, "" for a plain working day
    provisional: bool


@dataclass(frozen=True)
class YearTable:
    year: int
    provisional: bool
    # Only the dates that differ from a plain Monday–Friday week or carry a name:
    # date -> (is_workday, name). Keeps the cached object small.
    special: dict

    def lookup(self, day: dt.date) -> tuple[bool, str]:
        found = self.special.get(day)
        if found is not None:
            return found
        return (True, "") if day.weekday() < 5 else (False, REST_DAY)


def package_knows_year(year: int) -> bool:
    """Whether the installed chinesecalendar carries this year's holiday notice."""
    try:
        chinese_calendar.get_holiday_detail(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def holidays_knows_year(year: int) -> bool:
    """Whether the installed `holidays` package carries this year's notice (its make-up days)."""
    return year in getattr(ChinaStaticHolidays, "special_public_holidays", {})


def notice_known_to_packages(year: int) -> bool:
    return package_knows_year(year) or holidays_knows_year(year)


# The packages abbreviate some festival names; staff expect the usual full form. The 2024
# 办法 counts 除夕 as the first day of 春节.
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节", "农历除夕": "春节"}


# The festivals of 全国年节及纪念日放假办法 as `holidays` names them (zh_CN). Anything else it
# returns (调休 days off, one-off holidays) comes from a past notice, not from the 办法.
_STATUTORY_NAMES = frozenset({"元旦", "农历除夕", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"})


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The rest days the law fixes for `year` whatever the notice says: date -> festival name
    (two names joined when festivals coincide, e.g. 中秋节、国庆节 on 2028-10-03)."""
    table = holidays.China(years=year, observed=False, language="zh_CN")
    found = {}
    for day, name in sorted(table.items()):
        parts = [part.strip() for part in name.split(";")]
        if day.year == year and all(part in _STATUTORY_NAMES for part in parts):
            found[day] = "、".join(dict.fromkeys(_FULL_NAMES.get(part, part) for part in parts))
    return found


def _chinese_name(package_name: str) -> str:
    try:
        short = Holiday(package_name).chinese
    except ValueError:
        return package_name
    return _FULL_NAMES.get(short, short)


def _dates_of(year: int):
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


def default_name(day: dt.date, is_workday: bool) -> str:
    if not is_workday:
        return REST_DAY
    return MAKE_UP_SUFFIX if day.weekday() >= 5 else ""


def _from_chinesecalendar(year: int, special: dict) -> None:
    for day in _dates_of(year):
        is_holiday, package_name = chinese_calendar.get_holiday_detail(day)
        if package_name:
            name = _chinese_name(package_name)
            special[day] = (False, name) if is_holiday else (True, f"{name}{MAKE_UP_SUFFIX}")
        elif is_holiday != (day.weekday() >= 5):
            special[day] = (not is_holiday, default_name(day, not is_holiday))


def _from_holidays(year: int, special: dict) -> None:
    table = holidays.China(years=year, language="zh_CN")
    for day, name in table.items():
        if day.year == year:
            special[day] = (False, _FULL_NAMES.get(name, name))
    for day in table.weekend_workdays:
        if day.year == year:
            special[day] = (True, MAKE_UP_SUFFIX)


def _from_notices(year: int, special: dict) -> None:
    from .models import NoticeHoliday, NoticeWorkday

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for row in NoticeHoliday.objects.filter(first__lte=last, last__gte=first):
        day = max(row.first, first)
        while day <= min(row.last, last):
            special[day] = (False, row.name)
            day += dt.timedelta(days=1)
    for row in NoticeWorkday.objects.filter(date__gte=first, date__lte=last):
        special[row.date] = (True, row.name or MAKE_UP_SUFFIX)


def build_year(year: int) -> YearTable:
    from .models import CalendarDay, HolidayNotice

    special: dict = {day: (False, name) for day, name in statutory_holidays(year).items()}
    entered = HolidayNotice.objects.filter(year=year).exists()
    if not entered and package_knows_year(year):
        _from_chinesecalendar(year, special)
    elif not entered and holidays_knows_year(year):
        _from_holidays(year, special)
    # Rows of this year's notice, and of next year's where it reaches back into December.
    _from_notices(year, special)
    overrides = CalendarDay.objects.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    for row in overrides:
        special[row.date] = (row.is_workday, row.name or default_name(row.date, row.is_workday))
    settled = entered or notice_known_to_packages(year)
    return YearTable(year=year, provisional=not settled, special=special)


def _generation() -> str:
    token = cache.get(_GENERATION_KEY)
    if token is None:
        token = uuid4().hex
        if not cache.add(_GENERATION_KEY, token, timeout=None):
            token = cache.get(_GENERATION_KEY) or token
    return token


def invalidate_calendar_cache() -> None:
    """Forget every cached year (called whenever a CalendarDay or a notice's rows change)."""
    cache.set(_GENERATION_KEY, uuid4().hex, timeout=None)


class WorkCalendar:
    """Answers day questions for one computation; fetches each year from the cache at most once.

    Create a fresh instance per request or batch so a calendar change made meanwhile is seen.
    """

    def __init__(self) -> None:
        self._years: dict[int, YearTable] = {}
        self._generation: str | None = None

    def year(self, year: int) -> YearTable:
        table = self._years.get(year)
        if table is None:
            if self._generation is None:
                self._generation = _generation()
            key = _YEAR_KEY.format(generation=self._generation, year=year)
            table = cache.get(key)
            if table is None:
                table = build_year(year)
                cache.set(key, table, timeout=_YEAR_TTL_SECONDS)
            self._years[year] = table
        return table

    def day(self, day: dt.date) -> DayStatus:
        table = self.year(day.year)
        is_workday, name = table.lookup(day)
        return DayStatus(date=day, is_workday=is_workday, name=name, provisional=table.provisional)

    def is_workday(self, day: dt.date) -> bool:
        return self.year(day.year).lookup(day)[0]

    def is_provisional(self, year: int) -> bool:
        return self.year(year).provisional

    def any_provisional(self, first: dt.date, last: dt.date) -> bool:
        return any(self.is_provisional(year) for year in range(first.year, last.year + 1))

    def days_of_year(self, year: int) -> list[DayStatus]:
        table = self.year(year)
        return [DayStatus(day, *table.lookup(day), table.provisional) for day in _dates_of(year)]


def day_status(day: dt.date) -> DayStatus:
    return WorkCalendar().day(day)


def is_workday(day: dt.date) -> bool:
    return WorkCalendar().is_workday(day)
