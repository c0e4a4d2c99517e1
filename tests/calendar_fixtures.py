"""Fixtures shared by the calendar and deadline tests (import them into the test module)."""

import datetime as dt

import pytest
from django.core.cache import cache

from casemgmt.calendar.workdays import invalidate_calendar_cache


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Cached calendar years outlive each test's rolled-back rows; start and end clean."""
    invalidate_calendar_cache()
    yield
    cache.clear()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def notice_form(year: int, *, number: str, issued_on: str, holidays=(), workdays=(), note: str = "") -> dict:
    """POST data of the admin page of a year's holiday notice (the notice and both inline tables).
    holidays: (name, first, last) rows; workdays: (date, name) rows."""
    data = {"year": str(year), "number": number, "issued_on": issued_on, "note": note}
    for prefix, rows, fields in (
        ("holidays", holidays, ("name", "first", "last")),
        ("workdays", workdays, ("date", "name")),
    ):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{field}": value for field, value in zip(fields, row, strict=True)}
    return data


# A made-up notice for 2027 (the real one is not out yet): test data only.
NOTICE_2027_HOLIDAYS = [
    ("元旦", "2027-01-01", "2027-01-03"),
    ("春节", "2027-02-05", "2027-02-13"),
    ("清明节", "2027-04-03", "2027-04-05"),
    ("劳动节", "2027-05-01", "2027-05-05"),
    ("端午节", "2027-06-09", "2027-06-09"),
    ("中秋节", "2027-09-15", "2027-09-15"),
    ("国庆节", "2027-10-01", "2027-10-07"),
]
NOTICE_2027_WORKDAYS = [
    ("2027-02-20", "春节调休上班"),
    ("2027-04-25", "劳动节调休上班"),
    ("2027-09-26", "国庆节调休上班"),
    ("2027-10-09", "国庆节调休上班"),
]
