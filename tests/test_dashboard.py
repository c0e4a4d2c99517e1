"""The programme dashboard (issue 15 item 3): its numbers equal counts made here, independently, with
plain ORM reads and Python over the same data (the demo plus cases in two counties); each number
links to the staff list of exactly the cases it counts; a county user's dashboard holds nothing of
another county.

What the numbers mean is stated here once more, in the test's own terms:
- new: created in the period; closed: the first history row entering a closing state (结案, 办结,
  不予受理, 撤回 …) falls in the period and the case has not gone back to work since;
- within the limit: every governing deadline of a closed case (not cancelled) was met on or before
  its due date; overdue: the kernel's own grouping puts one of the case's deadlines in "overdue";
- fines imposed / collected: the penalty decisions made / the payments made in the period;
- mediation success: mediations first reaching an agreement or a termination in the period, and
  those of them that reached an agreement; publications within 20 working days: publications
  published in the period whose publication deadline was met in time; list entries: listed in the
  period; findings: spot-check tasks with a result in the period that found a problem."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.selectors import group_by_urgency
from casemgmt.org.models import Role
from casemgmt.publication.models import Publication
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.registry import get_workflow_type
from cases.models import ArbitrationReferral, AssistanceRequest, MediationCase
from creditlist.models import CreditEntry
from enforcement.models import EnforcementCase, PenaltyDecision, PenaltyPayment
from enforcement.supervision.models import SpotCheck, TargetResult

from .enforcement_factories import bureau, penalty_case_until, penalty_clue
from .factories import CITY, GAOPING, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .mediation_factories import mediation_case

# The definitions, per dashboard row: (model, narrowing, closing states, states a closed case may be in, limits).
ROWS = {
    "assistance": (
        AssistanceRequest,
        {},
        {"closed", "rejected", "withdrawn"},
        {"closed", "followed_up", "archived", "rejected", "withdrawn"},
        {"completion"},
    ),
    "mediation": (
        MediationCase,
        {},
        {"declined", "agreement_reached", "terminated", "withdrawn"},
        {
            "declined",
            "agreement_reached",
            "terminated",
            "withdrawn",
            "judicial_confirmation_requested",
            "confirmed",
            "confirmation_rejected",
            "performed",
            "enforcement_applied",
            "referred",
        },
        {"court_entrusted_period"},
    ),
    "arbitration": (ArbitrationReferral, {}, {"closed", "declined"}, {"closed", "declined"}, set()),
    "penalty": (
        EnforcementCase,
        {"procedure": "penalty"},
        {"closed", "not_filed"},
        {"closed", "not_filed", "archived"},
        {"decision"},
    ),
    "adjudication": (
        EnforcementCase,
        {"procedure": "adjudication"},
        {"decided", "rejected", "withdrawn", "terminated"},
        {"decided", "served", "final", "court_enforcement_applied", "rejected", "withdrawn", "terminated"},
        {"decision"},
    ),
    "credit": (
        CreditEntry,
        {},
        {"removed", "expired", "revoked", "dismissed"},
        {"removed", "expired", "revoked", "dismissed"},
        set(),
    ),
    "spot_check": (
        SpotCheck,
        {},
        {"followed_up", "cancelled"},
        {"followed_up", "cancelled"},
        {"publication"},
    ),
}
TYPE_OF_ROW = {
    "assistance": "assistance_request",
    "mediation": "mediation",
    "arbitration": "arbitration_referral",
    "penalty": "enforcement_case",
    "adjudication": "enforcement_case",
    "credit": "credit_entry",
    "spot_check": "spot_check",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo plus cases in two counties, loaded once for the module and rolled back after it
    (each test runs inside it, in its own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", quiet=True)
        zezhou = [assistance_request(jurisdiction_code=ZEZHOU) for _ in range(2)]
        zezhou.append(penalty_clue(jurisdiction_code=ZEZHOU))
        clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
        zezhou.append(mediation_case(jurisdiction_code=ZEZHOU, actor=clerk))
        gaoping = [assistance_request(jurisdiction_code=GAOPING), penalty_case_until("decide", bureau(GAOPING))]
        yield {"zezhou": zezhou, "gaoping": gaoping}
        transaction.set_rollback(True)


@pytest.fixture
def city_auditor(demo, db):
    return UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))


@pytest.fixture
def zezhou_auditor(demo, db):
    return UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(ZEZHOU))


# --- the page, read as a person would ---------------------------------------------------------------


def page_of(user, url="/dashboard/"):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return client, response.content.decode()


FIGURE = re.compile(r'<a[^>]*\bhref="([^"]*)"[^>]*\bdata-figure="([^"]+)"[^>]*>([^<]*)</a>')


def figures(html: str) -> dict[str, tuple[str, str]]:
    """data-figure key → (shown text, link)."""
    return {key: (text.strip(), unescape(href)) for href, key, text in FIGURE.findall(html)}


def dash_links(html: str) -> set[str]:
    return {unescape(href) for href in re.findall(r'href="(/w/[^"]*dash=[^"]*)"', html)}


def listed_ids(client, url: str) -> tuple[str, set[int]]:
    """The type and the ids of every case the list shows, across its pages (a row links to the
    case's page: the generic one, or a type's own such as a spot-check task's)."""
    type_key = urlsplit(url).path.split("/")[2]
    pages = {obj.get_absolute_url(): obj.pk for obj in get_workflow_type(type_key).model.objects.all()}
    ids, page = set(), 1
    while True:
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200
        html = response.content.decode()
        ids |= {pages[href] for href in re.findall(r'class="cell-title"><a href="([^"]+)"', html)}
        if f"page={page + 1}" not in unescape(html):
            return type_key, ids
        page += 1


# --- the expected numbers, computed here ------------------------------------------------------------


def this_year():
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), dt.date(today.year + 1, 1, 1)


def inside(day, period) -> bool:
    first, end = period
    return first <= day < end


def local_day(moment) -> dt.date:
    return timezone.localdate(moment)


def visible(model, narrowing, codes):
    objects = model.objects.filter(**narrowing)
    return [o for o in objects if codes is None or o.jurisdiction_id in codes]


def history(obj):
    return list(TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk))


def deadlines(obj):
    return list(Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk))


def closed_at(obj, closing, ended):
    if obj.state not in ended:
        return None
    entries = [log.at for log in history(obj) if log.target in closing]
    return min(entries) if entries else None


def expected_row(key, period, codes):
    """{measure: set of ids} and the average handling days of one row."""
    model, narrowing, closing, ended, limits = ROWS[key]
    objects = visible(model, narrowing, codes)
    new = {o.pk for o in objects if inside(local_day(o.created_at), period)}
    closed, limited, within, days = set(), set(), set(), []
    for o in objects:
        at = closed_at(o, closing, ended)
        if at is None or not inside(local_day(at), period):
            continue
        closed.add(o.pk)
        days.append((at - o.created_at).total_seconds() / 86400)
        governing = [d for d in deadlines(o) if d.kind in limits and d.status != "cancelled"]
        if governing:
            limited.add(o.pk)
            if all(d.status == "met" and d.met_at <= d.due for d in governing):
                within.add(o.pk)
    overdue = {o.pk for o in objects if group_by_urgency(deadlines(o)).overdue}
    sets = {"new": new, "closed": closed, "overdue": overdue}
    if limits:
        sets |= {"limited": limited, "within_limit": within}
    return sets, (sum(days) / len(days) if days else None)


def expected_extras(period, codes):
    """{figure key: set of ids}, and the sums of fines imposed and collected."""
    cases = {c.pk for c in visible(EnforcementCase, {"procedure": "penalty"}, codes)}
    decisions = [d for d in PenaltyDecision.objects.all() if d.case_id in cases and inside(d.decided_on, period)]
    payments = [
        p
        for p in PenaltyPayment.objects.select_related("decision")
        if p.decision.case_id in cases and inside(p.paid_on, period)
    ]
    concluded, succeeded = set(), set()
    for m in visible(MediationCase, {}, codes):
        logs = history(m)
        ends = [log.at for log in logs if log.target in ("agreement_reached", "terminated")]
        if ends and inside(local_day(min(ends)), period):
            concluded.add(m.pk)
            if any(log.target == "agreement_reached" for log in logs):
                succeeded.add(m.pk)
    published, in_time = set(), set()
    for p in visible(Publication, {}, codes):
        if p.published_at and inside(local_day(p.published_at), period):
            published.add(p.pk)
            if any(d.kind == "publication" and d.status == "met" and d.met_at <= d.due for d in deadlines(p)):
                in_time.add(p.pk)
    spot_checks = {s.pk for s in visible(SpotCheck, {}, codes)}
    findings = {
        r.target.spot_check_id
        for r in TargetResult.objects.select_related("target")
        if r.finding != "no_problem" and inside(r.checked_on, period) and r.target.spot_check_id in spot_checks
    }
    sets = {
        "penalty-fined": {d.case_id for d in decisions},
        "penalty-paid": {p.decision.case_id for p in payments},
        "mediation-concluded": concluded,
        "mediation-succeeded": succeeded,
        "publication-published": published,
        "publication-in_time": in_time,
        "credit-listed": {e.pk for e in visible(CreditEntry, {}, codes) if e.listed_on and inside(e.listed_on, period)},
        "spot_check-findings": findings,
    }
    sums = {
        "fines-imposed": sum((d.fine_amount for d in decisions), Decimal("0")),
        "fines-collected": sum((p.amount for p in payments), Decimal("0")),
    }
    return sets, sums


def expected_figures(period, codes):
    """Every figure of the dashboard: key → (type, set of ids) or a shown value."""
    sets, shown = {}, {}
    for key in ROWS:
        row_sets, average = expected_row(key, period, codes)
        for measure, ids in row_sets.items():
            sets[f"{key}-{measure}"] = (TYPE_OF_ROW[key], ids)
        shown[f"{key}-avg_days"] = None if average is None else f"{average:.1f}"
    extras, sums = expected_extras(period, codes)
    types = {"penalty": "enforcement_case", "mediation": "mediation", "publication": "publication"}
    types |= {"credit": "credit_entry", "spot_check": "spot_check"}
    for key, ids in extras.items():
        sets[key] = (types[key.split("-")[0]], ids)
    return sets, sums | shown


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def rate_text(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


# --- the tests --------------------------------------------------------------------------------------


def test_the_city_dashboard_shows_the_counts_computed_independently_from_the_same_data(city_auditor):
    _, html = page_of(city_auditor)
    shown = figures(html)
    sets, values = expected_figures(this_year(), codes=None)

    for key, (_, ids) in sets.items():
        assert shown[key][0] == str(len(ids)), key
    assert sum(len(ids) for _, ids in sets.values()) > 40  # the demo gives the figures something to count
    for key in ("assistance", "mediation", "penalty", "adjudication", "credit", "spot_check"):
        if values[f"{key}-avg_days"] is not None:
            assert shown[f"{key}-avg_days"][0] == values[f"{key}-avg_days"], key
    assert amount(shown["fines-imposed"][0]) == values["fines-imposed"]
    assert amount(shown["fines-collected"][0]) == values["fines-collected"]
    assert values["fines-imposed"] > 0
    succeeded, concluded = len(sets["mediation-succeeded"][1]), len(sets["mediation-concluded"][1])
    assert shown["mediation-rate"][0] == rate_text(succeeded, concluded)
    in_time, published = len(sets["publication-in_time"][1]), len(sets["publication-published"][1])
    assert shown["publication-rate"][0] == rate_text(in_time, published)


def test_an_earlier_period_counts_nothing_new_while_overdue_stays_a_count_of_today(city_auditor):
    _, html = page_of(city_auditor, f"/dashboard/?period={timezone.localdate().year - 1}-Q4")
    shown = figures(html)
    sets, _ = expected_figures(this_year(), codes=None)
    for key in ROWS:
        assert shown[f"{key}-new"][0] == "0"
        assert shown[f"{key}-closed"][0] == "0"
        assert shown[f"{key}-overdue"][0] == str(len(sets[f"{key}-overdue"][1]))
    assert any(sets[f"{key}-overdue"][1] for key in ROWS)


def test_every_number_links_to_the_list_of_exactly_the_cases_it_counts(city_auditor):
    client, html = page_of(city_auditor)
    shown = figures(html)
    sets, _ = expected_figures(this_year(), codes=None)
    for key, (type_key, ids) in sets.items():
        listed_type, listed = listed_ids(client, shown[key][1])
        assert (listed_type, listed) == (type_key, ids), key


def test_the_county_breakdown_links_to_each_countys_own_cases(city_auditor, demo):
    client, html = page_of(city_auditor)
    county_links = {link for link in dash_links(html) if "jurisdiction=" in link}
    assert county_links
    for link in county_links:
        params = parse_qs(urlsplit(link).query)
        code, measure, row = params["jurisdiction"][0], params["dash"][0], params["row"][0]
        row_sets, _ = expected_row(row, this_year(), codes={code})
        assert listed_ids(client, link) == (TYPE_OF_ROW[row], row_sets[measure]), link
    zezhou_new = [link for link in county_links if "jurisdiction=140525" in link and "dash=new" in link]
    assert any(listed_ids(client, link)[1] for link in zezhou_new)


def test_a_county_users_dashboard_holds_no_other_countys_cases(zezhou_auditor, demo):
    client, html = page_of(zezhou_auditor, f"/dashboard/?jurisdiction={GAOPING}")  # another county: ignored
    shown = figures(html)
    sets, _ = expected_figures(this_year(), codes={ZEZHOU})
    for key, (_, ids) in sets.items():
        assert shown[key][0] == str(len(ids)), key
    mine = {(type(o).workflow_type, o.pk) for o in demo["zezhou"]}
    assert {("assistance_request", pk) for pk in sets["assistance-new"][1]} >= {
        m for m in mine if m[0] == "assistance_request"
    }
    # The fine imposed in Gaoping is not Zezhou's.
    _, sums = expected_extras(this_year(), {ZEZHOU})
    assert amount(shown["fines-imposed"][0]) == sums["fines-imposed"]
    gaoping_case = demo["gaoping"][1]
    assert gaoping_case.penalty_decision.fine_amount > 0
    assert gaoping_case.pk not in sets["penalty-fined"][1]
    assert "分区划" not in html and "高平市" not in html

    others = {(type(o).workflow_type, o.pk) for o in demo["gaoping"]}
    for link in dash_links(html):
        type_key, ids = listed_ids(client, link)
        assert not {(type_key, pk) for pk in ids} & others
        objects = EnforcementCase if type_key == "enforcement_case" else None
        if objects is not None:
            assert set(objects.objects.filter(pk__in=ids).values_list("jurisdiction_id", flat=True)) <= {ZEZHOU}
    # The county user asking the list for another county's figures gets none of them.
    _, listed = listed_ids(
        client, f"/w/assistance_request/?dash=new&period={this_year()[0].year}&jurisdiction={GAOPING}"
    )
    assert listed == sets["assistance-new"][1]


def test_a_malformed_dashboard_link_lists_no_case_and_a_malformed_period_shows_this_year(city_auditor):
    client, _ = page_of(city_auditor)
    year = this_year()[0].year
    for url in (
        f"/w/assistance_request/?dash=nonsense&period={year}",
        "/w/assistance_request/?dash=new&period=20x6",
        f"/w/assistance_request/?dash=fined&period={year}",
        f"/w/enforcement_case/?dash=closed&period={year}",  # two rows: the link must name one
        f"/w/enforcement_case/?dash=new&row=mediation&period={year}",
        f"/w/spot_check/?dash=findings.bogus&period={year}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "统计链接无效" in response.content.decode()
        assert 'class="cell-title"' not in response.content.decode(), url

    _, html = page_of(city_auditor, "/dashboard/?period=2026-13&jurisdiction=<script>")
    assert "统计期间格式不正确" in html
    assert f'<option value="{year}" selected>' in html
    assert "<script>" not in html.split("</header>", 1)[1].replace("<script src", "")


def test_the_dashboard_is_in_the_sidebar_and_draws_its_charts_without_scripts(city_auditor):
    _, html = page_of(city_auditor)
    assert 'href="/dashboard/"' in html.split('aria-label="主导航"', 1)[1]
    charts = re.findall(r'<svg class="dash-svg".*?</svg>', html, re.S)
    assert len(charts) >= 3
    assert all("<script" not in chart and "style=" not in chart for chart in charts)
    assert all(re.search(r'<a href="/w/[^"]*dash=', chart) for chart in charts)
