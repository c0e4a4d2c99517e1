"""No input produces a 500: Schemathesis generates requests (valid and invalid) for every operation
of the OpenAPI document and sends them, authenticated, to the application in-process."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from casemgmt.org.models import Role
from casemgmt.wsgi import application

from .factories import assistance_request

# The schema is read from the application itself, so every route the code declares is covered.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def token(make_user):
    user = make_user(Role.CENTRE_HEAD)
    assistance_request()  # something to find, transition and export
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_no_request_makes_the_server_fail(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
