"""Without a database, requests answer 503, never 500: the API in its `{"detail": …}` shape, pages
with the 503 page, whether the view or a middleware (loading the session) found the database
gone. (tests/test_fault_postgres_restart.py stops a real PostgreSQL under traffic.)"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path
from rest_framework.views import APIView

from casemgmt.unavailable import MESSAGE
from casemgmt.urls import handler400, handler403, handler404, handler500  # noqa: F401
from casemgmt.urls import urlpatterns as project_urls


def unreachable(request):
    raise OperationalError('connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory')


class UnreachableApiView(APIView):
    permission_classes = []

    def get(self, request):
        raise InterfaceError("connection already closed")


def a_bug(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/unreachable/", UnreachableApiView.as_view()),
    path("api/unreachable-plain/", unreachable),
    path("unreachable/", unreachable),
    path("a-bug/", a_bug),
    *project_urls,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_database_unavailable")]


def assert_json_503(response):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"].isdigit()
    assert response.json() == {"detail": MESSAGE}


def assert_page_503(response):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"].isdigit()
    assert "系统暂时无法访问" in response.content.decode()


def test_an_api_view_without_its_database_answers_503_in_the_contract_shape():
    client = Client(raise_request_exception=False)
    assert_json_503(client.get("/api/unreachable/"))
    assert_json_503(client.get("/api/unreachable/", HTTP_ACCEPT="text/html"))
    assert_json_503(client.get("/api/unreachable-plain/"))


def test_a_page_without_its_database_answers_the_503_page():
    assert_page_503(Client(raise_request_exception=False).get("/unreachable/"))


def test_a_session_that_cannot_be_loaded_answers_503_on_pages_and_the_api(monkeypatch, city_clerk):
    client = Client(raise_request_exception=False)
    client.force_login(city_clerk)
    monkeypatch.setattr(SessionStore, "load", unreachable)

    assert_page_503(client.get("/"))
    assert_json_503(client.get("/api/parties/"))


def test_other_failures_are_still_a_500():
    assert Client(raise_request_exception=False).get("/a-bug/").status_code == 500
