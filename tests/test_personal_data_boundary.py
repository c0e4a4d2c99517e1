"""Personal data at the output boundary (issue 13 item 4): the auditor and the administrator read
every staff API response, .xlsx export, staff page and read-only admin page over the demo data
without meeting a full resident ID number or mobile number; officers still read them in full; a
county reads only its own parties. Routes are read from the URL conf (tests/routes.py), so a new
endpoint is scanned without editing this file."""

import io
import re
from random import Random

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from casemgmt.org.models import Role, User
from casemgmt.parties.codes import make_credit_code
from casemgmt.parties.models import Party
from casemgmt.parties.selectors import parties_visible_to
from casemgmt.privacy import RedactedAdminMixin, may_see_personal_data, redact
from casemgmt.publication.masking import id_check_digit
from casemgmt.workflow.registry import workflow_types
from cases.models import AssistanceRequest, MediationCase
from enforcement.models import EnforcementCase

from .routes import routes

# A sweep of the whole HTTP surface: run once, in the PostgreSQL stage of `make test`.
pytestmark = [pytest.mark.django_db, pytest.mark.surface]

# Not staff output: public endpoints (masked by publication), the partner API, sign-in, the schema.
NOT_STAFF = ("api/public/", "api/partner/", "api/auth/", "api/schema/", "api/docs/")
_ID18 = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9X](?![0-9A-Za-z])")
# Mobile network prefixes in use (an 11-digit 执法证号 such as 14050019001 is not a phone).
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1(?:3\d|4[5-9]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])[0-9]{8}(?![0-9A-Za-z])")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def leaks(text: str, known: set[str]) -> set[str]:
    """Full ID numbers (valid check digit), mobile numbers and known personal values in `text`."""
    found = {m for m in _ID18.findall(text) if id_check_digit(m[:17]) == m[17]}
    found |= set(_MOBILE.findall(text))
    return found | {value for value in known if value in text}


def known_personal_values() -> set[str]:
    values = {p.id_number for p in Party.objects.exclude(id_number="")}
    phones = [p.phone for p in Party.objects.filter(kind=Party.Kind.PERSON).exclude(phone="")]
    phones += list(AssistanceRequest.objects.exclude(contact_phone="").values_list("contact_phone", flat=True))
    phones += list(MediationCase.objects.exclude(contact_phone="").values_list("contact_phone", flat=True))
    return values | {p for p in phones if _MOBILE.fullmatch(p)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo world for the module (every test here only reads), rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        known = known_personal_values()
        assert any(_ID18.fullmatch(v) for v in known) and any(_MOBILE.fullmatch(v) for v in known)
        yield known
        transaction.set_rollback(True)


def _kwargs_of(route) -> list[str]:
    return [a or b for a, b in _GROUP.findall(route.path)]


def _ids(data) -> list:
    rows = data.get("results", data) if isinstance(data, dict) else data
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row] if isinstance(rows, list) else []


class Walk:
    """GETs every staff API route as one user: argument-free routes first, then each route with
    arguments, its last argument taken from the ids listed by the route its path ends at."""

    def __init__(self, user, known):
        self.client = APIClient()
        self.client.force_authenticate(user)
        self.known = known
        self.bodies: dict[str, str] = {}
        self.lists: dict[str, dict] = {}  # route path → {frozen kwargs: ids}

    def get(self, url: str):
        response = self.client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code < 500, url
        return response

    def visit(self, route, kwargs: dict):
        try:
            url = reverse(route.name, kwargs=kwargs)
        except NoReverseMatch:
            return
        response = self.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
            return
        data, ids = response.json(), []
        self.bodies[url] = response.content.decode()
        ids += _ids(data)
        page = 1
        while isinstance(data, dict) and data.get("next"):  # every page: a leak may sit on page 2
            response, page = self.get(data["next"]), page + 1
            data = response.json()
            self.bodies[f"{url}#page{page}"] = response.content.decode()
            ids += _ids(data)
        self.lists.setdefault(route.path.rstrip("$"), {})[tuple(sorted(kwargs.items()))] = ids
        if page > 1 or isinstance(data, list) or isinstance(data, dict) and "results" in data:
            self.export(url)

    def export(self, url: str):
        response = self.client.get(url, {"format": "xlsx"})
        if response.status_code != 200 or "spreadsheetml" not in response["Content-Type"]:
            return
        workbook = load_workbook(io.BytesIO(response.content))
        cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row if c]
        self.bodies[url + "?format=xlsx"] = "\n".join(cells)

    def run(self):
        staff = [r for r in routes("api/") if not r.path.startswith(NOT_STAFF)]
        pending = sorted(staff, key=lambda r: len(_kwargs_of(r)))
        for route in pending:
            names = _kwargs_of(route)
            if not names:
                self.visit(route, {})
                continue
            last = names[-1]
            parent = route.path[: list(_GROUP.finditer(route.path))[-1].start()]
            for parent_kwargs, ids in self.lists.get(parent, {}).items():
                for value in ids:
                    self.visit(route, {**dict(parent_kwargs), last: value})
        return self


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_auditor_and_admin_meet_no_full_id_or_mobile_number_in_any_staff_api_response_or_export(demo, username):
    user = User.objects.get(username=username)
    assert not may_see_personal_data(user)
    walk = Walk(user, demo).run()
    urls = set(walk.bodies)
    # The walk reached lists, details, histories and exports (not a vacuous pass).
    for needed in ("/api/parties/", "/history/", "?format=xlsx", "/api/publications/", "/api/enforcement-cases/"):
        assert any(needed in url for url in urls), needed
    assert any(re.search(r"/api/parties/\d+/$", url) for url in urls)
    found = {url: leaks(body, demo) for url, body in walk.bodies.items()}
    assert {url: values for url, values in found.items() if values} == {}


def test_an_officer_still_reads_the_full_id_numbers_of_the_cases_of_the_city(demo):
    officer = User.objects.get(username="officer_city")
    case = EnforcementCase.objects.filter(parties__kind=Party.Kind.PERSON, jurisdiction_id="140500").first()
    person = case.parties.filter(kind=Party.Kind.PERSON).first()
    client = APIClient()
    client.force_authenticate(officer)
    assert person.id_number in client.get(f"/api/enforcement-cases/{case.pk}/").content.decode()
    assert client.get(f"/api/parties/{person.pk}/").json()["id_number"] == person.id_number


def _staff_pages(user):
    client = Client()
    client.force_login(user)
    pages = {}
    for wf in workflow_types():
        queryset = wf.selector(user)
        if queryset.query.is_empty():
            continue
        urls = [reverse("web:object-list", args=[wf.key])]
        urls += [reverse("web:object-detail", args=[wf.key, pk]) for pk in queryset.values_list("pk", flat=True)]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content.decode()
    return pages


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_auditor_and_admin_meet_no_full_id_or_mobile_number_on_the_staff_pages(demo, username):
    pages = _staff_pages(User.objects.get(username=username))
    assert any("/w/enforcement" in url or "enforcement" in url for url in pages)
    assert {url: found for url, page in pages.items() if (found := leaks(page, demo))} == {}


def test_the_admin_party_pages_and_every_read_only_admin_page_show_no_full_id_or_mobile_number(demo):
    administrator = User.objects.get(username="admin")
    assert administrator.is_superuser  # superusers are the 'admin' role: no exception for them
    client = Client()
    client.force_login(administrator)
    assert isinstance(admin.site._registry[Party], RedactedAdminMixin)
    persons = Party.objects.filter(kind=Party.Kind.PERSON).exclude(id_number="")
    pages = {"/admin/parties/party/": None, f"/admin/parties/party/?q={persons[0].id_number}": None}
    pages |= {f"/admin/parties/party/{p.pk}/change/": None for p in persons}
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, RedactedAdminMixin):
            meta = model._meta
            pages[f"/admin/{meta.app_label}/{meta.model_name}/"] = None
            for pk in model.objects.values_list("pk", flat=True)[:20]:
                pages[f"/admin/{meta.app_label}/{meta.model_name}/{pk}/change/"] = None
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    searched = f"/admin/parties/party/?q={persons[0].id_number}"
    # Searching by a full number still finds the person; the page echoes only the searcher's own
    # query back (in its links), never another number.
    assert persons[0].name in pages[searched]
    leaked = {
        url: leaks(page, demo) - ({persons[0].id_number} if url == searched else set()) for url, page in pages.items()
    }
    assert {url: found for url, found in leaked.items() if found} == {}
    assert persons[0].id_number[:6] + "********" + persons[0].id_number[-4:] in pages[searched]


def test_a_county_reads_only_the_parties_of_its_own_records_and_another_countys_party_is_not_found(demo):
    county = User.objects.get(username="officer_zezhou")
    own = set(parties_visible_to(county).values_list("pk", flat=True))
    named_in_county = set(
        EnforcementCase.objects.filter(jurisdiction_id="140525").values_list("parties", flat=True)
    ) - {None}
    assert named_in_county and named_in_county <= own
    client = APIClient()
    client.force_authenticate(county)
    listed = set()
    url = "/api/parties/?page_size=100"
    while url:
        data = client.get(url).json()
        listed |= {row["id"] for row in data["results"]}
        url = data.get("next")
    assert listed == own
    assert len(own) < Party.objects.count()
    other = Party.objects.exclude(pk__in=own).filter(enforcement_cases__isnull=False).first()
    assert other is not None and not other.enforcement_cases.filter(jurisdiction_id="140525").exists()
    assert client.get(f"/api/parties/{other.pk}/").status_code == 404
    city = User.objects.get(username="officer_city")
    assert parties_visible_to(city).count() == Party.objects.count()


def test_a_county_officer_reads_the_party_they_just_registered(make_user, api):
    """A party is registered before a case names it: its registrar's county sees it at once."""
    officer = make_user(role=Role.OFFICER, jurisdiction="140525")
    created = api.as_user(officer).post(
        "/api/parties/",
        {"kind": "organization", "name": "泽州县某光电公司", "credit_code": make_credit_code(Random(5))},
    )
    assert created.status_code == 201, created.content
    assert api.get(f"/api/parties/{created.json()['id']}/").status_code == 200
    other_county = make_user(role=Role.OFFICER, jurisdiction="140581")
    assert not parties_visible_to(other_county).filter(pk=created.json()["id"]).exists()


def test_redact_masks_ids_mobiles_and_bank_accounts_inside_any_string_and_leaves_the_rest():
    data = {
        "text": "当事人张三，身份证号码140525199003121235，手机13812345678，账号6222021234567890123。",
        "rows": [{"phone": "+86 139 1234 5678"}, ("0356-2221234", 42)],
        "code": "91140500MA0GRXXX1X",
        "certificate": "执法证号14050019001",
    }
    result = redact(data)
    assert result["text"] == "当事人张三，身份证号码140525********1235，手机138****5678，账号［银行账号已隐去］。"
    assert "1234 5678" not in str(result["rows"][0]) and result["rows"][1] == ["0356-2221234", 42]
    assert result["code"] == data["code"] and result["certificate"] == data["certificate"]
