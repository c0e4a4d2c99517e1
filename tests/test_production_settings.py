"""Production settings (issue 13, item 8): HTTPS only (redirect, HSTS, secure cookies), the proxy's
HTTPS header believed only behind a trusted proxy, `manage.py check --deploy` clean; a
Content-Security-Policy on every page with no inline code in any template; the API docs served
from our own static files, behind a login in production."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from rest_framework.test import APIClient

from casemgmt.org.models import Role

from .factories import CITY, UserFactory, jurisdiction

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SHOWN = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "API_DOCS_REQUIRE_LOGIN",
    "TRUSTED_PROXY_COUNT",
]


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SECURE_", "API_DOCS", "TRUSTED"))}
    env.update(
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ipr.example.gov.cn",
        DEBUG="",
        DJANGO_SETTINGS_MODULE="casemgmt.settings",
        **extra,
    )
    return env


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def production_settings(**extra) -> dict:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {SETTINGS_SHOWN!r}}}))"
    )
    result = run(["-c", script], production_env(**extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_in_production_mode():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper()


def test_production_mode_is_https_only_and_trusts_no_proxy_header_by_default():
    shown = production_settings()
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_PROXY_SSL_HEADER"] is None  # a client's X-Forwarded-Proto means nothing
    assert shown["API_DOCS_REQUIRE_LOGIN"] is True


def test_behind_a_trusted_proxy_its_https_header_is_believed():
    shown = production_settings(TRUSTED_PROXY_COUNT="1")
    assert shown["TRUSTED_PROXY_COUNT"] == 1
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


# --- Content-Security-Policy ------------------------------------------------------------------------


def policy(response) -> dict:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_kind_of_page_carries_a_policy_without_inline_code_or_other_origins():
    staff = Client()
    staff.force_login(UserFactory(role=Role.CENTRE_HEAD, jurisdiction=jurisdiction(CITY)))
    responses = [
        staff.get("/"),
        Client().get("/login/"),
        Client().get("/public/"),
        Client().get("/admin/login/"),
        Client().get("/api/docs/"),
        APIClient().get("/api/public/penalty-decisions/"),
    ]
    for response in responses:
        assert response.status_code == 200
        directives = policy(response)
        assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"] and directives["frame-ancestors"] == ["'none'"]
        assert "unsafe" not in response["Content-Security-Policy"]


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_code_the_policy_would_block():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text()
        for pattern, what in INLINE_CODE:
            if pattern.search(text):
                found.append(f"{template.relative_to(ROOT)}: {what}")
    assert found == []


# --- API docs ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_docs_load_swagger_ui_from_our_own_static_files():
    page = Client().get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "cdn" not in html.lower() and "https://" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0]), url
    script = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1).replace("&amp;", "&")
    init = Client().get(script)
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


@pytest.mark.django_db
def test_with_docs_behind_a_login_anonymous_callers_get_neither_schema_nor_docs(settings):
    settings.API_DOCS_REQUIRE_LOGIN = True
    schema = APIClient().get("/api/schema/")
    assert schema.status_code == 401
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/?next=/api/docs/")
    staff = Client()
    staff.force_login(UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY)))
    assert staff.get("/api/docs/").status_code == 200
    assert staff.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200


@pytest.mark.django_db
def test_without_the_login_setting_the_docs_are_open(settings):
    settings.API_DOCS_REQUIRE_LOGIN = False
    assert APIClient().get("/api/schema/").status_code == 200
    assert Client().get("/api/docs/").status_code == 200
