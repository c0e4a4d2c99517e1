"""The Django admin cannot bypass the audited door: workflow objects, their child records, parties,
numbers and logs are view-only there, for superusers too. Their pages render read-only, and a
POST changing a case's state, jurisdiction, legal dates or tracking code is refused with nothing
written and no history row. Configuration (users, departments, jurisdictions, the calendar and
staff relations) stays editable."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from cases.models import AssistanceRequest
from enforcement.models import EnforcementCase

from .enforcement_factories import bureau
from .factories import CITY, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .mediation_factories import mediation_case
from .publication_factories import published_case

pytestmark = pytest.mark.django_db

# Models that are configuration, edited by administrators (not records of any case).
EDITABLE = {
    "auth.group",
    # Revocable: deleting an API token revokes it, deleting a lockout record lifts the lockout.
    "knox.authtoken",
    "axes.accessattempt",
    "org.user",
    "org.department",
    "org.jurisdiction",
    "calendar.calendarday",
    "calendar.holidaynotice",
    "parties.staffrelation",
    # The serious-dishonesty list's catalogues (grounds, joint measures): data, not code.
    "creditlist.creditground",
    "creditlist.jointmeasure",
    # Word templates of official documents: an edit adds a version (never changes or deletes one).
    "documents.documenttemplate",
}
VIEW_ONLY = sorted(model._meta.label_lower for model in admin.site._registry if model._meta.label_lower not in EDITABLE)


@pytest.fixture
def superuser():
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def history_rows(obj) -> int:
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).count()


def admin_url(obj_or_model, view: str, *args) -> str:
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def model_of(label: str):
    return next(model for model in admin.site._registry if model._meta.label_lower == label)


def test_the_workflow_models_are_among_the_view_only_ones():
    assert {
        "cases.assistancerequest",
        "cases.enforcementreferral",
        "cases.mediationcase",
        "cases.mediationsession",
        "cases.arbitrationreferral",
        "enforcement.enforcementcase",
        "enforcement.inspection",
        "enforcement.evidence",
        "enforcement.seizure",
        "enforcement.penaltydecision",
        "publication.publication",
        "publication.publicationversion",
        "calendar.deadline",
        "numbering.issuednumber",
        "numbering.documentsequence",
        "documents.officialdocument",
        "files.attachment",
        "workflow.transitionlog",
        "parties.party",
    } <= set(VIEW_ONLY)


@pytest.mark.parametrize("label", VIEW_ONLY)
def test_a_superuser_may_view_but_not_add_change_or_delete(label, superuser):
    model_admin = admin.site._registry[model_of(label)]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)


@pytest.fixture
def records(superuser):
    """At least one row of most view-only models, built through the services."""
    city = bureau(CITY)
    clerk = UserFactory(role=Role.INTAKE_CLERK)
    request = assistance_request(actor=clerk)
    mediation = mediation_case(actor=clerk)
    decided = published_case(city)
    return {"request": request, "mediation": mediation, "case": decided.case, "publication": decided.publication}


@pytest.mark.parametrize("label", VIEW_ONLY)
def test_every_view_only_page_renders_read_only(label, records, admin_client):
    model = model_of(label)
    changelist = admin_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "晋城"}).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        return
    page = admin_client.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200, label
    html = page.content.decode()
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert admin_client.get(admin_url(model, "delete", obj.pk)).status_code == 403


def test_an_assistance_request_cannot_be_moved_renamed_or_closed_in_the_admin(records, admin_client):
    request = records["request"]
    before = AssistanceRequest.objects.values().get(pk=request.pk)
    rows = history_rows(request)
    response = admin_client.post(
        admin_url(request, "change", request.pk),
        {
            "tracking_code": "ABCD1234",
            "jurisdiction": jurisdiction(ZEZHOU).pk,
            "state": AssistanceRequest.State.CLOSED,
            "title": "改过的标题",
            "facts": "改过的事实",
        },
    )
    assert response.status_code == 403
    assert AssistanceRequest.objects.values().get(pk=request.pk) == before
    assert history_rows(request) == rows


def test_an_enforcement_case_keeps_its_dates_jurisdiction_and_amounts_against_an_admin_post(records, admin_client):
    case = records["case"]
    before = EnforcementCase.objects.values().get(pk=case.pk)
    rows = history_rows(case)
    page = admin_client.get(admin_url(case, "change", case.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="received_on"' not in html and 'name="jurisdiction"' not in html
    assert case.title in html  # shown, as text

    response = admin_client.post(
        admin_url(case, "change", case.pk),
        {
            "received_on": "2020-01-01",
            "filed_on": "2020-01-02",
            "jurisdiction": jurisdiction(ZEZHOU).pk,
            "state": "closed",
            "facts": "改过的事实",
            "illegal_turnover": "1.00",
            "case_number": "晋市监罚〔2020〕1号",
        },
    )
    assert response.status_code == 403
    assert EnforcementCase.objects.values().get(pk=case.pk) == before
    assert before["received_on"] != dt.date(2020, 1, 1)
    assert history_rows(case) == rows


def test_nothing_can_be_deleted_in_bulk_from_the_admin(records, admin_client):
    request = records["request"]
    response = admin_client.post(
        admin_url(AssistanceRequest, "changelist"),
        {"action": "delete_selected", "_selected_action": [request.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)  # the unknown action is ignored with a message
    assert AssistanceRequest.objects.filter(pk=request.pk).exists()


def test_a_party_cannot_be_edited_in_the_admin(records, admin_client):
    from casemgmt.parties.models import Party

    party = records["request"].applicant
    before = Party.objects.values().get(pk=party.pk)
    response = admin_client.post(
        admin_url(party, "change", party.pk),
        {"kind": "person", "name": "改名", "credit_code": "", "id_number": "140502199001011237"},
    )
    assert response.status_code == 403
    assert Party.objects.values().get(pk=party.pk) == before


def test_the_workflow_admin_shows_the_history_with_the_recorded_actor(records, admin_client):
    request = records["request"]
    page = admin_client.get(admin_url(request, "change", request.pk)).content.decode()
    clerk = TransitionLog.objects.filter(object_id=request.pk, transition="create").first()
    assert "流转记录" in page and clerk.actor_name in page


def test_configuration_stays_editable(admin_client):
    from casemgmt.org.models import Department

    for label in ("org.jurisdiction", "org.department", "org.user", "calendar.calendarday"):
        assert admin_client.get(admin_url(model_of(label), "add")).status_code == 200, label
    department = Department.objects.first()
    page = admin_client.get(admin_url(department, "change", department.pk)).content.decode()
    assert 'name="_save"' in page


@pytest.mark.parametrize("label", ["knox.authtoken", "axes.accessattempt"])
def test_an_administrator_may_revoke_a_token_or_lift_a_lockout_but_not_mint_or_edit_one(label, superuser):
    model_admin = admin.site._registry[model_of(label)]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request) and model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)


def test_the_sign_in_logs_are_among_the_view_only_ones():
    assert {"axes.accesslog", "axes.accessfailurelog"} <= set(VIEW_ONLY)
