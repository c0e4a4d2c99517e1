"""No input produces a 500: Schemathesis generates requests (valid and invalid) for every operation
of the OpenAPI document and sends them, authenticated, to the application in-process."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken

from casemgmt.org.models import Role
from casemgmt.wsgi import application

from .factories import assistance_request

# Sweeps of the whole HTTP surface run once, in the PostgreSQL stage of `make test`.
pytestmark = pytest.mark.surface

# The schema is read from the application itself, so every route the code declares is covered.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly fires request signals whose close_old_connections would close
    the test transaction's connection (only in-memory SQLite survives that); Django's own test
    client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_user):
    user = make_user(Role.CENTRE_HEAD)
    assistance_request()  # something to find, transition and export
    return AuthToken.objects.create(user=user)[1]


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_no_request_makes_the_server_fail(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
