"""The API answers in its own schema: Schemathesis generates requests for every operation of the
OpenAPI document, sends them as centre staff over a world with data of every kind, and checks
that no answer is a 5xx, every status code is documented and every body matches its schema."""

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casemgmt.org.models import User
from casemgmt.wsgi import application

# Sweeps of the whole HTTP surface run once, in the PostgreSQL stage of `make test`.
pytestmark = pytest.mark.surface

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 7  # per operation: ~1,200 requests in all, about two minutes
MINIMUM_REQUESTS = 1000


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly fires request signals whose close_old_connections would close
    the test transaction's connection; Django's own test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_answer_matches_the_schema():
    """Over the demo data, as the administrator (staff, sees the whole city): every operation gets
    its generated requests; no 5xx, no undocumented status or content type, no body outside its
    schema; at least MINIMUM_REQUESTS requests in all."""
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(username="admin")
    sent = 0
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def send(case):
            nonlocal sent
            sent += 1
            # A fresh token each time: the logout operations revoke the one they are sent with.
            token = AuthToken.objects.create(user=user)[1]
            case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

        try:
            send()
        except (AssertionError, FailureGroup) as failure:  # every operation's failures are reported together
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
    assert sent >= MINIMUM_REQUESTS, f"only {sent} requests were generated"
