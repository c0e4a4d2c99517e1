"""Every error under /api/ is JSON in the contract's shape (API.md: 400 {"errors": {field:
[messages]}}, otherwise {"detail": ...}), and no body, however nested or large, causes a 500
(issue 13, item 3). The routes are read from the URL conf: a new endpoint is covered without
editing these tests."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.test import APIClient

from casemgmt.api import errors
from casemgmt.api.parsers import MAX_JSON_DEPTH, JSONParser, json_too_deep
from casemgmt.org.models import Role
from casemgmt.parties.models import Party

from .routes import routes

PUBLIC_APPLICATION = "/api/public/assistance-requests/"
METHODS = ("get", "post", "put", "patch", "delete")


def nested_array(levels: int) -> str:
    return "[" * levels + "]" * levels


def nested_object(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def assert_json_error(response, status: int | None = None):
    assert response["Content-Type"].startswith("application/json"), (response.status_code, response["Content-Type"])
    body = json.loads(response.content)
    if status is not None:
        assert response.status_code == status, body
    if response.status_code == 400:
        assert isinstance(body.get("errors"), dict) and body["errors"], body
    else:
        assert isinstance(body.get("detail"), str) and body["detail"], body
    return body


# --- nested JSON ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("levels", [1_000, 10_000])
@pytest.mark.parametrize("shape", [nested_array, nested_object])
def test_deeply_nested_json_to_the_anonymous_application_endpoint_is_a_400(levels, shape):
    response = Client().post(PUBLIC_APPLICATION, shape(levels), content_type="application/json")
    body = assert_json_error(response, 400)
    assert "嵌套层级过深" in body["errors"]["non_field_errors"][0]


@pytest.mark.django_db
def test_deeply_nested_json_to_a_staff_endpoint_is_a_400_and_writes_nothing(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.INTAKE_CLERK))
    body = '{"kind": "person", "name": "王五", "address": ' + nested_array(10_000) + "}"
    response = client.post("/api/parties/", body, content_type="application/json")
    assert_json_error(response, 400)
    assert Party.objects.count() == 0


@pytest.mark.django_db
def test_brackets_inside_strings_do_not_count_as_nesting(make_user):
    """A party's name made of brackets is just a (bad) name: validated as usual, not refused as nested."""
    client = APIClient()
    client.force_authenticate(make_user(Role.INTAKE_CLERK))
    body = json.dumps({"kind": "organization", "name": "[" * 100 + '\\"{' * 50, "credit_code": "x"})
    response = client.post("/api/parties/", body, content_type="application/json")
    errors_ = assert_json_error(response, 400)["errors"]
    assert "credit_code" in errors_ and "non_field_errors" not in errors_


def test_the_nesting_limit_counts_levels_outside_strings_only():
    assert not json_too_deep(nested_array(MAX_JSON_DEPTH))
    assert json_too_deep(nested_array(MAX_JSON_DEPTH + 1))
    assert not json_too_deep(json.dumps(["[" * 1000]))
    assert not json_too_deep(json.dumps({"a": '\\"' + "{" * 1000}))
    assert json_too_deep('["escaped \\" quote"' + "[" * 40)
    assert not json_too_deep('["unclosed \\" string' + "[" * 40)  # the brackets are inside the string


def test_the_depth_scan_of_a_hostile_body_stays_linear():
    """Unclosed strings full of escaped quotes once made a naive scan quadratic."""
    import time

    started = time.monotonic()
    for body in ('"\\' * 1_000_000, '\\"' * 1_000_000, '"' + "a" * 2_000_000):
        json_too_deep(body)
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_every_api_view_parses_json_with_the_limited_parser():
    """DRF's own JSONParser has no depth limit; a view naming it in parser_classes would be open again."""
    offenders = []
    for route in routes("api/"):
        view = route.view_class
        for parser in getattr(view, "parser_classes", []):
            if issubclass(parser, DRFJSONParser) and not issubclass(parser, JSONParser):
                offenders.append(route.path)
        actions = getattr(route.entry.callback, "actions", None) or {}
        for action in set(actions.values()):
            kwargs = getattr(getattr(view, action, None), "kwargs", {}) or {}
            for parser in kwargs.get("parser_classes", []):
                if issubclass(parser, DRFJSONParser) and not issubclass(parser, JSONParser):
                    offenders.append(f"{route.path} ({action})")
    assert sorted(set(offenders)) == []


@pytest.mark.django_db
def test_deeply_nested_json_to_the_token_endpoint_is_a_400():
    response = Client(raise_request_exception=False).post(
        reverse("api-token"), nested_array(10_000), content_type="application/json"
    )
    assert_json_error(response, 400)


# --- oversized bodies --------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", json.dumps({"title": "x" * 20_000})),
        ("application/x-www-form-urlencoded", "title=" + "x" * 20_000),
    ],
)
def test_a_body_over_the_upload_limit_is_a_json_413(content_type, body):
    response = Client().post(PUBLIC_APPLICATION, body, content_type=content_type)
    detail = assert_json_error(response, 413)["detail"]
    assert "请求内容过大" in detail


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_multipart_fields_over_the_upload_limit_are_a_json_413():
    response = Client().post(PUBLIC_APPLICATION, {"title": "x" * 20_000, "contact_phone": "13900000000"})
    assert_json_error(response, 413)


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_too_many_form_fields_is_a_json_400():
    response = Client().post(PUBLIC_APPLICATION, {f"f{i}": "x" for i in range(20)})
    assert_json_error(response, 400)


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_json_body_under_the_limit_is_parsed_as_before():
    response = Client().post(PUBLIC_APPLICATION, json.dumps({"title": "x" * 5_000}), content_type="application/json")
    body = assert_json_error(response, 400)
    assert "applicant" in body["errors"]  # validated field by field, not refused as a whole


# --- unknown paths, methods, negotiation ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nope/", "/api/public/nope/", "/api/parties/1/nope/", "/api/"])
def test_an_unknown_api_path_is_a_json_404(path):
    assert_json_error(Client().get(path, HTTP_ACCEPT="text/html"), 404)


@pytest.mark.django_db
def test_an_unknown_page_outside_the_api_is_still_the_html_404_page():
    response = Client().get("/public/nope/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_an_error_asked_for_as_a_spreadsheet_or_a_web_page_is_json(make_user):
    anonymous = APIClient()
    assert_json_error(anonymous.get("/api/parties/?format=xlsx"))
    assert_json_error(anonymous.get("/api/parties/", HTTP_ACCEPT="text/html"))
    signed_in = APIClient()
    signed_in.force_authenticate(make_user(Role.INTAKE_CLERK))
    assert_json_error(signed_in.get("/api/parties/999999/", HTTP_ACCEPT="text/html"), 404)
    assert_json_error(signed_in.delete("/api/parties/", HTTP_ACCEPT="text/html"))


def _probe_path(route) -> str:
    kwargs = {name: ("x" if name == "name" else "999999") for name in route.entry.pattern.regex.groupindex}
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.django_db
def test_every_api_route_answers_every_method_with_a_json_error_or_success(make_user):
    """Anonymous and as an administrator, every method on every /api/ route (objects that do not
    exist, empty bodies, a browser's Accept header): whatever the status, an error is JSON."""
    admin = make_user(Role.ADMINISTRATOR)
    checked = 0
    for route in routes("api/"):
        path = _probe_path(route)
        for user in (None, admin):
            client = APIClient()
            if user is not None:
                client.force_authenticate(user)
            for method in METHODS:
                response = getattr(client, method)(path, HTTP_ACCEPT="text/html")
                assert response.status_code < 500, (method, path, response.status_code)
                if response.status_code >= 400:
                    assert_json_error(response)
                checked += 1
    assert checked >= len(routes("api/")) * len(METHODS) * 2 > 0


# --- Django's own error handlers under /api/ ----------------------------------------------------------


def test_the_error_handlers_answer_json_under_the_api_and_html_pages_elsewhere():
    factory = RequestFactory()
    api, page = factory.get("/api/parties/"), factory.get("/public/")
    cases = [
        (lambda r: errors.bad_request(r, RequestDataTooBig("x")), 413),
        (lambda r: errors.bad_request(r, ValueError("x")), 400),
        (lambda r: errors.permission_denied(r, PermissionError("")), 403),
        (lambda r: errors.page_not_found(r, LookupError("x")), 404),
        (errors.server_error, 500),
    ]
    for handler, status in cases:
        assert_json_error(handler(api), status)
        html = handler(page)
        assert html["Content-Type"].startswith("text/html")
        assert html.status_code == (400 if status == 413 else status)


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_failing_view")
def test_an_uncaught_exception_under_the_api_is_a_json_500():
    client = Client(raise_request_exception=False)
    assert_json_error(client.get("/api/failing/"), 500)
    html = client.get("/failing/")
    assert html.status_code == 500 and html["Content-Type"].startswith("text/html")
