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
from django.test import override_settings
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from casemgmt.files.models import Attachment
from casemgmt.files.services import attachment_store
from casemgmt.org.models import Role
from casemgmt.workflow.transitions import transition_specs

from .factories import CITY, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .routes import Route, routes
from .uploads import png_bytes, upload

# Sweeps of the whole HTTP surface run once, in the PostgreSQL stage of `make test`.
pytestmark = pytest.mark.surface

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
    names the case; a plain view names its record in PLAIN_VIEW_RECORDS."""
    if "case_pk" in route.path:
        from enforcement.models import EnforcementCase

        return EnforcementCase
    if route.name in PLAIN_VIEW_RECORDS:
        return PLAIN_VIEW_RECORDS[route.name][0]
    return _model(route)


def _attachments_visible_to(user):
    from casemgmt.files.selectors import attachment_visible_to

    return Attachment.objects.filter(
        pk__in=[pk for pk in Attachment.objects.values_list("pk", flat=True) if attachment_visible_to(user, pk)]
    )


# Routes with an id that are not model viewsets: the record they serve and who may see it.
PLAIN_VIEW_RECORDS = {
    "attachment-download": (Attachment, _attachments_visible_to),
}


def _visible(route: Route, user):
    """The records of the route's outer model that `user` may open, as the view itself selects them."""
    if "case_pk" in route.path:
        from enforcement.selectors import enforcement_cases_visible_to

        return enforcement_cases_visible_to(user)
    if route.name in PLAIN_VIEW_RECORDS:
        return PLAIN_VIEW_RECORDS[route.name][1](user)
    view = route.view_class()
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    view.request, view.args, view.kwargs, view.format_kwarg, view.action = request, (), {}, None, "list"
    return view.get_queryset()


class World(dict):
    """A user of every role in 泽州县 (by role), and in `city` one of every role in the city."""

    city: dict


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data and one user of every role in 泽州县, built once for the module inside a
    transaction that is rolled back after it, so the tests after this module start from the
    database as migrated."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        county = jurisdiction(ZEZHOU)
        users = World({role: UserFactory(role=role, jurisdiction=county) for role in Role})
        users.city = {role: UserFactory(role=role, jurisdiction=jurisdiction(CITY)) for role in Role}
        city_request = _city_enforcement_referral()  # the demo data has none
        with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):  # nor any file
            attachment_store(
                upload("材料.png", png_bytes(), "image/png"), owner=city_request, kind="application_material"
            )
            _evidence_photo()
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


def _evidence_photo():
    """A photo on the first raid (the demo raids carry no file), so evidence routes have evidence."""
    from enforcement.models import Inspection
    from enforcement.services.evidence import evidence_add

    inspection = Inspection.objects.order_by("pk").first()
    officer = inspection.officers.first()
    evidence_add(inspection, actor=officer, upload=upload("现场.png", png_bytes(), "image/png"), description="仓库全景")


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
    return request


# Records kept once for the whole city, not per county, and why.
SHARED_ACROSS_COUNTIES = {
    "InspectionItem": "抽查事项清单由市局统一制定，各县共用",
}


def _elsewhere(route: Route, user):
    """A record of the route's model that `user` may not open (another county's, or the city's)."""
    model = _outer_model(route)
    return model.objects.exclude(pk__in=_visible(route, user).values("pk")).order_by("pk").first()


@pytest.mark.parametrize("cell", _record_routes(), ids=_id)
@pytest.mark.parametrize("role", [r for r in Role if r not in CITY_WIDE and r != Role.PARTNER])
@pytest.mark.django_db
def test_another_countys_record_answers_as_one_that_does_not_exist(cell, role, world):
    route, method = cell
    user = world[role]
    record = _elsewhere(route, user)
    if record is None:
        name = _outer_model(route).__name__
        assert name in SHARED_ACROSS_COUNTIES, f"{role}: every {name} is visible from 泽州县: scope it or name it"
        pytest.skip(SHARED_ACROSS_COUNTIES[name])
    other = _send(user, method, _url(route, record.pk))
    missing = _send(user, method, _url(route, NONEXISTENT))
    assert other.status_code == missing.status_code, (route.path, method, role, other.status_code, missing.status_code)
    assert other.status_code in (403, 404), (route.path, method, role, other.status_code)


# Roles that by definition change nothing (Role.AUDITOR is "审计监督（只读）").
READ_ONLY_ROLES = [Role.AUDITOR]


def _write_cells():
    return [cell for cell in _cells(prefixes=(PARTNER_API, *OWN_ACCOUNT)) if cell[1] != "get"]


def _inner_ids(route: Route, owner) -> dict:
    """Ids of records inside `owner` the route names (evidence_id: one of `owner.evidence`)."""
    ids = {}
    for name in _names(route) - {"pk", "case_pk", "name"}:
        related = getattr(owner, name.rsplit("_", 1)[0], None)
        first = related.order_by("pk").first() if hasattr(related, "order_by") else None
        if first is not None:
            ids[name] = first.pk
    return ids


def _own_url(route: Route, user) -> str | None:
    """The route on a record `user` may open (so a refusal is about the role, never about
    visibility), with a transition that applies to it; None when `user` may open no such record.
    A nested route (…/enforcement-cases/{case_pk}/seizures/{pk}/…) takes a record of its own
    under a case `user` may open."""
    names = _names(route)
    if not ({"pk", "case_pk"} & names):
        return _url(route, None)
    visible = _visible(route, user)
    if "case_pk" in names:
        inner = _model(route).objects.filter(case__in=visible).order_by("pk").first()
        if inner is None:
            return None
        kwargs = _kwargs(route, inner.pk) | {"case_pk": inner.case_id} | _inner_ids(route, inner)
    else:
        record = visible.order_by("pk").first()
        if record is None:
            return None
        kwargs = _kwargs(route, record.pk)
        if "name" in kwargs:
            kwargs["name"] = next(n for n, spec in transition_specs(type(record)).items() if spec.applies_to(record))
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.parametrize("cell", _write_cells(), ids=_id)
@pytest.mark.parametrize("role", READ_ONLY_ROLES)
@pytest.mark.django_db
def test_a_read_only_role_is_refused_every_write_on_records_it_may_read(cell, role, world):
    route, method = cell
    user = world.city[role]  # the city's auditor reads every kind of record
    url = _own_url(route, user)
    assert url is not None, f"the demo data has no {_model(route).__name__} that the city's {role} may open"
    response = _send(user, method, url)
    assert response.status_code == 403, (route.path, method, role, response.status_code)


def _declared_write_cells():
    cells = []
    for route, method in _write_cells():
        actions = getattr(route.entry.callback, "actions", None) or {}
        roles = getattr(route.view_class, "write_roles", None)
        if roles is not None and actions.get(method) != "fire_transition":
            cells.append((route, method, set(roles.get(actions.get(method), ()))))
    return cells


@pytest.mark.parametrize("cell", [c[:2] for c in _declared_write_cells()], ids=_id)
@pytest.mark.django_db
def test_a_role_a_write_route_does_not_name_gets_403_on_its_own_countys_records(cell, world):
    route, method = cell
    allowed = next(roles for r, m, roles in _declared_write_cells() if (r, m) == (route, method))
    not_refused = {}
    for role in Role:
        if role in allowed or role == Role.PARTNER:
            continue
        user = world.city[role]
        url = _own_url(route, user)
        if url is None:
            continue  # this role opens no such record: it meets 404, as the test above checks
        response = _send(user, method, url)
        if response.status_code != 403:
            not_refused[role] = response.status_code
    assert not_refused == {}, (route.path, method)
