"""Nothing public shows a resident ID number, a mobile number, a bank account or a natural
person's address (DOMAIN §3c; issue 13, item 1).

Over the demo data (every loader of `manage.py load_demo`) plus a decision whose party, a natural
person, shares her address with the complainant company, every public route is visited: the
routes come from the URL conf (/public/… and /api/public/…), the list pages and endpoints are
crawled with every link, page and detail they lead to, and the status lookups are asked with each
applicant's tracking code. A public route that no visit reached fails the test, so a new endpoint
is scanned (or named in REACHED_OTHERWISE) without anyone remembering to add it."""

import json
import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from casemgmt.parties.models import Party
from casemgmt.publication.models import Publication
from cases.models import AssistanceRequest
from cases.public.views import SESSION_TRACKING_CODE as ASSISTANCE_CODE_KEY
from creditlist.models import EarlyRemovalApplication
from creditlist.web.public import SESSION_TRACKING_CODE as CREDIT_CODE_KEY
from enforcement.models import InspectionPerson

from .enforcement_factories import bureau
from .factories import CITY
from .publication_factories import decided_case as decide
from .publication_factories import publish
from .routes import routes

PUBLIC_PREFIXES = ("public/", "api/public/")
MAX_VISITS = 3_000

ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
# None inside a longer run of letters and digits (a SHA-256 or a draw's seed in hex is no number).
MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])")
BANK_ACCOUNT = re.compile(r"(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])")

# Routes visited by a POST or a lookup code rather than found by following links.
REACHED_OTHERWISE = {
    "public-assistance-request-create": "POST only (the application); GET answers 405",
    "public-credit-removal-application-create": "POST only (the application); GET answers 405",
}

SHARED_ADDRESS = "山西省晋城市城区凤台东街88号"


def shared_address_decision():
    """A natural person (the party) living where the complainant company is registered; both
    addresses are written in the decision, hers after 住址, the company's after 住所."""
    city = bureau(CITY)
    party = {
        "kind": "person",
        "name": "孟晓燕",
        "id_number": "140525199003121235",
        "address": SHARED_ADDRESS,
        "phone": "13935667788",
    }
    company = {
        "kind": "organization",
        "name": "晋城市凤台东街商贸有限公司",
        "credit_code": "91140500MA0K2U8L4B",
        "address": SHARED_ADDRESS,
        "legal_representative": "张志强",
    }

    def text(_written):
        return (
            f"当事人：孟晓燕，公民身份号码：140525199003121235，住址：{SHARED_ADDRESS}，联系电话：13935667788。\n"
            f"投诉人：晋城市凤台东街商贸有限公司，住所：{SHARED_ADDRESS}，法定代表人：张志强。\n"
            "经查，当事人通过个人银行账户6222020400009876543收取网店货款，违法经营额80,000.00元。\n"
            "依据《中华人民共和国商标法》第六十条第二款，决定如下：罚款人民币50,000.00元。"
        )

    decided = decide(city, party=party, complainant=company, text=text)
    return publish(decided.publication, city)


def personal_values() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Every natural person's ID number and phone the system holds (shown nowhere), and each
    person's (name, address): an address is a person's in a response that names her. An
    organisation registered at the same address elsewhere publishes it as its own 住所 (the demo's
    addresses are as coarse as "山西省晋城市城区", shared by persons and companies alike)."""
    values: dict[str, str] = {}
    addresses: list[tuple[str, str]] = []
    for person in Party.objects.filter(kind=Party.Kind.PERSON):
        for value, what in ((person.id_number, "ID number"), (person.phone, "phone")):
            if value and len(value) >= 6:
                values[value] = f"{what} of {person.name}"
        if person.address:
            addresses.append((person.name, person.address))
    for present in InspectionPerson.objects.exclude(id_number=""):
        values[present.id_number] = f"ID number of {present.name}"
    for application in [*AssistanceRequest.objects.all(), *EarlyRemovalApplication.objects.all()]:
        if application.contact_phone:
            values[application.contact_phone] = f"contact phone of {application}"
    return values, addresses


# What follows a word only a person's home takes must be a placeholder (［住址已隐去］).
HOME_ADDRESS = re.compile(
    # Not the word inside a placeholder, nor a word in a list of what is masked (住址、电话号码…).
    r"(?<!［)(?:住址|家住|现住|户籍地|户籍所在地|居住地|家庭住址)[：:\s为是在于]{0,3}"
    r"(?P<value>[^，,。；;、：:\s<（(［“”\"]{2,})"
)


def readable(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return unescape(response.content.decode("utf-8", errors="replace"))


def public_route_name(path: str) -> str | None:
    """The public route answering `path`, or None when it is not a public path."""
    parts = urlsplit(path)
    if parts.netloc not in ("", "testserver") or not parts.path.lstrip("/").startswith(PUBLIC_PREFIXES):
        return None
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return None


def links_in(response, base: str) -> list[str]:
    text = response.content.decode("utf-8", errors="replace")
    found = re.findall(r"""(?:href|action)=["']([^"'#]+)""", text)
    if response.get("Content-Type", "").startswith("application/json"):
        found += re.findall(r'"((?:https?://testserver)?/(?:api/)?public/[^"\s]*)"', text)
        body = response.json()
        rows = body.get("results", []) if isinstance(body, dict) else []
        # A list endpoint names its rows by id: their detail URLs are the list's path + id.
        found += [f"{urlsplit(base).path}{row['id']}/" for row in rows if isinstance(row, dict) and "id" in row]
    links = []
    for link in found:
        absolute = urljoin(base, unescape(link))
        parts = urlsplit(absolute)
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


class Scan:
    def __init__(self, values: dict[str, str], addresses: list[tuple[str, str]]):
        self.client = Client()
        self.values = values
        self.addresses = addresses
        self.visited: set[str] = set()
        self.reached: dict[str, int] = {}  # route name -> answers with 200
        self.leaks: list[str] = []

    def check(self, label: str, response) -> None:
        assert response.status_code < 500, (label, response.status_code)
        text = readable(response)
        for pattern, what in ((ID_NUMBER, "ID number"), (MOBILE, "mobile number"), (BANK_ACCOUNT, "bank account")):
            self.leaks += [
                f"{label}: {what} {m.group()} in …{text[max(0, m.start() - 30) : m.end() + 30]}…"
                for m in pattern.finditer(text)
            ]
        self.leaks += [f"{label}: {what}" for value, what in self.values.items() if value in text]
        self.leaks += [
            f"{label}: address of {name}" for name, address in self.addresses if name in text and address in text
        ]
        self.leaks += [f"{label}: home address {m.group('value')}" for m in HOME_ADDRESS.finditer(text)]

    def send(self, method: str, path: str, data=None):
        cache.clear()  # throttles count per client address: the scan is one client asking a lot
        response = getattr(self.client, method)(path, data or {})
        name = public_route_name(path)
        if name and response.status_code == 200:
            self.reached[name] = self.reached.get(name, 0) + 1
        self.check(f"{method.upper()} {path}", response)
        return response

    def after_submitting(self, session_key: str, tracking_code: str, done_page: str) -> None:
        """The page an applicant sees after submitting: it reads the tracking code from the session."""
        session = self.client.session
        session[session_key] = tracking_code
        session.save()
        self.send("get", done_page)

    def crawl(self, start: list[str]) -> None:
        queue = list(start)
        while queue and len(self.visited) < MAX_VISITS:
            path = queue.pop(0)
            if path in self.visited or public_route_name(path) is None:
                continue
            self.visited.add(path)
            response = self.send("get", path)
            if response.status_code == 200:
                queue += [link for link in links_in(response, f"http://testserver{path}") if link not in self.visited]


@pytest.mark.django_db(transaction=False)
def test_no_public_page_or_endpoint_shows_id_numbers_phones_bank_accounts_or_home_addresses():
    call_command("load_demo", quiet=True)
    shared = shared_address_decision()
    public_routes = [route for prefix in PUBLIC_PREFIXES for route in routes(prefix)]
    scan = Scan(*personal_values())
    assert ("孟晓燕", SHARED_ADDRESS) in scan.addresses and "140525199003121235" in scan.values

    scan.crawl([f"/{route.path}" for route in public_routes if not route.has_arguments])
    for application in AssistanceRequest.objects.exclude(tracking_code=""):
        last4 = "".join(ch for ch in application.contact_phone if ch.isdigit())[-4:]
        scan.send("get", f"/api/public/assistance-requests/{application.tracking_code}/", {"phone_last4": last4})
        scan.send("post", "/public/status/", {"tracking_code": application.tracking_code, "phone_last4": last4})
        scan.after_submitting(ASSISTANCE_CODE_KEY, application.tracking_code, "/public/apply/done/")
    for application in EarlyRemovalApplication.objects.exclude(tracking_code=""):
        last4 = "".join(ch for ch in application.contact_phone if ch.isdigit())[-4:]
        path = f"/api/public/credit-removal-applications/{application.tracking_code}/"
        scan.send("get", path, {"phone_last4": last4})
        scan.after_submitting(CREDIT_CODE_KEY, application.tracking_code, "/public/credit-list/apply-removal/done/")
        scan.send(
            "post",
            "/public/credit-list/removal-status/",
            {"tracking_code": application.tracking_code, "phone_last4": last4},
        )

    assert scan.leaks == [], "\n".join(scan.leaks)
    unreached = {route.name for route in public_routes} - set(scan.reached) - set(REACHED_OTHERWISE)
    assert unreached == set(), "public routes the scan never reached with a 200"
    # The decisions of the issue, read as the public reads them: the person's address is masked
    # wherever it stands, the company sharing it loses its 住所 too (showing it would show hers).
    for title, company_seat in (("刘玉梅", None), ("孟晓燕", "晋城市凤台东街商贸有限公司，住所：［住址已隐去］")):
        publication = Publication.objects.get(title__contains=title, state="published")
        body = scan.send("get", f"/api/public/penalty-decisions/{publication.pk}/").json()
        assert "住址：［住址已隐去］" in body["published_text"]
        assert company_seat is None or company_seat in body["published_text"]
    assert shared.title.endswith("孟晓燕")
