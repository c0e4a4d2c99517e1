"""The attachments kernel: files are checked by their content while streaming (size, type, programs),
stored under random names with their SHA-256, never changed, and downloaded only after the hash is
re-verified and only by users who may see the owner."""

import hashlib

import pytest
from django.db import IntegrityError

from casemgmt.errors import Invalid
from casemgmt.files.models import Attachment
from casemgmt.files.services import attachment_check, attachment_store, attachment_verify
from casemgmt.org.models import Role

from .factories import CITY, ZEZHOU, assistance_request
from .uploads import (
    ELF,
    GIF,
    JPEG,
    MACH_O,
    PDF,
    PE,
    SHEBANG,
    WEBP,
    docx_bytes,
    files_under,
    plain_zip_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

KIND = Attachment.Kind.EVIDENCE


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case():
    return assistance_request(jurisdiction_code=CITY)


def refused(case, name, content, **kwargs) -> str:
    with pytest.raises(Invalid) as exc:
        attachment_store(upload(name, content, "image/png"), owner=case, kind=KIND, **kwargs)
    return " ".join(str(m) for m in exc.value.errors["file"])


# ---------- storing ----------


def test_a_stored_file_keeps_its_name_hash_size_and_sniffed_type_under_a_random_name(case, media, make_user):
    content = png_bytes()
    clerk = make_user(Role.INTAKE_CLERK)

    attachment = attachment_store(
        upload("商标注册证 扫描件.png", content, "application/pdf"), owner=case, kind=KIND, actor=clerk
    )

    assert attachment.original_name == "商标注册证 扫描件.png"
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert attachment.mime_type == "image/png"  # sniffed, not the declared application/pdf
    assert attachment.uploaded_by == clerk and attachment.jurisdiction_id == CITY
    assert attachment.owner == case
    stored = files_under(media)
    assert len(stored) == 1 and stored[0].read_bytes() == content
    assert "商标" not in stored[0].name and stored[0].suffix == ".png" and len(stored[0].stem) == 32


def test_two_uploads_with_the_same_name_are_stored_under_different_names(case, media):
    first = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    second = attachment_store(upload("a.png", png_bytes(3, 3)), owner=case, kind=KIND)
    assert first.file.name != second.file.name
    assert len(files_under(media)) == 2


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.JPEG", JPEG, "image/jpeg"),
        ("shot.png", png_bytes(), "image/png"),
        ("anim.gif", GIF, "image/gif"),
        ("pic.webp", WEBP, "image/webp"),
        ("证书.pdf", PDF, "application/pdf"),
        ("说明.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("清单.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("记录.txt", "侵权经过：2026年5月发现。\n".encode(), "text/plain"),
        ("记录-gbk.txt", "侵权经过：2026年5月发现。\r\n".encode("gbk"), "text/plain"),
        ("utf16.txt", "侵权经过".encode("utf-16"), "text/plain"),
    ],
)
def test_every_allow_listed_type_is_accepted_with_its_sniffed_mime_type(name, content, mime):
    checked = attachment_check(upload(name, content))
    assert checked.file_type.mime == mime
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


# ---------- refusals: nothing is written ----------


@pytest.mark.parametrize(
    "content, what",
    [
        (ELF, "ELF"),
        (PE, "Windows"),
        (MACH_O, "macOS"),
        (SHEBANG, "脚本"),
        (b"\xef\xbb\xbf#!/usr/bin/env python\n", "脚本"),
    ],
)
def test_a_program_renamed_to_png_is_refused_whatever_the_declared_type(case, media, content, what):
    message = refused(case, "invoice.png", content)
    assert "不能上传" in message and what in message
    assert Attachment.objects.count() == 0 and files_under(media) == []


@pytest.mark.parametrize("name", ["setup.exe", "run.BAT", "install.sh", "app.js", "package.msi", "报告.pdf.exe"])
def test_executable_file_names_are_refused_even_with_harmless_content(case, media, name):
    message = refused(case, name, b"just some text\n")
    assert "可执行程序或脚本" in message
    assert Attachment.objects.count() == 0 and files_under(media) == []


def test_a_file_whose_extension_disagrees_with_its_content_is_refused(case, media):
    message = refused(case, "证书.pdf", png_bytes())
    assert "扩展名与内容不符" in message and ".png" in message
    assert files_under(media) == []


@pytest.mark.parametrize(
    "name, content",
    [
        ("archive.zip", plain_zip_bytes()),
        ("archive.docx", plain_zip_bytes()),
        ("binary.txt", b"\x00\x01\x02\x03binary\xff\xfe"),
        ("page.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("noext", png_bytes()),
    ],
)
def test_content_outside_the_allow_list_is_refused(case, media, name, content):
    message = refused(case, name, content)
    assert "不受支持" in message or "扩展名与内容不符" in message
    assert files_under(media) == []


def test_a_word_document_with_macros_is_refused(case, media):
    assert "宏" in refused(case, "合同.docx", docx_bytes(macros=True))
    assert files_under(media) == []


def test_an_empty_file_is_refused(case, media):
    assert "空文件" in refused(case, "empty.txt", b"")


def test_the_size_limit_comes_from_the_setting_and_is_inclusive(case, settings):
    content = png_bytes()
    settings.ATTACHMENT_MAX_BYTES = len(content)
    assert attachment_store(upload("ok.png", content), owner=case, kind=KIND).size == len(content)

    settings.ATTACHMENT_MAX_BYTES = len(content) - 1
    assert "大小限制" in refused(case, "big.png", content)


def test_a_failed_row_save_leaves_no_file_behind(case, media, monkeypatch):
    def failing_save(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Attachment, "save", failing_save)
    with pytest.raises(IntegrityError):
        attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    assert files_under(media) == []


# ---------- immutability and verification ----------


def test_attachments_cannot_be_edited_or_deleted_but_can_be_marked_superseded(case):
    old = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    new = attachment_store(upload("b.png", png_bytes(3, 3)), owner=case, kind=KIND)

    old.original_name = "renamed.png"
    with pytest.raises(PermissionError):
        old.save()
    with pytest.raises(PermissionError):
        old.delete()
    with pytest.raises(PermissionError):
        Attachment.objects.all().delete()

    old.refresh_from_db()
    old.superseded_by, old.supersede_reason = new, "补充了清晰版本"
    old.save(update_fields=["superseded_by", "supersede_reason"])
    old.refresh_from_db()
    assert old.superseded_by == new and old.original_name == "a.png"


def test_verify_detects_changed_truncated_and_missing_bytes(case, media):
    attachment = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    path = media / attachment.file.name
    assert attachment_verify(attachment)

    path.write_bytes(png_bytes(5, 5))
    assert not attachment_verify(attachment)
    path.write_bytes(png_bytes()[:-3])
    assert not attachment_verify(attachment)
    path.unlink()
    assert not attachment_verify(attachment)


# ---------- API ----------


def test_download_sends_the_original_bytes_and_name_after_verifying(api, make_user, case):
    content = png_bytes()
    attachment = attachment_store(upload("侵权照片.png", content), owner=case, kind=KIND)
    response = api.as_user(make_user(Role.INTAKE_CLERK, CITY)).get(f"/api/attachments/{attachment.pk}/download/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"] and "%E4%BE%B5%E6%9D%83" in response["Content-Disposition"]
    assert response["X-Content-SHA256"] == attachment.sha256


def test_download_of_tampered_bytes_is_a_409_and_sends_nothing(api, make_user, case, media):
    attachment = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    (media / attachment.file.name).write_bytes(png_bytes(4, 4))

    response = api.as_user(make_user(Role.CENTRE_HEAD, CITY)).get(f"/api/attachments/{attachment.pk}/download/")

    assert response.status_code == 409
    assert response.json()["detail"].startswith("文件校验失败")


def test_a_county_user_gets_404_for_an_attachment_of_a_city_case(api, make_user, case):
    attachment = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    county_clerk = api.as_user(make_user(Role.INTAKE_CLERK, ZEZHOU))

    assert county_clerk.get(f"/api/attachments/{attachment.pk}/download/").status_code == 404
    listing = county_clerk.get("/api/attachments/", {"owner_type": "assistance_request", "owner_id": case.pk})
    assert listing.status_code == 404


def test_a_role_outside_the_owners_workflow_gets_404(api, make_user, case):
    attachment = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    officer = api.as_user(make_user(Role.OFFICER, CITY))
    assert officer.get(f"/api/attachments/{attachment.pk}/download/").status_code == 404


def test_anonymous_callers_cannot_list_or_download(api, case):
    attachment = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND)
    assert api.get(f"/api/attachments/{attachment.pk}/download/").status_code == 401
    listing = api.get("/api/attachments/", {"owner_type": "assistance_request", "owner_id": case.pk})
    assert listing.status_code == 401


def test_listing_shows_an_owners_attachments_oldest_first(api, make_user, case):
    first = attachment_store(upload("a.png", png_bytes()), owner=case, kind=KIND, description="外观对比")
    second = attachment_store(upload("b.pdf", PDF), owner=case, kind=Attachment.Kind.RIGHTS_PROOF)
    assistance_request()  # another case's files are not listed
    response = api.as_user(make_user(Role.HANDLER, CITY)).get(
        "/api/attachments/", {"owner_type": "assistance_request", "owner_id": case.pk}
    )

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert rows[0]["original_name"] == "a.png" and rows[0]["description"] == "外观对比"
    assert rows[1]["kind_label"] == "权利证明" and rows[1]["sha256"] == second.sha256
    assert rows[0]["download_url"] == f"/api/attachments/{first.pk}/download/"
    assert rows[0]["owner_type"] == "assistance_request" and rows[0]["jurisdiction"] == CITY


@pytest.mark.parametrize(
    "params, field",
    [({}, "owner_type"), ({"owner_type": "assistance_request", "owner_id": "x"}, "owner_id")],
)
def test_listing_needs_a_valid_owner(api, make_user, params, field):
    response = api.as_user(make_user(Role.HANDLER, CITY)).get("/api/attachments/", params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_listing_an_unknown_owner_type_or_id_is_404(api, make_user, case):
    client = api.as_user(make_user(Role.HANDLER, CITY))
    assert client.get("/api/attachments/", {"owner_type": "nothing", "owner_id": case.pk}).status_code == 404
    assert client.get("/api/attachments/", {"owner_type": "assistance_request", "owner_id": 999999}).status_code == 404
    assert client.get("/api/attachments/999999/download/").status_code == 404
    assert client.get(f"/api/attachments/{10**30}/download/").status_code == 404
