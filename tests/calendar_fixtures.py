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
