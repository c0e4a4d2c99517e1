"""Long jobs (issue 15 item 4): a staff list's large Excel export and a batch of documents run as
tasks with progress (one LongJob base, one progress box, one polling endpoint); the job holds only
rows the requester may see, and only the requester may open it or download its file."""

import hashlib
import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from casemgmt.documents.models import OfficialDocument
from casemgmt.jobs.models import FileJob
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest
from enforcement.models import EnforcementCase

from .enforcement_factories import bureau, penalty_case_until
from .factories import GAOPING, ZEZHOU, UserFactory, assistance_request, jurisdiction

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def workbook_rows(content: bytes) -> list[list]:
    return [[cell.value for cell in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


@pytest.fixture
def recorded_percents(monkeypatch):
    """The job's percentage as a page polling it would read it after every recorded step."""
    from casemgmt.jobs import progress

    seen = []
    step = progress.job_step

    def recording(job, count=1):
        step(job, count)
        seen.append(type(job).objects.get(pk=job.pk).percent)

    for module in ("casemgmt.web.list_exports", "casemgmt.documents.batch"):
        monkeypatch.setattr(f"{module}.job_step", recording)
    return seen


def test_a_large_list_export_is_a_job_going_from_0_to_100_with_the_county_users_rows_only(
    settings, monkeypatch, recorded_percents, django_capture_on_commit_callbacks
):
    settings.LIST_EXPORT_SYNC_MAX_ROWS = 2
    monkeypatch.setattr("casemgmt.web.list_exports.CHUNK_ROWS", 1)
    ours = [assistance_request(jurisdiction_code=ZEZHOU, title=f"泽州申请{n}") for n in range(3)]
    assistance_request(jurisdiction_code=GAOPING, title="高平申请")
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    client = signed_in(clerk)

    listing = client.get("/w/assistance_request/").content.decode()
    assert "导出 Excel（后台生成）" in listing and "data-export-job" in listing
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/w/assistance_request/export/", {"query": "sort=pk"})
    job = FileJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    waiting = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "排队中" in waiting and '<progress max="100" value="0"' in waiting
    assert f'data-progress-url="/jobs/file/{job.pk}/progress/"' in waiting and "job-progress.js" in waiting

    for callback in callbacks:  # the relay after the commit runs the task (eagerly here)
        callback()
    job.refresh_from_db()
    assert job.status == FileJob.Status.DONE and job.steps_done == job.steps_total == 4
    assert recorded_percents == [25, 50, 75]  # the rows chunk by chunk, then the file: 100
    progress = client.get(f"/jobs/file/{job.pk}/progress/").content.decode()
    assert 'value="100"' in progress and "100%" in progress and "data-progress-url" not in progress
    assert f'href="/jobs/{job.pk}/download/"' in progress

    download = client.get(f"/jobs/{job.pk}/download/")
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == job.sha256 == download["X-Content-SHA256"]
    rows = workbook_rows(content)
    titles = {row[0] for row in rows[1:]}
    assert titles == {request.display_title for request in ours}
    assert "高平市" not in str(rows) and "高平申请" not in str(rows)
    # The same cells (personal data masked alike) as the immediate export of the same list.
    settings.LIST_EXPORT_SYNC_MAX_ROWS = 100
    immediate = client.get("/w/assistance_request/?sort=pk&format=xlsx").content
    assert rows[1:] == workbook_rows(immediate)[1:]

    for other in (
        UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU)),
        UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(GAOPING)),
    ):
        stranger = signed_in(other)
        for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/download/", f"/jobs/file/{job.pk}/progress/"):
            assert stranger.get(url).status_code == 404


def test_a_small_export_stays_immediate_and_a_large_one_asked_by_link_points_to_the_background_button(settings):
    settings.LIST_EXPORT_SYNC_MAX_ROWS = 2
    for _ in range(2):
        assistance_request(jurisdiction_code=ZEZHOU)
    client = signed_in(UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU)))
    assert "data-export download" in client.get("/w/assistance_request/").content.decode()
    response = client.post("/w/assistance_request/export/", {"query": ""})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(workbook_rows(response.content)) == 3 and not FileJob.objects.exists()

    assistance_request(jurisdiction_code=ZEZHOU)
    response = client.get("/w/assistance_request/?format=xlsx", follow=True)
    assert response.redirect_chain == [("/w/assistance_request/", 302)]
    assert "超过即时导出的上限" in response.content.decode() and not FileJob.objects.exists()


def served_case(code: str) -> EnforcementCase:
    return penalty_case_until("serve", bureau(code))


def test_a_document_batch_issues_each_receipt_through_the_audited_door_as_one_zip_with_progress(
    recorded_percents, django_capture_on_commit_callbacks
):
    first, second = served_case(ZEZHOU), served_case(ZEZHOU)
    elsewhere = served_case(GAOPING)
    head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    client = signed_in(head)
    receipts = OfficialDocument.objects.filter(kind="penalty_service_receipt")
    before = receipts.count()

    listing = client.get("/w/enforcement_case/").content.decode()
    assert "data-document-batch" in listing and f'name="ids" value="{first.pk}"' in listing
    assert f'data-object="{elsewhere.pk}"' not in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/w/enforcement_case/document-batch/",
            {"kind": "penalty_service_receipt", "ids": [first.pk, second.pk, elsewhere.pk]},
        )
    job = FileJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params["ids"] == [first.pk, second.pk]  # another county's case is never chosen
    assert job.status == FileJob.Status.DONE and recorded_percents == [33, 67, 99]
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "100%" in page and f'href="/jobs/{job.pk}/download/"' in page

    assert receipts.count() == before + 2
    issued = []
    for case in (first, second):
        log = TransitionLog.objects.filter(object_id=case.pk, transition="document_batch_issue").get()
        assert log.actor == head and log.payload["batch_job"] == job.pk and "送达回证" in log.transition_label
        issued.append(receipts.get(pk=log.payload["document"], object_id=case.pk))
    assert not TransitionLog.objects.filter(object_id=elsewhere.pk, transition="document_batch_issue").exists()

    content = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)
    assert hashlib.sha256(content).hexdigest() == job.sha256
    archive = zipfile.ZipFile(io.BytesIO(content))
    pdfs = sorted(name for name in archive.namelist() if name.endswith(".pdf"))
    assert len(pdfs) == 2
    manifest = archive.read("清单.txt").decode()
    for name, document in zip(pdfs, issued, strict=True):  # in the order chosen
        stored = document.pdf_file
        assert hashlib.sha256(archive.read(name)).hexdigest() == stored.sha256 and stored.sha256 in manifest

    officer_elsewhere = signed_in(UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(GAOPING)))
    assert officer_elsewhere.get(f"/jobs/{job.pk}/").status_code == 404
    assert officer_elsewhere.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_numbered_batch_takes_a_number_per_case_and_records_it_in_each_history(django_capture_on_commit_callbacks):
    head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    accepted = [assistance_request(jurisdiction_code=ZEZHOU) for _ in range(2)]
    accepted = [fire_transition(r, "accept", actor=head, reason="", payload={}) for r in accepted]
    waiting = assistance_request(jurisdiction_code=ZEZHOU)
    notices = OfficialDocument.objects.filter(kind="assistance_acceptance_notice")
    numbers_before = set(notices.values_list("number__text", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(head).post(
            "/w/assistance_request/document-batch/",
            {"kind": "assistance_acceptance_notice", "all": "1", "query": ""},
        )
    job = FileJob.objects.get()
    assert job.status == FileJob.Status.DONE and sorted(job.params["ids"]) == sorted(r.pk for r in accepted)
    new = notices.exclude(number__text__in=numbers_before)
    assert new.count() == 2 and len(set(new.values_list("number__text", flat=True))) == 2
    for request in accepted:
        number = new.get(object_id=request.pk).number_text
        log = TransitionLog.objects.get(object_id=request.pk, transition="document_batch_issue")
        assert log.payload["number"] == number and log.actor == head
    assert not notices.filter(object_id=waiting.pk).exists()
    assert AssistanceRequest.objects.get(pk=waiting.pk).state == waiting.state


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "penalty_service_receipt"}, "ids", "请至少选择一件案件。"),
        ({"kind": "penalty_service_receipt", "ids": ["x"]}, "ids", "请至少选择一件案件。"),
        ({"kind": "no_such_kind", "ids": ["1"]}, "kind", "请选择要制发的文书。"),
        ({"kind": "penalty_service_receipt", "ids": ["999999"]}, "ids", "所选案件中没有可制发送达回证的"),
    ],
)
def test_a_bad_batch_request_shows_the_form_with_its_error_and_writes_nothing(body, field, message):
    head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    response = signed_in(head).post("/w/enforcement_case/document-batch/", body)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'class="field has-error"' in html
    assert not FileJob.objects.exists() and not TransitionLog.objects.filter(transition="document_batch_issue").exists()


def test_a_role_that_does_not_issue_the_kind_is_refused_and_sees_no_batch_form():
    assistance_request(jurisdiction_code=ZEZHOU)
    clerk = signed_in(UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU)))
    assert "data-document-batch" not in clerk.get("/w/assistance_request/").content.decode()
    response = clerk.post("/w/assistance_request/document-batch/", {"kind": "assistance_acceptance_notice", "all": "1"})
    assert response.status_code == 403 and not FileJob.objects.exists()


def test_my_background_jobs_lists_only_my_own():
    mine = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    other = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    job = FileJob.objects.create(requested_by=mine, kind=FileJob.Kind.EXPORT, title="维权援助申请 Excel 导出")
    assert f'href="/jobs/{job.pk}/"' in signed_in(mine).get("/jobs/").content.decode()
    assert f'href="/jobs/{job.pk}/"' not in signed_in(other).get("/jobs/").content.decode()
