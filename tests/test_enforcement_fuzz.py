"""No input to the enforcement endpoints produces a 500, sent by the bureau's own staff (the
platform-wide sweep runs as branch-centre staff, who are turned away before any validation)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken

from casemgmt.wsgi import application

from .enforcement_factories import advance, bureau, penalty_case_until
from .factories import CITY

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(
    path_regex=r"^/api/(enforcement-cases|penalty-decisions)/"
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def head_token(db):
    city = bureau(CITY)
    case = penalty_case_until("decide", city)
    advance(case, city, "serve", "start_execution")  # a decision that takes payments
    return AuthToken.objects.create(user=city.head)[1]


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_no_request_to_the_enforcement_api_makes_the_server_fail(case, head_token):
    response = case.call(headers={"Authorization": f"Token {head_token}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
