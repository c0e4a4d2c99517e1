"""Fixes of issue 14 item 5: the sidebar's 调解日程 opens the calendar; the public form accepts a
company respondent named without a credit code; chosen files survive a form sent back with errors;
decision numbers are found whichever brackets (or none) are typed; attachment permission errors
are Chinese JSON; the 立案 officer picker names and groups officers by bureau; the satisfaction
field says 1–5."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from casemgmt.files.models import Attachment
from casemgmt.numbering.spelling import canonical_document_numbers
from casemgmt.org.models import Role
from cases.models import AssistanceRequest

from .enforcement_factories import bureau, penalty_case_until
from .factories import CITY, GAOPING, UserFactory, assistance_request, jurisdiction
from .publication_factories import published_case
from .test_public_application import PHONE, form, generous_rates, media  # noqa: F401  (fixtures)
from .uploads import png_bytes, upload

pytestmark = pytest.mark.django_db

APPLY = "/public/apply/"


def _attachments_of(request) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(AssistanceRequest), object_id=request.pk
        )
    )


# --- the sidebar -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, Role.AUDITOR])
def test_the_sidebars_mediation_calendar_entry_opens_the_calendar(client, role):
    client.force_login(UserFactory(role=role))
    html = client.get("/").content.decode()
    link = re.search(
        r'<a href="([^"]+)" class="nav-link[^"]*"[^>]*>\s*<svg[^>]*><use[^>]*/></svg><span>调解日程</span>', html
    )
    assert link and link.group(1) == "/mediation-calendar/"
    page = client.get(link.group(1))
    assert page.status_code == 200 and "<h1>调解日程</h1>" in page.content.decode()


# --- the public application form ---------------------------------------------------------------------


def test_a_company_respondent_without_a_credit_code_is_accepted_by_the_page_and_the_api(client, api):
    response = client.post(APPLY, form(**{"respondent.credit_code": ""}))
    assert response.status_code == 302, response.content.decode()[:2000]
    request = AssistanceRequest.objects.get()
    assert request.respondent.name == "某某电子商行有限公司" and request.respondent.credit_code == ""

    response = api.post("/api/public/assistance-requests/", form(**{"respondent.credit_code": ""}), format="multipart")
    assert response.status_code == 201, response.json()
    # Given, a code is still checked.
    wrong = client.post(APPLY, form(**{"respondent.credit_code": "123"}))
    assert wrong.status_code == 400 and "统一社会信用代码" in wrong.content.decode()


def test_the_page_says_the_respondents_code_may_be_left_out(client):
    html = client.get(APPLY).content.decode()
    assert "不清楚可不填" in html


def _token(html: str) -> str:
    match = re.search(r'name="held_uploads" value="([^"]+)"', html)
    assert match, "the page carries no token of the held files"
    return match.group(1)


def _kept(html: str) -> list[str]:
    return re.findall(r'name="keep_upload" value="([0-9a-f]+)" checked', html)


def test_chosen_files_are_kept_when_the_form_comes_back_with_errors_and_stored_with_the_application(client):
    photo = upload("侵权产品照片.png", png_bytes(), "image/png")
    first = client.post(APPLY, form(title="", attachments=[photo]))
    html = first.content.decode()
    assert first.status_code == 400 and "请简要填写申请事项" in html
    assert "侵权产品照片.png" in html and "已为您保留" in html and "不会保留" not in html
    assert AssistanceRequest.objects.count() == 0  # nothing stored yet

    second = client.post(APPLY, form(held_uploads=_token(html), keep_upload=_kept(html)))
    assert second.status_code == 302
    (attachment,) = _attachments_of(AssistanceRequest.objects.get())
    assert attachment.original_name == "侵权产品照片.png" and attachment.size == len(png_bytes())


def test_held_files_survive_several_rounds_and_new_files_join_them(client):
    first = client.post(APPLY, form(title="", attachments=[upload("一.png", png_bytes(), "image/png")]))
    html = first.content.decode()
    second = client.post(
        APPLY,
        form(
            facts="",
            held_uploads=_token(html),
            keep_upload=_kept(html),
            attachments=[upload("二.png", png_bytes(3, 3), "image/png")],
        ),
    )
    html = second.content.decode()
    assert second.status_code == 400 and "一.png" in html and "二.png" in html
    third = client.post(APPLY, form(held_uploads=_token(html), keep_upload=_kept(html)))
    assert third.status_code == 302
    names = sorted(a.original_name for a in _attachments_of(AssistanceRequest.objects.get()))
    assert names == ["一.png", "二.png"]


def test_an_unticked_held_file_is_dropped_and_a_refused_file_is_not_held(client):
    first = client.post(
        APPLY,
        form(title="", attachments=[upload("好.png", png_bytes(), "image/png"), upload("坏.png", b"not a picture")]),
    )
    html = first.content.decode()
    assert "好.png" in html and len(_kept(html)) == 1  # the refused file is not kept
    second = client.post(APPLY, form(held_uploads=_token(html)))  # nothing left ticked
    assert second.status_code == 302
    assert _attachments_of(AssistanceRequest.objects.get()) == []


def test_a_forged_or_altered_token_holds_nothing(client):
    first = client.post(APPLY, form(title="", attachments=[upload("一.png", png_bytes(), "image/png")]))
    html = first.content.decode()
    token = _token(html)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    second = client.post(APPLY, form(held_uploads=forged, keep_upload=_kept(html)))
    assert second.status_code == 302
    assert _attachments_of(AssistanceRequest.objects.get()) == []


# --- decision numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "{a}〔{y}〕{n}号",
        "{a}[{y}]{n}号",
        "{a}({y}){n}号",
        "{a}（{y}）{n}号",
        "{a}【{y}】{n}号",
        "{a}［{y}］{n}号",
        "{a}{y}{n}号",
        "{a} {y} {n}号",
    ],
)
def test_a_decision_number_is_found_whichever_brackets_are_typed(client, typed):
    decided = published_case(bureau(CITY))
    number = decided.decision.number_text
    parts = re.match(r"^(?P<a>.+)〔(?P<y>\d{4})〕(?P<n>\d+)号$", number).groupdict()
    query = typed.format(**parts)
    api = client.get("/api/public/penalty-decisions/", {"q": query}).json()
    assert [item["id"] for item in api["results"]] == [decided.publication.pk], query
    page = client.get("/public/penalties/", {"q": query}).content.decode()
    assert number in page


def test_another_sequence_number_is_not_found_by_a_shorter_one():
    assert canonical_document_numbers("晋市监罚[2026]2号") == "晋市监罚〔2026〕2号"
    assert "〔2026〕2号" not in canonical_document_numbers("晋市监罚(2026)12号")
    assert canonical_document_numbers("2026年5月") == "2026年5月"  # no issuer: not a number


# --- attachment errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, Role.PARTNER, Role.AUDITOR])
def test_attachment_permission_errors_are_chinese_json_even_for_a_browser_in_english(client, role):
    if role is not None:
        client.force_login(UserFactory(role=role, jurisdiction=jurisdiction(GAOPING)))
    request = assistance_request()
    from casemgmt.files.services import attachment_store

    attachment = attachment_store(
        upload("材料.png", png_bytes(), "image/png"), owner=request, kind="application_material"
    )
    for url in (
        f"/api/attachments/{attachment.pk}/download/",
        f"/api/attachments/?owner_type=assistance_request&owner_id={request.pk}",
    ):
        response = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.status_code in (401, 403, 404)
        assert response["Content-Type"].startswith("application/json")
        detail = response.json()["detail"]
        assert re.search(r"[\u4e00-\u9fff]", detail) and not re.search(r"[A-Za-z]{3,}", detail), detail


# --- the officer picker of 立案 ----------------------------------------------------------------------


def test_the_filing_officer_picker_names_each_officers_bureau_and_offers_only_the_cases_bureau(client):
    # Another bureau's officers are refused on submit (不属于本案管辖机关): not offered at all
    # (tests/test_team_pickers.py); the ones offered are named with their bureau and 执法证.
    city = bureau(CITY)
    elsewhere = bureau(GAOPING)
    case = penalty_case_until("start_verification", city)
    client.force_login(city.head)
    html = client.get(f"/w/enforcement_case/{case.pk}/transition/file_case/").content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups and all("晋城市" in group for group in groups), groups
    officer, other = city.officers[0], elsewhere.officers[0]
    assert re.search(rf">{officer.display_name}（[^<]*晋城市[^<]*执法证 {officer.certificate_number}）<", html)
    assert other.display_name not in html and "高平" not in html


# --- the satisfaction field -------------------------------------------------------------------------


def test_the_satisfaction_field_says_one_to_five():
    from cases.api.payloads import FollowUpPayload

    field = FollowUpPayload().fields["satisfaction"]
    assert "1–5" in str(field.label) and field.min_value == 1 and field.max_value == 5
    assert "1 至 5" in str(field.help_text)
    payload = FollowUpPayload(data={"satisfaction": 9})
    assert not payload.is_valid()
    assert "1 至 5" in str(payload.errors["satisfaction"][0])


def test_the_early_removal_form_keeps_its_proofs_when_sent_back_with_errors(client):
    from creditlist.models import EarlyRemovalApplication

    from .creditlist_factories import credit_bureau, published_entry
    from .test_creditlist_web import _online_body

    _, entry = published_entry(credit_bureau(CITY))
    url = f"/public/credit-list/{entry.pk}/apply-removal/"
    first = client.post(url, _online_body(entry, statement=""))
    html = first.content.decode()
    assert first.status_code == 400 and "缴款凭证.png" in html and "已为您保留" in html
    second = client.post(url, _online_body(entry, attachments=[], held_uploads=_token(html), keep_upload=_kept(html)))
    assert second.status_code == 302, second.content.decode()[:3000]
    application = EarlyRemovalApplication.objects.get(entry=entry)
    assert [proof.original_name for proof in application.proofs.all()] == ["缴款凭证.png"]
