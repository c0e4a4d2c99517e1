"""Official documents: issued by the step that decides, numbered from the 文号 kernel, frozen, and
shown only to those who may open the case."""

import hashlib

import pytest

from casemgmt.documents.models import OfficialDocument
from casemgmt.errors import Invalid
from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition

from .factories import CITY, ZEZHOU, assistance_request


@pytest.mark.django_db
def test_acceptance_issues_a_numbered_notice_listed_by_the_documents_api(make_user, api):
    head = make_user(Role.CENTRE_HEAD, CITY)
    first = fire_transition(assistance_request(), "accept", actor=head)
    second = fire_transition(assistance_request(), "accept", actor=head)
    rows = api.as_user(head).get(f"/api/assistance-requests/{second.pk}/documents/").json()
    assert [(r["kind"], r["title"]) for r in rows] == [("assistance_acceptance_notice", "受理通知书")]
    year = first.accepted_at.year
    assert OfficialDocument.objects.get(object_id=first.pk).number_text == f"晋知援受〔{year}〕1号"
    assert rows[0]["number"] == f"晋知援受〔{year}〕2号"
    document = OfficialDocument.objects.get(pk=rows[0]["id"])
    assert rows[0]["sha256"] == hashlib.sha256(document.html.encode()).hexdigest()
    assert second.applicant.name in document.html and second.tracking_code in document.html


@pytest.mark.django_db
def test_rejection_notice_carries_the_reason(make_user):
    head = make_user(Role.CENTRE_HEAD, CITY)
    request = fire_transition(assistance_request(), "reject", actor=head, reason="不属于援助范围，请向法院起诉。")
    document = OfficialDocument.objects.get(object_id=request.pk)
    assert document.title == "不予受理通知书" and "不属于援助范围" in document.html


@pytest.mark.django_db
def test_a_failed_step_issues_nothing_and_consumes_no_number(make_user):
    head = make_user(Role.CENTRE_HEAD, CITY)
    request = assistance_request()
    with pytest.raises(Invalid):
        fire_transition(request, "reject", actor=head, reason="")
    assert not OfficialDocument.objects.exists()
    fire_transition(request, "accept", actor=head)
    assert OfficialDocument.objects.get().number_text.endswith("〕1号")


@pytest.mark.django_db
def test_issued_documents_cannot_be_changed():
    head_request = assistance_request()
    from casemgmt.org.models import User

    fire_transition(
        head_request, "accept", actor=User.objects.create(username="h", role=Role.CENTRE_HEAD, jurisdiction_id=CITY)
    )
    document = OfficialDocument.objects.get()
    document.html = "篡改"
    with pytest.raises(PermissionError):
        document.save()
    with pytest.raises(PermissionError):
        document.delete()


@pytest.mark.django_db
def test_print_view_is_404_across_jurisdictions(make_user, client):
    head = make_user(Role.CENTRE_HEAD, CITY)
    request = fire_transition(assistance_request(), "accept", actor=head)
    document = OfficialDocument.objects.get(object_id=request.pk)
    client.force_login(make_user(Role.INTAKE_CLERK, ZEZHOU))
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    client.force_login(head)
    page = client.get(f"/documents/{document.pk}/")
    assert page.status_code == 200 and "受理通知书" in page.content.decode()


@pytest.mark.django_db
def test_recording_an_agreement_issues_the_mediation_agreement(make_user, api):
    from .mediation_factories import mediation_in_state, payload_for

    head, mediator = make_user(Role.CENTRE_HEAD, CITY), make_user(Role.HANDLER, CITY)
    case = mediation_in_state("in_mediation", clerk=make_user(Role.INTAKE_CLERK, CITY), head=head, mediator=mediator)
    response = api.as_user(mediator).post(
        f"/api/mediations/{case.pk}/transitions/record_agreement/", payload_for("record_agreement"), format="json"
    )
    assert response.status_code == 200, response.content
    [row] = api.as_user(head).get(f"/api/mediations/{case.pk}/documents/").json()
    assert row["title"] == "调解协议书" and "调〔" in row["number"]
    document = OfficialDocument.objects.get(pk=row["id"])
    case.refresh_from_db()
    assert case.agreement_text.splitlines()[0] in document.html and case.respondent.name in document.html
