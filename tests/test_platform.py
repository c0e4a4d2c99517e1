"""The platform's service surface: health, OpenAPI, token login, settings safety, error shape."""

import io
import subprocess
import sys

import openpyxl
import pytest

from casemgmt.org.models import Role

from .factories import assistance_request


@pytest.mark.django_db
def test_healthz_reports_database_search_and_tasks(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["search"] == "ok" and body["tasks"] in ("ok", "eager")
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/assistance-requests/{id}/transitions/{name}/" in paths
    assert "/api/calendar/deadline/" in paths and "/api/search/" in paths and "/api/parties/" in paths
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_token_login_then_token_authenticates(client, make_user):
    user = make_user(Role.INTAKE_CLERK, username="tokenclerk")
    from django.conf import settings

    response = client.post(
        "/api/auth/token/",
        {"username": "tokenclerk", "password": settings.DEMO_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/assistance-requests/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    anonymous = client.get("/api/assistance-requests/")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    bad = client.post(
        "/api/auth/token/", {"username": "tokenclerk", "password": "wrong"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "errors" in bad.json()
    assert user.pk


@pytest.mark.django_db
def test_malformed_json_is_a_400_not_a_500(make_user, api):
    client = api.as_user(make_user(Role.INTAKE_CLERK))
    response = client.generic("POST", "/api/assistance-requests/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "errors" in response.json()


@pytest.mark.django_db
def test_creating_a_request_with_bad_fields_reports_each_field_and_writes_nothing(make_user, api):
    from casemgmt.parties.models import Party
    from cases.models import AssistanceRequest

    client = api.as_user(make_user(Role.INTAKE_CLERK))
    response = client.post(
        "/api/assistance-requests/",
        {
            "applicant": {"kind": "organization", "name": "某公司", "credit_code": "123"},
            "respondent": {"kind": "person", "name": "某人", "id_number": "140502199001011231"},
            "contact_phone": "12",
            "title": "",
            "facts": "",
            "ip_type": "x",
            "assistance_type": "consultation",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"applicant", "respondent", "contact_phone", "title", "facts", "ip_type"} <= set(errors)
    assert AssistanceRequest.objects.count() == 0 and Party.objects.count() == 0


@pytest.mark.django_db
def test_xlsx_export_carries_the_same_filtered_rows(make_user, api):
    for _ in range(3):
        assistance_request()
    assistance_request(jurisdiction_code="140525")
    county_clerk = make_user(Role.INTAKE_CLERK, "140525")
    response = api.as_user(county_clerk).get("/api/assistance-requests/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2  # header + the one 泽州县 request


def test_production_mode_refuses_the_demo_secret_key_and_debug():
    def start(env):
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='casemgmt.settings';"
                " from django.conf import settings; settings.INSTALLED_APPS",
            ],
            env={"PATH": "/usr/bin:/bin", **env},
            capture_output=True,
            text=True,
        )

    demo = start({"PRODUCTION": "true"})
    assert demo.returncode != 0 and "SECRET_KEY" in demo.stderr
    debug = start({"PRODUCTION": "true", "SECRET_KEY": "x" * 50, "DEBUG": "true"})
    assert debug.returncode != 0 and "DEBUG" in debug.stderr
    ok = start({"PRODUCTION": "true", "SECRET_KEY": "x" * 50})
    assert ok.returncode == 0, ok.stderr


@pytest.mark.django_db
def test_list_filters_reject_non_numeric_ids_and_partial_parties(make_user, api):
    client = api.as_user(make_user(Role.INTAKE_CLERK))
    response = client.get("/api/assistance-requests/", {"handler": "abc"})
    assert response.status_code == 400 and "handler" in response.json()["errors"]
    request = assistance_request()
    response = client.patch(f"/api/assistance-requests/{request.pk}/", {"respondent": {"name": "某人"}}, format="json")
    errors = response.json()["errors"]
    assert response.status_code == 400 and errors["respondent.kind"] and errors["respondent"]


@pytest.mark.django_db
def test_a_case_stays_in_the_area_it_was_registered_in(make_user, api):
    request = assistance_request()
    client = api.as_user(make_user(Role.INTAKE_CLERK))
    response = client.patch(f"/api/assistance-requests/{request.pk}/", {"jurisdiction_code": "140525"}, format="json")
    assert response.status_code == 400 and "jurisdiction_code" in response.json()["errors"]
    request.refresh_from_db()
    assert request.jurisdiction_id == "140500"
