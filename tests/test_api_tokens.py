"""API tokens (issue 13, item 7): an anonymous caller is told to authenticate (401 with
WWW-Authenticate: Token), tokens expire (API_TOKEN_HOURS for staff, PARTNER_API_TOKEN_HOURS for
partner agencies) and stop working when their holder signs out of the API or of the staff UI."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from casemgmt.org.models import Role

from .factories import CITY, UserFactory, jurisdiction

pytestmark = pytest.mark.django_db
STAFF_API = "/api/assistance-requests/"
PARTNER_API = "/api/partner/credit-list/"


@pytest.fixture
def clerk():
    return UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))


@pytest.fixture
def partner():
    return UserFactory(role=Role.PARTNER, jurisdiction=jurisdiction(CITY))


def sign_in(user) -> dict:
    answer = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": settings.DEMO_PASSWORD}, format="json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def hours_until(expiry: str) -> float:
    return (dt.datetime.fromisoformat(expiry) - timezone.now()).total_seconds() / 3600


def test_an_anonymous_caller_is_asked_to_authenticate_with_a_token():
    for path in (STAFF_API, "/api/parties/", "/api/search/?q=x", PARTNER_API + "?name=x"):
        response = APIClient().get(path)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"] == "Token", path


def test_a_wrong_or_garbled_token_is_a_401():
    assert with_token("0" * 64).get(STAFF_API).status_code == 401
    garbled = APIClient().get(STAFF_API, HTTP_AUTHORIZATION="Token \xff\xfe")
    assert garbled.status_code == 401
    assert APIClient().get(STAFF_API, HTTP_AUTHORIZATION="Token").status_code == 401


def test_a_staff_token_lasts_a_working_day_and_is_stored_only_as_a_hash(clerk):
    answer = sign_in(clerk)
    assert set(answer) == {"token", "expiry"}
    assert settings.API_TOKEN_HOURS == 10
    assert settings.API_TOKEN_HOURS - 0.1 < hours_until(answer["expiry"]) <= settings.API_TOKEN_HOURS
    stored = AuthToken.objects.get(user=clerk)
    assert answer["token"] not in (stored.digest, stored.token_key)
    assert with_token(answer["token"]).get(STAFF_API).status_code == 200


def test_a_partner_token_lasts_a_day_and_opens_the_partner_api(partner):
    answer = sign_in(partner)
    assert settings.PARTNER_API_TOKEN_HOURS - 0.1 < hours_until(answer["expiry"]) <= settings.PARTNER_API_TOKEN_HOURS
    assert with_token(answer["token"]).get(PARTNER_API, {"name": "x"}).status_code == 200


def test_an_expired_token_no_longer_opens_anything(clerk, partner):
    staff, agency = sign_in(clerk)["token"], sign_in(partner)["token"]
    AuthToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert with_token(staff).get(STAFF_API).status_code == 401
    assert with_token(agency).get(PARTNER_API, {"name": "x"}).status_code == 401
    assert not AuthToken.objects.exists()  # expired tokens are removed when presented


def test_logging_out_of_the_api_revokes_the_token_presented_only(clerk):
    laptop, phone = sign_in(clerk)["token"], sign_in(clerk)["token"]
    assert with_token(laptop).post("/api/auth/logout/").status_code == 204
    assert with_token(laptop).get(STAFF_API).status_code == 401
    assert with_token(phone).get(STAFF_API).status_code == 200


def test_logging_out_everywhere_revokes_every_token_of_the_user(clerk):
    other = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    laptop, phone, theirs = sign_in(clerk)["token"], sign_in(clerk)["token"], sign_in(other)["token"]
    assert with_token(phone).post("/api/auth/logout-all/").status_code == 204
    assert with_token(laptop).get(STAFF_API).status_code == 401
    assert with_token(theirs).get(STAFF_API).status_code == 200


def test_logging_out_needs_a_token():
    assert APIClient().post("/api/auth/logout/").status_code == 401
    assert APIClient().post("/api/auth/logout-all/").status_code == 401


def test_signing_out_of_the_staff_ui_revokes_the_users_api_tokens(clerk):
    token = sign_in(clerk)["token"]
    browser = Client()
    browser.force_login(clerk)
    assert browser.post("/logout/").status_code == 302
    assert with_token(token).get(STAFF_API).status_code == 401


def test_the_token_endpoint_checks_its_input(clerk):
    missing = APIClient().post("/api/auth/token/", {"username": clerk.username}, format="json")
    assert missing.status_code == 400 and "password" in missing.json()["errors"]
    wrong = APIClient().post("/api/auth/token/", {"username": clerk.username, "password": "x"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["errors"]["non_field_errors"]
    clerk.is_active = False
    clerk.save()
    inactive = APIClient().post(
        "/api/auth/token/", {"username": clerk.username, "password": settings.DEMO_PASSWORD}, format="json"
    )
    assert inactive.status_code == 400 and not AuthToken.objects.exists()
