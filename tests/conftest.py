import datetime as dt
import os

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from casemgmt.org.models import Role

from .factories import CITY, ZEZHOU, UserFactory

# Real services (PostgreSQL, Redis, a Celery worker) and the skip-locally / fail-in-CI rule; the
# private servers the fault tests stop and kill.
pytest_plugins = ["tests.services", "tests.faults"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s per user; tests create many users and do not test hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _document_render_cache(tmp_path_factory):
    """The demo world is built in many modules with the same documents: each distinct document is
    laid out once per run, in a folder the xdist workers share (casemgmt.documents.render_cache)."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    with override_settings(DOCUMENT_RENDER_CACHE_DIR=str(shared / "document-render-cache")):
        yield


@pytest.fixture(scope="session")
def _search_index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("search-index")


@pytest.fixture(autouse=True)
def _search_index_in_tmp(settings, _search_index_dir):
    """The embedded backend's packed index files go to a temporary folder, never to var/."""
    settings.SEARCH_EMBEDDED_INDEX_DIR = _search_index_dir


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters and cached calendar years must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An API client; `api.as_user(user)` authenticates it."""

    client = APIClient()

    def as_user(user):
        client.force_authenticate(user)
        return client

    client.as_user = as_user
    return client


@pytest.fixture
def make_user(db):
    def make(role=Role.INTAKE_CLERK, jurisdiction=CITY, **kwargs):
        from .factories import jurisdiction as j

        return UserFactory(role=role, jurisdiction=j(jurisdiction), **kwargs)

    return make


@pytest.fixture
def city_clerk(make_user):
    return make_user(Role.INTAKE_CLERK, CITY)


@pytest.fixture
def county_officer(make_user):
    return make_user(Role.OFFICER, ZEZHOU)


@pytest.fixture
def clock(monkeypatch):
    """`clock("2027-02-03 10:00")` makes Django's timezone.now() (so localdate()) report that
    local time: for steps that only accept dates up to today."""

    def set_to(text: str) -> dt.datetime:
        moment = timezone.make_aware(dt.datetime.fromisoformat(text))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to
