"""Who may call what, for every API route the URL conf declares (a route added later is covered
without editing this file): anonymous callers get 401, a role the route is not for gets 403, and
another county's record answers exactly as a record that does not exist (404; never reveal
existence across jurisdictions, API.md "Errors"). Write routes are sent an empty body: who-may-not
is decided before the input is read, so the answer is 403/404, never 400.

One world per module: the demo data (records of every type, in the city and in the counties) plus
a user of every role in 泽州县."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from casemgmt.org.models import Role

from .factories import CITY, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .routes import Route, routes

SAFE = {"head", "options", "trace"}
# Routes anyone may call, and why.
OPEN = {
    "api/public/": "公众接口（匿名、限流）",
    "api/auth/token/": "登录换取令牌",
    "api/schema/": "接口文档（生产环境由 API_DOCS_REQUIRE_LOGIN 要求登录，见 test_production_settings）",
    "api/docs/": "接口文档页面（同上）",
}
# Every account's own token, whatever its role.
OWN_ACCOUNT = ("api/auth/",)
PARTNER_API = "api/partner/"
NONEXISTENT = 999_999_999
# Roles that see the whole city by design: for them no county's record is another's.
CITY_WIDE = {Role.ADMINISTRATOR}


def _methods(route: Route) -> list[str]:
    actions = getattr(route.entry.callback, "actions", None)
    if actions is not None:
        return sorted({method for method in actions if method not in SAFE})
    view = route.view_class
    return sorted(m for m in view.http_method_names if m not in SAFE and hasattr(view, m))


def _api_routes() -> list[Route]:
    return [
        route
        for route in routes("api/")
        if "format" not in route.path and route.view_class is not None and not route.path.startswith(tuple(OPEN))
    ]


def _cells(prefixes=None):
    return [
        (route, method)
        for route in _api_routes()
        for method in _methods(route)
        if prefixes is None or not route.path.startswith(prefixes)
    ]


def _id(cell) -> str:
    route, method = cell
    return f"{method.upper()} {route.name}"


def _kwargs(route: Route, pk) -> dict:
    """Fills the route's arguments: the record's id for `pk`, a name for a transition, and ids
    that exist nowhere for nested records (so only the outer record decides the answer)."""
    names = set(route.converters) | set(re.findall(r"\(\?P<(\w+)>", route.path))
    kwargs = {}
    for name in names:
        if name in ("pk", "case_pk") and pk is not None:
            kwargs[name] = pk
        elif name == "name":
            kwargs[name] = "submit"
        elif name == "tracking_code":
            kwargs[name] = "X"
        else:
            kwargs[name] = NONEXISTENT
    return kwargs


def _url(route: Route, pk=NONEXISTENT) -> str:
    return reverse(route.name, kwargs=_kwargs(route, pk))


def _send(user, method: str, url: str):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return getattr(client, method)(url, {} if method != "get" else None, format="json")


def _model(route: Route):
    serializer = getattr(route.view_class, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def _outer_model(route: Route):
    """The record the route's first id names: a nested route (…/enforcement-cases/{case_pk}/…)
    names the case."""
    if "case_pk" in route.path:
        from enforcement.models import EnforcementCase

        return EnforcementCase
    return _model(route)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo data and one user of every role in 泽州县, built once for the module inside a
    transaction that is rolled back after it, so the tests after this module start from the
    database as migrated."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        county = jurisdiction(ZEZHOU)
        users = {role: UserFactory(role=role, jurisdiction=county) for role in Role}
        _city_enforcement_referral()  # the demo data has none
        yield users
        transaction.set_rollback(True)


@pytest.mark.parametrize("cell", _cells(), ids=_id)
@pytest.mark.django_db
def test_an_anonymous_caller_gets_401(cell):
    route, method = cell
    response = _send(None, method, _url(route))
    assert response.status_code == 401, (route.path, method, response.status_code)
    assert "WWW-Authenticate" in response


@pytest.mark.parametrize("cell", _cells(prefixes=(PARTNER_API, *OWN_ACCOUNT)), ids=_id)
@pytest.mark.django_db
def test_a_partner_agency_is_refused_every_staff_route(cell, world):
    route, method = cell
    response = _send(world[Role.PARTNER], method, _url(route))
    assert response.status_code == 403, (route.path, method, response.status_code)


@pytest.mark.parametrize("cell", [c for c in _cells() if c[0].path.startswith(PARTNER_API)], ids=_id)
@pytest.mark.parametrize("role", [r for r in Role if r != Role.PARTNER])
@pytest.mark.django_db
def test_staff_are_refused_the_partner_api(cell, role, world):
    route, method = cell
    response = _send(world[role], method, _url(route))
    assert response.status_code == 403, (route.path, method, role, response.status_code)


def _record_routes():
    return [
        cell
        for cell in _cells(prefixes=(PARTNER_API, *OWN_ACCOUNT))
        if _outer_model(cell[0]) is not None and ({"pk", "case_pk"} & _names(cell[0]))
    ]


def _names(route: Route) -> set:
    return set(route.converters) | set(re.findall(r"\(\?P<(\w+)>", route.path))


def _city_enforcement_referral():
    from casemgmt.workflow.services import fire_transition

    city = jurisdiction(CITY)
    clerk, head, mediator = (
        UserFactory(role=role, jurisdiction=city) for role in (Role.INTAKE_CLERK, Role.CENTRE_HEAD, Role.HANDLER)
    )
    request = assistance_request(actor=clerk)
    fire_transition(request, "accept", actor=head, reason="受理")
    fire_transition(request, "assign", actor=head, reason="指派", payload={"handler": mediator.pk})
    fire_transition(request, "start", actor=mediator, reason="开始")
    payload = {"referral_target": "enforcement", "referral_unit": "晋城市市场监督管理局", "applicant_consent": True}
    fire_transition(request, "refer", actor=mediator, reason="移送执法", payload=payload)


# Records kept once for the whole city, not per county, and why.
SHARED_ACROSS_COUNTIES = {
    "Party": "当事人名录全市共用（各县的个人信息按角色屏蔽，见 issue 13 第 4 项）",
    "InspectionItem": "抽查事项清单由市局统一制定，各县共用",
}


def _elsewhere(model, county: str):
    """A record of `model` outside the county (the city's or another county's)."""
    return model.objects.exclude(jurisdiction=county).order_by("pk").first()


@pytest.mark.parametrize("cell", _record_routes(), ids=_id)
@pytest.mark.parametrize("role", [r for r in Role if r not in CITY_WIDE and r != Role.PARTNER])
@pytest.mark.django_db
def test_another_countys_record_answers_as_one_that_does_not_exist(cell, role, world):
    route, method = cell
    model = _outer_model(route)
    if not any(field.name == "jurisdiction" for field in model._meta.get_fields()):
        assert model.__name__ in SHARED_ACROSS_COUNTIES, f"{model.__name__} has no jurisdiction: scope it or name it"
        pytest.skip(SHARED_ACROSS_COUNTIES[model.__name__])
    record = _elsewhere(model, ZEZHOU)
    assert record is not None, f"the demo data has no {model.__name__} outside 泽州县"
    user = world[role]
    other = _send(user, method, _url(route, record.pk))
    missing = _send(user, method, _url(route, NONEXISTENT))
    assert other.status_code == missing.status_code, (route.path, method, role, other.status_code, missing.status_code)
    assert other.status_code in (403, 404), (route.path, method, role, other.status_code)
