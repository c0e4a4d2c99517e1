"""Who is knocking, and how often (issue 13, item 2): the client's address is the socket's peer
unless a configured number of our own proxies vouch for X-Forwarded-For, so a caller who writes a
new X-Forwarded-For on every request is still one caller to the public rate limit and to the one
sign-in lockout that guards the login form, the admin login and the API token endpoint."""

import itertools

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from casemgmt.client_address import client_address
from casemgmt.org.models import Role
from creditlist.models import PartnerQueryLog

from .factories import CITY, UserFactory, jurisdiction

pytestmark = pytest.mark.django_db

LIMIT = settings.LOGIN_FAILURES_ALLOWED
_forged = (f"203.0.113.{n % 250 + 1}" for n in itertools.count())


def forged() -> str:
    """A new X-Forwarded-For for every request, as an attacker rotating "addresses" would send."""
    return f"{next(_forged)}, 198.51.100.{next(_forged).rsplit('.', 1)[1]}"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- the client's address --------------------------------------------------------------------------


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("192.0.2.7", "10.9.9.9")) == "192.0.2.7"
    assert client_address(request_from("192.0.2.7")) == "192.0.2.7"


def test_behind_trusted_proxies_the_entry_our_outermost_proxy_wrote_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "10.9.9.9"; our proxy appended the address it really saw.
    assert client_address(request_from("127.0.0.1", "10.9.9.9, 192.0.2.7")) == "192.0.2.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("127.0.0.1", "10.9.9.9, 192.0.2.7, 172.16.0.2")) == "192.0.2.7"
    # No header (a request that reached the application directly) or garbage: the peer.
    assert client_address(request_from("192.0.2.8")) == "192.0.2.8"
    assert client_address(request_from("192.0.2.8", "not-an-address, <script>")) == "192.0.2.8"


def test_drf_counts_the_same_number_of_proxies():
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT


# --- the public rate limit -------------------------------------------------------------------------


@pytest.fixture
def public_rate_2_per_minute(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_the_public_api_rate_limit_holds_whatever_x_forwarded_for_says(public_rate_2_per_minute):
    client = APIClient()
    statuses = [
        client.get("/api/public/penalty-decisions/", HTTP_X_FORWARDED_FOR=forged()).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


def test_the_public_pages_rate_limit_holds_whatever_x_forwarded_for_says(public_rate_2_per_minute):
    client = Client()
    statuses = [client.get("/public/credit-list/", HTTP_X_FORWARDED_FOR=forged()).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_two_visitors_are_counted_apart(public_rate_2_per_minute, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = APIClient(REMOTE_ADDR="127.0.0.1")
    first = [
        proxy.get("/api/public/penalty-decisions/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code for _ in range(3)
    ]
    second = proxy.get("/api/public/penalty-decisions/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code
    # The first visitor forging a left-hand entry is still the first visitor.
    forged_left = proxy.get("/api/public/penalty-decisions/", HTTP_X_FORWARDED_FOR="192.0.2.99, 192.0.2.1")
    assert first == [200, 200, 429] and second == 200 and forged_left.status_code == 429


# --- one lockout for every way in --------------------------------------------------------------------


@pytest.fixture
def clerk():
    return UserFactory(role=Role.INTAKE_CLERK, username="guessme", jurisdiction=jurisdiction(CITY))


@pytest.fixture
def admin_user():
    return UserFactory(role=Role.ADMINISTRATOR, username="root", is_staff=True, is_superuser=True)


def form_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=forged())


def admin_login(client, username, password):
    body = {"username": username, "password": password, "next": "/admin/"}
    return client.post("/admin/login/?next=/admin/", body, HTTP_X_FORWARDED_FOR=forged())


def token_login(client, username, password):
    body = {"username": username, "password": password}
    return client.post("/api/auth/token/", body, format="json", HTTP_X_FORWARDED_FOR=forged())


def test_the_login_form_locks_out_a_guesser_who_forges_a_new_address_each_time(clerk):
    client = Client()
    statuses = [form_login(client, "guessme", "wrong").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]
    refused = form_login(client, "guessme", settings.DEMO_PASSWORD)
    assert refused.status_code == 429 and "登录失败次数过多" in refused.content.decode()
    assert refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_MINUTES * 60)
    assert "_auth_user_id" not in client.session


def test_the_admin_login_locks_out_a_guesser_who_forges_a_new_address_each_time(admin_user):
    client = Client()
    statuses = [admin_login(client, "root", "wrong").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]
    refused = admin_login(client, "root", settings.DEMO_PASSWORD)
    assert refused.status_code == 429 and "登录失败次数过多" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_locks_out_with_a_json_error_whatever_x_forwarded_for_says(clerk, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "1000/min"},
    }
    client = APIClient()
    statuses = [token_login(client, "guessme", "wrong").status_code for _ in range(LIMIT)]
    assert statuses == [400] * (LIMIT - 1) + [429]
    refused = token_login(client, "guessme", settings.DEMO_PASSWORD)
    assert refused.status_code == 429 and refused["Content-Type"] == "application/json"
    assert refused.json() == {"errors": {"non_field_errors": [refused.json()["errors"]["non_field_errors"][0]]}}
    assert "登录失败次数过多" in refused.json()["errors"]["non_field_errors"][0]
    assert refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_MINUTES * 60)
    assert "token" not in refused.json()
    # Another account from the same address is not affected.
    other = UserFactory(role=Role.INTAKE_CLERK, username="honest", jurisdiction=jurisdiction(CITY))
    assert token_login(client, other.username, settings.DEMO_PASSWORD).status_code == 200


def test_failures_on_one_way_in_count_on_the_others(clerk):
    """The form, the admin and the API share one count per account name and address."""
    web, api = Client(), APIClient()
    for attempt in range(LIMIT - 1):
        login = (form_login, admin_login)[attempt % 2]
        assert login(web, "guessme", "wrong").status_code == 200
    assert token_login(api, "guessme", "wrong").status_code == 429
    assert token_login(api, "guessme", settings.DEMO_PASSWORD).status_code == 429
    assert form_login(web, "guessme", settings.DEMO_PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_the_failures(clerk):
    client = Client()
    for _ in range(LIMIT - 1):
        form_login(client, "guessme", "wrong")
    assert form_login(client, "guessme", settings.DEMO_PASSWORD).status_code == 302
    client.post("/logout/")
    assert [form_login(client, "guessme", "wrong").status_code for _ in range(LIMIT - 1)] == [200] * (LIMIT - 1)


def test_the_login_throttle_of_the_token_endpoint_holds_whatever_x_forwarded_for_says(clerk, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "2/min"},
    }
    client = APIClient()
    statuses = [token_login(client, f"nobody{n}", "wrong").status_code for n in range(3)]
    assert statuses == [400, 400, 429]


def test_the_partner_query_log_records_the_real_client_address(settings):
    partner = UserFactory(role=Role.PARTNER, jurisdiction=jurisdiction(CITY))
    client = APIClient(REMOTE_ADDR="192.0.2.50")
    token = client.post(
        "/api/auth/token/", {"username": partner.username, "password": settings.DEMO_PASSWORD}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/partner/credit-list/", {"name": "x"}, HTTP_X_FORWARDED_FOR="10.1.1.1").status_code == 200
    assert PartnerQueryLog.objects.get().remote_addr == "192.0.2.50"
