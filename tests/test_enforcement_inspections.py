"""On-site inspections (raids) of enforcement cases, their evidence and the items seized, sealed or
preserved (DOMAIN §3a): through the API, the officers' raid pages and the case page. Refusals
answer 400/403/404/409 and write nothing, no stored file included."""

import datetime as dt
import hashlib
import random

import pytest
from django.test import Client
from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.models import Deadline
from casemgmt.files.models import Attachment
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.parties.models import StaffRelation
from enforcement.models import Evidence, Inspection, InspectionOfficer, Seizure

from .enforcement_factories import adjudication_request, bureau, penalty_case_until, raid_start
from .factories import CITY, ZEZHOU, UserFactory, jurisdiction
from .identifiers import valid_id_number
from .uploads import ELF, PDF, docx_bytes, files_under, png_bytes, upload

pytestmark = pytest.mark.django_db

_rng = random.Random(20260528)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def city():
    return bureau(CITY)


@pytest.fixture
def case(city):
    """A trademark case under investigation by city.officers[0] and [1]."""
    return penalty_case_until("start_investigation", city)


def url(case, *parts) -> str:
    return "/".join([f"/api/enforcement-cases/{case.pk}", *[str(p) for p in parts]]) + "/"


def raid_body(*officers, **changes) -> dict:
    body = {
        "started_at": raid_start().isoformat(),
        "ended_at": timezone.now().isoformat(),
        "place": "晋城市城区凤台东街眼镜市场12号商铺及后仓",
        "latitude": 35.49123456,
        "longitude": 112.85212345,
        "location_accuracy": 12,
        "officers": [o.pk for o in officers],
        "certificates_shown": True,
        "persons_present": [
            {"name": "王五", "role": "principal", "id_number": valid_id_number(_rng), "title": "店长"},
            {"name": "赵六", "role": "witness"},
        ],
        "findings": "后仓堆放标有“丹河”商标的树脂镜片约1,200副，无进货票据。",
        "signature": "signed",
    }
    body.update(changes)
    return body


def log_raid(api, user, case, *officers, **changes):
    return api.as_user(user).post(url(case, "inspections"), raid_body(*officers, **changes), format="json")


def raid(api, city, case, **changes) -> Inspection:
    response = log_raid(api, city.officers[0], case, city.officers[0], city.officers[1], **changes)
    assert response.status_code == 201, response.content.decode()
    return Inspection.objects.get(pk=response.json()["id"])


def send_evidence(api, user, case, inspection, name="现场.png", content=None, **fields):
    body = {"file": upload(name, png_bytes() if content is None else content), "description": "后仓货架"}
    body.update(fields)
    return api.as_user(user).post(url(case, "inspections", inspection.pk, "evidence"), body, format="multipart")


def nothing_written(media) -> bool:
    return (
        not Inspection.objects.exists()
        and not Evidence.objects.exists()
        and not Attachment.objects.exists()
        and files_under(media) == []
    )


# ---------- the raid ----------


def test_a_raid_with_two_officers_and_a_hashed_photo_is_recorded_with_certificates_at_the_time(api, city, case):
    first, second = city.officers[0], city.officers[1]
    response = log_raid(api, first, case, first, second)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert [o["id"] for o in body["officers"]] == [first.pk, second.pk]
    assert [o["certificate_number"] for o in body["officers"]] == [first.certificate_number, second.certificate_number]
    assert body["certificates_shown"] is True and body["recorded_by"] == first.pk
    assert (body["latitude"], body["longitude"]) == ("35.491235", "112.852123")
    assert [p["role_label"] for p in body["persons_present"]] == ["法定代表人/负责人", "见证人"]

    content = png_bytes(4, 4)
    sent = send_evidence(api, second, case, Inspection.objects.get(), content=content, taken_at=body["started_at"])
    assert sent.status_code == 201, sent.content.decode()
    evidence = sent.json()
    assert evidence["sha256"] == hashlib.sha256(content).hexdigest() and evidence["size"] == len(content)
    assert (evidence["kind"], evidence["uploaded_by"], evidence["superseded"]) == ("photo", second.username, False)

    listed = api.as_user(city.head).get(url(case, "inspections")).json()["results"]
    assert [e["sha256"] for e in listed[0]["evidence"]] == [evidence["sha256"]]
    downloaded = api.as_user(city.head).get(evidence["download_url"])
    assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content) == content

    # The certificate recorded is the one shown that day, whatever the officer's number later becomes.
    first.certificate_number = "14050999999"
    first.save(update_fields=["certificate_number"])
    again = api.as_user(city.head).get(url(case, "inspections", body["id"])).json()
    assert again["officers"][0]["certificate_number"] == body["officers"][0]["certificate_number"]


def test_persons_present_id_numbers_are_masked_for_readers_who_may_not_see_them(api, city, case):
    inspection = raid(api, city, case)
    id_number = inspection.persons.get(name="王五").id_number
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))
    seen = api.as_user(auditor).get(url(case, "inspections", inspection.pk)).json()["persons_present"][0]
    assert seen["id_number"] == id_number[:6] + "********" + id_number[-4:]
    assert (
        api.as_user(city.head).get(url(case, "inspections", inspection.pk)).json()["persons_present"][0]["id_number"]
        == id_number
    )


def test_a_raid_is_never_edited_or_deleted(api, city, case):
    inspection = raid(api, city, case)
    detail = url(case, "inspections", inspection.pk)
    assert api.as_user(city.officers[0]).patch(detail, {"findings": "改"}, format="json").status_code == 405
    assert api.as_user(city.officers[0]).delete(detail).status_code == 405
    inspection.findings = "改"
    with pytest.raises(PermissionError):
        inspection.save()
    with pytest.raises(PermissionError):
        Inspection.objects.filter(pk=inspection.pk).update(findings="改")
    with pytest.raises(PermissionError):
        Inspection.objects.all().delete()


@pytest.mark.parametrize(
    "officers, fix, field, message",
    [
        (lambda c, o: [o], None, "officers", "两名以上"),
        (lambda c, o: [o, UserFactory(role=Role.OFFICER, certificate_number="")], None, "officers", "未登记执法证号"),
        (
            lambda c, o: [o, UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))],
            None,
            "officers",
            "不属于本案管辖机关",
        ),
        (lambda c, o: [o, UserFactory(role=Role.LEGAL_REVIEWER)], None, "officers", "不是在职执法人员"),
        (lambda c, o: [c.officers[1], c.officers[2]], None, "officers", "记录人须是在场的执法人员之一"),
        (lambda c, o: [o, c.officers[1]], {"certificates_shown": False}, "certificates_shown", "出示执法证件"),
        (lambda c, o: [o, c.officers[1]], {"signature": "refused"}, "signature_note", "拒绝签字"),
        (lambda c, o: [o, c.officers[1]], {"place": "  "}, "place", ""),
        (
            lambda c, o: [o, c.officers[1]],
            {"started_at": (timezone.now() + dt.timedelta(hours=2)).isoformat()},
            "started_at",
            "晚于现在",
        ),
        (lambda c, o: [o, c.officers[1]], {"longitude": None}, "longitude", "同时填写"),
        (
            lambda c, o: [o, c.officers[1]],
            {"persons_present": [{"name": "王五", "role": "party", "id_number": "140502199001011234"}]},
            "persons_present",
            "居民身份证号码无效",
        ),
    ],
    ids=[
        "one officer",
        "no certificate",
        "another county",
        "not an officer",
        "recorder absent",
        "certificates not shown",
        "refusal unexplained",
        "blank place",
        "future",
        "half a position",
        "bad id number",
    ],
)
def test_a_raid_the_law_does_not_allow_is_refused_with_a_field_error_and_nothing_written(
    api, city, case, media, officers, fix, field, message
):
    team = officers(city, city.officers[0])
    response = log_raid(api, city.officers[0], case, *team, **(fix or {}))
    assert response.status_code == 400, response.content.decode()
    errors = response.json()["errors"]
    assert field in errors and message in " ".join(errors[field])
    assert nothing_written(media) and not InspectionOfficer.objects.exists()


def test_an_officer_who_must_recuse_from_a_party_cannot_be_on_the_raid(api, city, case):
    StaffRelation.objects.create(user=city.officers[1], party=case.principal_party, relation="relative")
    response = log_raid(api, city.officers[0], case, city.officers[0], city.officers[1])
    assert response.status_code == 400 and "回避" in " ".join(response.json()["errors"]["officers"])
    assert not Inspection.objects.exists()


def test_only_the_case_officers_log_raids_and_other_jurisdictions_do_not_see_the_case(api, city, case, media):
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county_officer).get(url(case, "inspections")).status_code == 404
    assert log_raid(api, county_officer, case, county_officer, city.officers[0]).status_code == 404
    # Same bureau, not assigned; the head; a reviewer: forbidden, and told so before any validation.
    for user in (city.officers[2], city.head, city.reviewer):
        response = log_raid(api, user, case, user, city.officers[0], place="")
        assert response.status_code == 403, user.role
    # A city officer can read a county case but is not its officer.
    county = bureau(ZEZHOU)
    county_case = penalty_case_until("start_investigation", county)
    assert api.as_user(city.officers[0]).get(url(county_case, "inspections")).status_code == 200
    assert log_raid(api, city.officers[0], county_case, *county.officers[:2]).status_code == 403
    assert nothing_written(media)


def test_raids_are_logged_only_while_the_case_is_investigated(api, city, media):
    filed = penalty_case_until("file_case", city)
    response = log_raid(api, city.officers[0], filed, city.officers[0], city.officers[1])
    assert response.status_code == 409 and "开始调查" in response.json()["detail"]
    closed = penalty_case_until("close_investigation", city)
    assert log_raid(api, city.officers[0], closed, city.officers[0], city.officers[1]).status_code == 409
    adjudication = adjudication_request(jurisdiction_code=CITY)
    assert api.as_user(city.officers[0]).get(url(adjudication, "inspections")).status_code == 200
    assert nothing_written(media)


# ---------- evidence ----------


def test_video_pdf_and_word_evidence_is_accepted_and_its_kind_recorded(api, city, case):
    inspection = raid(api, city, case)
    kinds = []
    for name, content in (("录像.mp4", MP4), ("进货单.pdf", PDF), ("询问笔录.docx", docx_bytes())):
        response = send_evidence(api, city.officers[1], case, inspection, name=name, content=content)
        assert response.status_code == 201, response.content.decode()
        kinds.append(response.json()["kind"])
    assert kinds == ["video", "document", "document"]


def test_an_executable_or_oversized_evidence_file_is_refused_and_nothing_is_stored(api, city, case, media, settings):
    inspection = raid(api, city, case)
    stored_before = files_under(media)
    program = send_evidence(api, city.officers[0], case, inspection, name="照片.png", content=ELF)
    assert program.status_code == 400 and "不能上传" in program.json()["errors"]["file"][0]
    named = send_evidence(api, city.officers[0], case, inspection, name="setup.exe", content=b"hello")
    assert named.status_code == 400 and "可执行程序" in named.json()["errors"]["file"][0]
    settings.EVIDENCE_MAX_BYTES = 1024
    big = send_evidence(api, city.officers[0], case, inspection, content=png_bytes() + bytes(2048))
    assert big.status_code == 400 and "大小限制" in big.json()["errors"]["file"][0]
    assert not Evidence.objects.exists() and not Attachment.objects.exists()
    assert files_under(media) == stored_before


def test_evidence_is_added_only_by_the_case_officers_while_investigating(api, city, case, media):
    inspection = raid(api, city, case)
    assert send_evidence(api, city.officers[2], case, inspection).status_code == 403
    assert send_evidence(api, city.officers[2], case, inspection, content=ELF).status_code == 403
    missing = send_evidence(api, city.officers[0], case, inspection, description="")
    assert missing.status_code == 400 and "description" in missing.json()["errors"]
    assert not Attachment.objects.exists() and files_under(media) == []


def test_evidence_whose_stored_bytes_changed_is_not_downloaded(api, city, case):
    inspection = raid(api, city, case)
    evidence = send_evidence(api, city.officers[0], case, inspection).json()
    stored = Attachment.objects.get(pk=evidence["attachment"])
    with open(stored.file.path, "r+b") as handle:
        handle.seek(20)
        handle.write(b"\x00\x01")

    response = api.as_user(city.head).get(evidence["download_url"])
    assert response.status_code == 409
    assert "SHA-256" in response.json()["detail"] and "篡改" in response.json()["detail"]


def test_superseding_evidence_keeps_the_old_file_and_hash_and_lists_both(api, city, case):
    inspection = raid(api, city, case)
    old_content, new_content = png_bytes(2, 2), png_bytes(6, 6)
    old = send_evidence(api, city.officers[0], case, inspection, content=old_content).json()
    supersede = url(case, "inspections", inspection.pk, "evidence", old["id"], "supersede")

    response = api.as_user(city.officers[1]).post(
        supersede, {"file": upload("清晰版.png", new_content), "reason": "原照片模糊，补拍清晰版。"}, format="multipart"
    )
    assert response.status_code == 201, response.content.decode()
    new = response.json()
    assert new["replaces"] == old["id"] and new["description"] == "后仓货架"
    assert new["sha256"] == hashlib.sha256(new_content).hexdigest()

    listed = {
        e["id"]: e for e in api.as_user(city.head).get(url(case, "inspections", inspection.pk, "evidence")).json()
    }
    assert set(listed) == {old["id"], new["id"]}
    assert listed[old["id"]]["superseded"] is True and listed[old["id"]]["superseded_by"] == new["id"]
    assert listed[old["id"]]["supersede_reason"] == "原照片模糊，补拍清晰版。"
    kept = Attachment.objects.get(pk=old["attachment"])
    assert kept.sha256 == hashlib.sha256(old_content).hexdigest()
    with open(kept.file.path, "rb") as stored:
        assert stored.read() == old_content
    assert api.as_user(city.head).get(old["download_url"]).status_code == 200

    twice = api.as_user(city.officers[1]).post(
        supersede, {"file": upload("又一版.png", png_bytes(3, 3)), "reason": "再换"}, format="multipart"
    )
    assert twice.status_code == 409 and Evidence.objects.count() == 2
    no_reason = api.as_user(city.officers[1]).post(
        url(case, "inspections", inspection.pk, "evidence", new["id"], "supersede"),
        {"file": upload("又一版.png", png_bytes(3, 3)), "reason": " "},
        format="multipart",
    )
    assert no_reason.status_code == 400 and Evidence.objects.count() == 2


def test_evidence_can_never_be_edited_or_deleted():
    with pytest.raises(PermissionError):
        Evidence.objects.all().delete()
    with pytest.raises(PermissionError):
        Evidence().delete()


# ---------- seizure, sealing and evidence preservation ----------


def seize(api, user, case, **fields):
    body = {"measure": "seizure", "items": "“丹河”树脂镜片", "quantity": "1,200副", "place_kept": "城区局涉案物品库"}
    body.update(fields)
    return api.as_user(user).post(url(case, "seizures"), body, format="json")


def case_deadlines(api, user, case) -> dict:
    return {d["kind"]: d for d in api.as_user(user).get(url(case, "deadlines")).json()}


def test_a_seizure_runs_30_days_is_extended_once_by_30_with_the_head_and_its_release_meets_the_limit(api, city, case):
    today = timezone.localdate()
    created = seize(api, city.officers[0], case)
    assert created.status_code == 201, created.content.decode()
    seizure = created.json()
    first_due = compute_due(today, Rule.CALENDAR_DAYS, 30).due
    assert seizure["limit"]["due"] == first_due.isoformat() and seizure["status"] == "in_force"
    assert case_deadlines(api, city.head, case)["seizure_limit"]["due"] == first_due.isoformat()

    extend = url(case, "seizures", seizure["id"], "extend")
    assert api.as_user(city.officers[0]).post(extend, {"reason": "需鉴定"}, format="json").status_code == 403
    too_long = api.as_user(city.head).post(extend, {"reason": "需鉴定", "days": 31}, format="json")
    assert too_long.status_code == 400 and "30日" in too_long.json()["errors"]["days"][0]
    extended = api.as_user(city.head).post(extend, {"reason": "需商标权利人辨认，情况复杂。"}, format="json")
    assert extended.status_code == 200, extended.content.decode()
    second_due = compute_due(first_due, Rule.CALENDAR_DAYS, 30).due
    assert extended.json()["limit"]["due"] == second_due.isoformat() and extended.json()["extension_days"] == 30

    again = api.as_user(city.head).post(extend, {"reason": "还需时间"}, format="json")
    assert again.status_code == 400 and "不能再次延长" in again.json()["errors"]["non_field_errors"][0]
    assert Deadline.objects.get(kind="seizure_limit").due == second_due

    released = api.as_user(city.officers[1]).post(
        url(case, "seizures", seizure["id"], "release"), {"reason": "经鉴定非侵权商品，予以退还。"}, format="json"
    )
    assert released.status_code == 200, released.content.decode()
    assert released.json()["status"] == "released" and released.json()["limit"]["status"] == "met"
    assert released.json()["released_on"] == today.isoformat()
    twice = api.as_user(city.officers[1]).post(
        url(case, "seizures", seizure["id"], "release"), {"reason": "再次"}, format="json"
    )
    assert twice.status_code == 409


def test_evidence_preservation_is_decided_within_7_working_days_and_converting_it_to_a_seizure_meets_that(
    api, city, case
):
    today = timezone.localdate()
    preserved = seize(api, city.officers[0], case, measure="preservation").json()
    assert preserved["limit"]["kind"] == "preservation_decision"
    assert preserved["limit"]["due"] == compute_due(today, Rule.WORKING_DAYS, 7).due.isoformat()
    cannot = api.as_user(city.head).post(
        url(case, "seizures", preserved["id"], "extend"), {"reason": "x"}, format="json"
    )
    assert cannot.status_code == 400 and "七个工作日" in cannot.json()["errors"]["non_field_errors"][0]

    seized = seize(api, city.officers[1], case, converted_from=preserved["id"])
    assert seized.status_code == 201, seized.content.decode()
    after = api.as_user(city.head).get(url(case, "seizures", preserved["id"])).json()
    assert after["status"] == "converted" and after["limit"]["status"] == "met"
    assert after["converted_to"] == seized.json()["id"] and "转为扣押" in after["release_reason"]
    again = seize(api, city.officers[1], case, converted_from=preserved["id"])
    assert again.status_code == 400 and "converted_from" in again.json()["errors"]


def test_an_emergency_seizure_on_site_must_be_reported_within_a_day_and_the_heads_approval_meets_it(api, city, case):
    inspection = raid(api, city, case)
    today = timezone.localdate()
    without_raid = seize(api, city.officers[0], case, emergency=True)
    assert without_raid.status_code == 400 and "inspection" in without_raid.json()["errors"]
    created = seize(api, city.officers[0], case, emergency=True, inspection=inspection.pk, decided_on=str(today))
    assert created.status_code == 201, created.content.decode()
    seizure = created.json()
    report = seizure["report_deadline"]
    # 24 hours from the inspection's start (the moment the measure was taken is not recorded), in
    # hours: never moved off a rest day.
    due_at = inspection.started_at + dt.timedelta(hours=24)
    assert report["kind"] == "seizure_report" and dt.datetime.fromisoformat(report["due_at"]) == due_at
    assert report["due"] == timezone.localdate(due_at).isoformat()
    assert seizure["status"] == "awaiting_approval"
    assert Notification.objects.filter(recipient=city.head, title__contains="待补办批准").exists()

    approve = url(case, "seizures", seizure["id"], "approve")
    assert api.as_user(city.officers[0]).post(approve, {}, format="json").status_code == 403
    approved = api.as_user(city.head).post(approve, {"note": "同意扣押。"}, format="json")
    assert approved.status_code == 200, approved.content.decode()
    body = approved.json()
    assert body["report_deadline"]["status"] == "met" and body["report_deadline"]["met_at"] == today.isoformat()
    assert body["status"] == "in_force" and body["limit"]["status"] == "open" and body["approved_by_name"]
    twice = api.as_user(city.head).post(approve, {}, format="json")
    assert twice.status_code == 400


def test_seizures_are_refused_across_jurisdictions_outside_investigation_and_with_bad_input(api, city, case):
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert seize(api, county_officer, case).status_code == 404
    assert seize(api, city.officers[2], case).status_code == 403
    future = seize(api, city.officers[0], case, decided_on=str(timezone.localdate() + dt.timedelta(days=1)))
    assert future.status_code == 400 and "decided_on" in future.json()["errors"]
    blank = seize(api, city.officers[0], case, items=" ", quantity="")
    assert blank.status_code == 400 and {"items", "quantity"} <= set(blank.json()["errors"])
    other = penalty_case_until("start_investigation", city)
    foreign = raid(api, city, other)
    assert seize(api, city.officers[0], case, inspection=foreign.pk).status_code == 400
    preservation = seize(api, city.officers[0], case, measure="preservation", emergency=True)
    assert preservation.status_code == 400 and "emergency" in preservation.json()["errors"]
    closed = penalty_case_until("close_investigation", city)
    assert seize(api, city.officers[0], closed).status_code == 409
    assert not Seizure.objects.exists() and not Deadline.objects.filter(kind__startswith="seizure").exists()


# ---------- pages: the raid form on a phone, the saved raid, the case page ----------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def raid_form(*officers, **changes) -> dict:
    form = {
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "泽州县南村镇某某商行仓库",
        "officers": [str(o.pk) for o in officers],
        "certificates_shown": "true",
        "persons-TOTAL_FORMS": "2",
        "persons-INITIAL_FORMS": "0",
        "persons-0-name": "王五",
        "persons-0-role": "party",
        "persons-1-name": "",
        "persons-1-role": "party",
        "findings": "仓库内发现假冒注册商标的镜片。",
        "signature": "signed",
    }
    form.update(changes)
    return form


def test_the_raid_page_logs_a_raid_with_photos_and_shows_their_hashes(city, case):
    officer = signed_in(city.officers[0])
    page = officer.get(f"/enforcement/cases/{case.pk}/raid/")
    body = page.content.decode()
    assert page.status_code == 200 and 'capture="environment"' in body and city.officers[1].certificate_number in body

    photo = png_bytes(5, 5)
    taken = (timezone.now() - dt.timedelta(minutes=30)).replace(microsecond=0)
    response = officer.post(
        f"/enforcement/cases/{case.pk}/raid/",
        raid_form(
            city.officers[0],
            city.officers[1],
            photos=[upload("货架.png", photo)],
            photo_taken_at=[taken.isoformat()],
        ),
    )
    assert response.status_code == 302, response.content.decode()
    inspection = Inspection.objects.get()
    assert response["Location"] == f"/enforcement/cases/{case.pk}/raid/{inspection.pk}/"
    evidence = inspection.evidence.get()
    assert evidence.taken_at == taken and evidence.description == "现场照片"
    saved = officer.get(response["Location"]).content.decode()
    assert hashlib.sha256(photo).hexdigest() in saved and "王五" in saved

    case_page = signed_in(city.head).get(case.get_absolute_url()).content.decode()
    assert "现场检查" in case_page and hashlib.sha256(photo).hexdigest() in case_page


def test_the_raid_page_shows_what_is_wrong_and_saves_nothing(city, case, media):
    officer = signed_in(city.officers[0])
    response = officer.post(
        f"/enforcement/cases/{case.pk}/raid/",
        raid_form(city.officers[0], photos=[upload("x.png", ELF)]),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "两名以上" in body and "不能上传" in body and "泽州县南村镇某某商行仓库" in body
    assert nothing_written(media)


def test_the_raid_page_is_read_only_for_others_and_hidden_from_other_jurisdictions(city, case):
    outsider = signed_in(city.officers[2])
    page = outsider.get(f"/enforcement/cases/{case.pk}/raid/")
    assert page.status_code == 200 and "只有本案承办的执法人员" in page.content.decode()
    assert outsider.post(f"/enforcement/cases/{case.pk}/raid/", raid_form(city.officers[2])).status_code == 403
    county = signed_in(UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU)))
    assert county.get(f"/enforcement/cases/{case.pk}/raid/").status_code == 404
    assert not Inspection.objects.exists()


def test_measures_are_recorded_extended_and_released_from_the_raid_pages(api, city, case):
    inspection = raid(api, city, case)
    officer, head = signed_in(city.officers[0]), signed_in(city.head)
    back = f"/enforcement/cases/{case.pk}/raid/{inspection.pk}/"
    response = officer.post(
        f"/enforcement/cases/{case.pk}/raid/seizures/",
        {
            "measure": "sealing",
            "items": "制假设备2台",
            "quantity": "2台",
            "place_kept": "原地封存",
            "inspection": str(inspection.pk),
            "emergency": "true",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(back)
    seizure = Seizure.objects.get()
    assert seizure.emergency and seizure.report_deadline is not None
    page = head.get(back).content.decode()
    assert "补办批准" in page and "制假设备2台" in page

    assert officer.post(f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/approve/", {}).status_code == 403
    head.post(f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/approve/", {"next": back})
    head.post(f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/extend/", {"reason": "情况复杂", "days": "20"})
    head.post(f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/extend/", {"reason": "再延"})
    officer.post(f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/release/", {"reason": "已作出处罚决定。"})
    seizure.refresh_from_db()
    assert seizure.approved_by == city.head and seizure.extension_days == 20 and seizure.released_on is not None
    assert seizure.report_deadline.status == "met" and seizure.limit.status == "met"
    timeline = signed_in(city.reviewer).get(case.get_absolute_url()).content.decode()
    assert "延长查封期限" in timeline and "解除查封" in timeline


def test_a_raid_is_found_by_search_by_what_was_found_within_the_jurisdiction(
    api, city, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inspection = raid(api, city, case, findings="后仓发现激光雕刻机一台及空白镜片包装盒。")
    hits = api.as_user(city.head).get("/api/search/", {"q": "激光雕刻机"}).json()
    assert [(hit["type"], hit["id"]) for hit in hits["results"]] == [("enforcement_inspection", inspection.pk)]
    county = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county).get("/api/search/", {"q": "激光雕刻机"}).json()["count"] == 0


def test_the_case_page_link_offers_the_raid_form_to_the_case_officers_and_the_records_to_readers(api, city, case):
    def page(user) -> str:
        return signed_in(user).get(case.get_absolute_url()).content.decode()

    raid_url = f"/enforcement/cases/{case.pk}/raid/"
    assert raid_url in page(city.officers[0]) and "记录检查、拍照取证、查封扣押" in page(city.officers[0])
    assert raid_url not in page(city.officers[2]) and raid_url not in page(city.reviewer)
    raid(api, city, case)
    assert raid_url in page(city.reviewer) and "现场检查与查封扣押记录" in page(city.reviewer)


def test_a_photo_time_the_phone_could_not_know_yet_is_taken_as_now(city, case):
    before = timezone.now()
    response = signed_in(city.officers[0]).post(
        f"/enforcement/cases/{case.pk}/raid/",
        raid_form(
            city.officers[0],
            city.officers[1],
            photos=[upload("货架.png", png_bytes())],
            photo_taken_at=[(timezone.now() + dt.timedelta(days=3)).isoformat()],
        ),
    )
    assert response.status_code == 302
    taken = Evidence.objects.get().taken_at
    assert before <= taken <= timezone.now()
