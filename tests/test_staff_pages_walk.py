"""Every staff page of the demo data, as every role: no 500, no English template text (Django's and
DRF's defaults such as "This field is required.", "Page not found", a value shown as None / True /
False) and no raw field name (a snake_case identifier in the visible text).

The routes are read from the URL conf (tests/routes.py), so a page added later is walked without
editing this file: a route with arguments needs sample arguments in SAMPLES (real ids of the demo
data, a few per type), unless a GET is refused there anyway (405: a form's POST target). GET only.

One demo world per module, built inside a transaction rolled back after the module; each test's own
writes (a notification opened marks it read) are rolled back after the test."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from casemgmt.org.models import Role, User
from casemgmt.workflow.registry import workflow_types
from casemgmt.workflow.selectors import available_transitions

from .routes import Route, routes

# Sweeps of the whole HTTP surface run once, in the PostgreSQL stage of `make test`.
pytestmark = pytest.mark.surface

# The demo accounts, one of every role (the partner agency's account included).
ACCOUNTS = (
    "clerk",
    "mediator",
    "centre_head",
    "officer_city",
    "officer_zezhou",
    "reviewer",
    "bureau_head",
    "credit_officer",
    "auditor",
    "admin",
    "partner",
)
STAFF_PREFIXES = ("api/", "admin/", "public/", "media/", "static/")
PER_TYPE = 2  # detail pages per workflow type and role: the first and the last the role may open
TRANSITIONS_PER_OBJECT = 2

ENGLISH_DEFAULTS = re.compile(
    r"This field|is required|Page not found|Not Found|Server Error|Forbidden|Bad Request|"
    r"Method Not Allowed|Enter a valid|Select a valid|Ensure this|Authentication credentials|"
    r"You do not have permission|CSRF|Invalid|No results|Next|Previous|\b(?:None|True|False|null|true|false)\b"
)
# Three English words in a row is English text; single words (PDF, Excel, SHA-256, xlsx) are fine.
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Attributes people read (or hear) as text.
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "label"}


# Not text to read: code, and names to type (an API path, a JSON key) marked as code.
SKIPPED_TAGS = {"script", "style", "svg", "template", "code", "pre", "kbd", "samp"}


class _Text(HTMLParser):
    """The text a person sees: text nodes outside scripts and styles, and readable attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skip += 1
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def problems_of(url: str, response, *, names=frozenset()) -> list[str]:
    """What is wrong with a page; `names` are values that may look like identifiers (user names)."""
    if response.status_code >= 500:
        return [f"{url}: {response.status_code}"]
    if not response.get("Content-Type", "").startswith("text/html") or getattr(response, "streaming", False):
        return []
    found = []
    for text in visible_text(response.content.decode()):
        for pattern, what in (
            (ENGLISH_DEFAULTS, "英文默认文本"),
            (ENGLISH_SENTENCE, "英文句子"),
            (SNAKE_CASE, "字段名"),
        ):
            match = next((m for m in pattern.finditer(text) if m.group(0) not in names), None)
            if match:
                found.append(f"{url}: {what} {match.group(0)!r} in {text[:80]!r}")
    return found


# --- sample arguments of the routes that take some --------------------------------------------------


def _first_and_last(queryset, n: int = PER_TYPE) -> list:
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    return list(dict.fromkeys(ids[:1] + ids[-(n - 1) :])) if n > 1 and ids else ids[:n]


def _objects(user) -> list[tuple[str, object]]:
    """A few objects of every workflow type the user may read."""
    chosen = []
    for wf in workflow_types():
        queryset = wf.selector(user)
        for pk in _first_and_last(queryset):
            chosen.append((wf.key, queryset.get(pk=pk)))
    return chosen


def _model_ids(model, n: int = 1) -> list[int]:
    return _first_and_last(model.objects.all(), n)


def _object_detail(user):
    return [{"type_key": key, "pk": obj.pk} for key, obj in _objects(user)]


def _object_list(user):
    return [{"type_key": wf.key} for wf in workflow_types()]


def _object_transition(user):
    samples = []
    for key, obj in _objects(user):
        for transition in available_transitions(obj, user)[:TRANSITIONS_PER_OBJECT]:
            samples.append({"type_key": key, "pk": obj.pk, "name": transition["name"]})
    return samples


def _documents(user):
    from casemgmt.documents.models import OfficialDocument

    return [{"pk": pk} for pk in _model_ids(OfficialDocument, 3)]


def _document_files(user):
    return [{"pk": kwargs["pk"], "fmt": fmt} for kwargs in _documents(user)[:1] for fmt in ("pdf", "docx")]


def _notifications(user):
    from casemgmt.notifications.models import Notification

    return [{"pk": pk} for pk in _first_and_last(Notification.objects.filter(recipient=user), 1)]


def _raids(user):
    from enforcement.models.inspections import Inspection

    return [{"pk": pk} for pk in Inspection.objects.order_by("pk").values_list("case_id", flat=True)[:1]]


def _raid_details(user):
    from enforcement.models.inspections import Inspection

    return [{"pk": i.case_id, "inspection_pk": i.pk} for i in Inspection.objects.order_by("pk")[:2]]


def _ids_of(model_path: str, n: int = 1):
    def samples(user):
        from django.apps import apps

        return [{"pk": pk} for pk in _model_ids(apps.get_model(model_path), n)]

    return samples


def _own_jobs(user):
    """The user's long jobs; the demo has none, so one finished export and one queued report are
    written for them (rows only: their pages and the progress box are what is walked)."""
    from casemgmt.jobs.models import FileJob
    from dashboard.models import ReportRun

    job = FileJob.objects.filter(requested_by=user).first() or FileJob.objects.create(
        requested_by=user,
        kind=FileJob.Kind.EXPORT,
        title="维权援助申请 Excel 导出",
        status=FileJob.Status.DONE,
        params={"summary": ["导出时符合条件的记录约 600 条（以生成时为准）。"]},
        steps_total=4,
        steps_done=4,
        filename="assistance_request.xlsx",
    )
    run = ReportRun.objects.filter(requested_by=user).first() or ReportRun.objects.create(
        requested_by=user, period="2026-01", steps_total=7, steps_done=2, status=ReportRun.Status.RUNNING
    )
    return job, run


def _jobs(user):
    return [{"pk": _own_jobs(user)[0].pk}]


def _job_progress(user):
    return [{"kind": job.job_kind, "pk": job.pk} for job in _own_jobs(user)]


def _targets(user):
    from enforcement.supervision.models import SpotCheckTarget

    targets = SpotCheckTarget.objects.order_by("pk")
    return [{"pk": t.spot_check_id, "target_id": t.pk} for t in list(targets[:1]) + list(targets.reverse()[:1])]


def _sessions(user):
    from cases.models import MediationSession

    sessions = MediationSession.objects.order_by("pk")
    return [{"pk": s.mediation_id, "session_id": s.pk} for s in list(sessions[:1]) + list(sessions.reverse()[:1])]


SAMPLES = {
    "web:object-list": _object_list,
    "web:object-detail": _object_detail,
    "web:object-transition": _object_transition,
    "web:document-print": _documents,
    "web:document-file": _document_files,
    "web:notification-open": _notifications,
    "web:enforcement-raid": _raids,
    "web:enforcement-raid-detail": _raid_details,
    "web:supervision-agency": _ids_of("supervision.Agency", 2),
    "web:supervision-agency-edit": _ids_of("supervision.Agency"),
    "web:supervision-inspector": _ids_of("supervision.Inspector", 2),
    "web:supervision-inspector-edit": _ids_of("supervision.Inspector"),
    "web:supervision-item-edit": _ids_of("supervision.InspectionItem"),
    "web:supervision-plan": _ids_of("supervision.AnnualPlan", 2),
    "web:supervision-plan-edit": _ids_of("supervision.AnnualPlan"),
    "web:supervision-plan-file": _ids_of("supervision.AnnualPlan"),
    "web:supervision-spot-check": _ids_of("supervision.SpotCheck", 2),
    "web:supervision-spot-check-verify": _ids_of("supervision.SpotCheck"),
    "web:supervision-spot-check-result": _targets,
    "web:supervision-spot-check-follow-up": _targets,
    "web:credit-removal-counter": _ids_of("creditlist.CreditEntry", 2),
    "web:object-create": _object_list,
    "web:object-edit": _object_detail,
    "web:object-attachments": _object_detail,
    "web:party-edit": _ids_of("parties.Party", 2),
    "web:mediation-session-create": _ids_of("cases.MediationCase", 2),
    "web:mediation-session-edit": _sessions,
    "web:mediation-court-report": _ids_of("cases.MediationCase", 2),
    # Reports exist once someone asks for one (the demo has none): then their pages are walked too.
    "web:dashboard-report": _ids_of("dashboard.ReportRun"),
    "web:dashboard-report-download": _ids_of("dashboard.ReportRun"),
    "web:dashboard-report-pdf": _ids_of("dashboard.ReportRun"),
    # Long jobs exist once someone starts one (the demo has none; the walk starts one, see _jobs).
    "web:job": _jobs,
    "web:job-download": _jobs,
    "web:job-progress": _job_progress,
}


def _staff_routes() -> list[Route]:
    return [r for r in routes() if not r.path.startswith(STAFF_PREFIXES) and r.name.startswith("web:")]


def _placeholder_kwargs(route: Route) -> dict:
    names = set(route.converters) | set(re.findall(r"<(?:\w+:)?(\w+)>", route.path))
    converters = route.converters
    return {name: (1 if name in converters and converters[name].regex == "[0-9]+" else "x") for name in names}


# --- the world --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield {name: User.objects.get(username=name) for name in ACCOUNTS}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_has_an_account_of_every_role(demo_world):
    assert {user.role for user in demo_world.values()} == set(Role.values)


@pytest.mark.django_db
@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_staff_page_speaks_chinese_and_never_fails(demo_world, account):
    user = demo_world[account]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    problems, walked = [], 0
    usernames = frozenset(User.objects.values_list("username", flat=True))  # shown as 账号
    for route in _staff_routes():
        if route.name in ("web:logout", "web:notifications-mark-read"):
            continue  # POST only, and signing out would end the walk
        if route.has_arguments and route.name not in SAMPLES:
            url = reverse(route.name, kwargs=_placeholder_kwargs(route))
            status = client.get(url).status_code
            if status not in (302, 405):  # a form's POST target (the partner is sent away first)
                problems.append(f"{route.name}: answers GET ({status}); give it sample ids in SAMPLES")
            continue
        for kwargs in SAMPLES[route.name](user) if route.has_arguments else [{}]:
            url = reverse(route.name, kwargs=kwargs)
            problems += problems_of(url, client.get(url), names=usernames)
            walked += 1
    assert walked > 20
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_they_look_for():
    page = (
        "<html><head><title>x</title><script>var field_name = true;</script></head><body>"
        "<p>This field is required.</p><td>None</td><span>hearing_right</span>"
        "<input placeholder='Enter a valid date'><p>Please try again later</p><p>导出 Excel · PDF</p></body></html>"
    )

    class Page:
        status_code = 200

        def get(self, name, default=""):
            return "text/html; charset=utf-8"

        content = page.encode()

    found = " ".join(problems_of("/x/", Page()))
    for expected in ("This field", "None", "hearing_right", "Enter a valid", "Please try again"):
        assert expected in found
    assert "field_name" not in found and "Excel" not in found
