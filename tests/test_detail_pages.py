"""The generic object page shows what matters (issue 14 items 2 and 4): a transition blocked by a
condition is shown disabled with the reason and the page that fixes it; the parties in full,
masked by role; history values under Chinese labels and formatted; dates as 2026年12月2日 in text
and ISO in date inputs."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import include, path
from django.utils import timezone

from casemgmt import urls as project_urls
from casemgmt.org.models import Role
from casemgmt.web.fixes import route_url
from casemgmt.web.views import objects
from casemgmt.workflow.services import fire_transition
from enforcement.models import EnforcementCase

from . import enforcement_factories as ef
from .factories import CITY, PersonFactory, assistance_request

pytestmark = pytest.mark.django_db


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def detail_url(obj) -> str:
    return f"/w/{obj.workflow_type}/{obj.pk}/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------- no dead ends ----------


def test_acceptance_without_a_respondent_is_shown_disabled_with_the_reason(make_user):
    request = assistance_request(respondent=False)
    html = page(make_user(Role.CENTRE_HEAD), detail_url(request))

    blocked = re.search(r'<li class="blocked-action" data-blocked-transition="accept">(.*?)</li>', html, re.S)
    assert blocked is not None
    assert "<button" in blocked.group(1) and "disabled" in blocked.group(1)
    assert "申请未列明明确的对方当事人，不能受理。" in blocked.group(1)
    assert f"/w/assistance_request/{request.pk}/transition/accept/" not in html  # no live button
    assert 'data-transition="reject"' in html  # what can be done stays a button
    edit = route_url("web:object-edit", type_key="assistance_request", pk=request.pk)
    if edit is None:
        assert "data-fix-link" not in blocked.group(1)  # never a link to a page that does not exist
    else:
        assert f'href="{edit}#respondent"' in blocked.group(1) and "补充对方当事人" in blocked.group(1)


# The edit page (web:object-edit, /w/<type_key>/<pk>/edit/) is another part of issue 14; this URL
# conf mounts a stand-in under that name, so the link is checked whether or not the page is merged.
urlpatterns = [
    *project_urls.urlpatterns[:-1],
    path(
        "",
        include(
            (
                [
                    *project_urls.staff_pages,
                    path("w/<slug:type_key>/<int:pk>/edit/", objects.object_detail, name="object-edit"),
                ],
                "web",
            )
        ),
    ),
]


@pytest.mark.urls(__name__)
def test_the_fix_link_leads_to_the_edit_pages_respondent_section(make_user):
    request = assistance_request(respondent=False)
    html = page(make_user(Role.CENTRE_HEAD), detail_url(request))
    blocked = re.search(r'data-blocked-transition="accept">(.*?)</li>', html, re.S).group(1)
    link = re.search(r'<a href="([^"]+)" data-fix-link>([^<]+)</a>', blocked)
    assert link is not None
    assert link.group(1) == f"/w/assistance_request/{request.pk}/edit/#respondent"
    assert link.group(2) == "补充对方当事人"


@pytest.mark.urls(__name__)
def test_no_fix_link_for_a_role_that_may_not_edit(make_user, monkeypatch):
    from dataclasses import replace

    from cases.rules import assistance as rules

    request = assistance_request(respondent=False)
    nobody = replace(rules.has_counterparty.fix, permission=lambda obj, user: False)
    monkeypatch.setattr(rules.has_counterparty, "fix", nobody)
    html = page(make_user(Role.CENTRE_HEAD), detail_url(request))
    assert "申请未列明明确的对方当事人" in html and "data-fix-link" not in html


def test_a_blocked_transition_is_not_shown_to_roles_that_could_never_fire_it(make_user):
    request = assistance_request(respondent=False)
    for role in (Role.INTAKE_CLERK, Role.AUDITOR):
        assert "data-blocked-transition" not in page(make_user(role), detail_url(request))


def test_a_request_with_a_respondent_offers_acceptance_as_a_live_button(make_user):
    request = assistance_request()
    html = page(make_user(Role.CENTRE_HEAD), detail_url(request))
    assert 'data-transition="accept"' in html and "data-blocked-transition" not in html


# ---------- parties ----------


def test_parties_are_shown_in_full_to_staff_and_masked_for_the_auditor(make_user):
    person = PersonFactory.build()
    request = assistance_request(respondent=False)
    request.respondent = type(request.applicant).objects.create(
        kind="person", name=person.name, id_number=person.id_number, phone="13812345678", address="晋城市城区某街1号"
    )
    request.save(update_fields=["respondent"])

    staff = text_of(page(make_user(Role.CENTRE_HEAD), detail_url(request)))
    auditor = text_of(page(make_user(Role.AUDITOR), detail_url(request)))

    for text in (staff, auditor):
        assert "对方当事人" in text and person.name in text and request.applicant.name in text
        assert "晋城市城区某街1号" in text
    assert person.id_number in staff and "13812345678" in staff
    assert person.id_number not in auditor and "13812345678" not in auditor
    assert person.id_number[:6] + "********" + person.id_number[-4:] in auditor


def test_the_enforcement_case_page_names_its_parties_once(make_user):
    bureau = ef.bureau(CITY)
    case = ef.penalty_clue(actor=bureau.officers[0], jurisdiction_code=CITY)
    respondent = case.respondents[0]
    html = page(bureau.officers[0], detail_url(case))
    parties = re.search(r"<section[^>]*data-parties>(.*?)</section>", html, re.S)
    assert parties is not None
    assert "当事人" in parties.group(1) and respondent.name in parties.group(1)
    assert respondent.credit_code in parties.group(1)
    labels = re.findall(r"<dt>(.*?)</dt>", html.split('<dl class="fields">', 1)[1].split("</dl>", 1)[0])
    assert len(labels) == len(set(labels))  # no label twice among the basic facts
    assert "案号登记" not in labels


# ---------- history and dates ----------


def test_history_shows_chinese_labels_and_formatted_values_never_raw_keys(make_user):
    bureau = ef.bureau(CITY)
    case = ef.penalty_case_until("notify", bureau)
    html = page(bureau.head, detail_url(case))
    timeline = html.split("办理记录", 1)[1]
    assert "hearing_right" not in timeline and "False" not in timeline and "True" not in timeline
    assert "告知听证权利" in timeline
    served = case.notice_served_on
    assert f"告知书送达日期</dt><dd>{served.year}年{served.month}月{served.day}日" in timeline


def test_dates_are_written_in_chinese_in_text(make_user):
    bureau = ef.bureau(CITY)
    case = ef.penalty_clue(actor=bureau.officers[0], jurisdiction_code=CITY, received_on=dt.date(2026, 3, 2))
    text = text_of(page(bureau.officers[0], detail_url(case)))
    assert "线索/请求收到日期 2026年3月2日" in text
    assert "2026-03-02" not in text


def test_the_statement_form_prefills_no_date_the_input_rejects(make_user):
    bureau = ef.bureau(CITY)
    case = ef.penalty_case_until("notify", bureau, received_on=timezone.localdate() - dt.timedelta(days=40))
    assert case.received_on < case.notice_served_on  # the case's own 收到日期 is no statement date
    html = page(bureau.officers[0], f"/w/enforcement_case/{case.pk}/transition/record_statement/")
    value = re.search(r'<input id="f-received_on" type="date" name="received_on" value="([^"]*)"', html).group(1)
    assert value == ""  # left empty: the payload records today, or the officer picks the date


def test_an_iso_date_from_the_object_is_offered_when_the_payload_accepts_it(make_user):
    from casemgmt.web.forms import transition_form_fields
    from casemgmt.workflow.transitions import transition_specs

    bureau = ef.bureau(CITY)
    case = ef.penalty_case_until("notify", bureau)
    case = fire_transition(
        case,
        "record_statement",
        actor=bureau.officers[0],
        payload={"received_on": case.notice_served_on.isoformat(), "waived": True},
    )
    spec = transition_specs(EnforcementCase)["notify"]
    fields = {f.name: f for f in transition_form_fields(spec, case, bureau.officers[0])}
    assert fields["notice_served_on"].value == case.notice_served_on.isoformat()
