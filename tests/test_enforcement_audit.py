"""Every write of the enforcement app goes through the kernel's audited door: one history row on
the enforcement case naming the actor and the reason, with edits old → new; a refused call (404,
403, 409, 400) writes no row and nothing else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.errors import Conflict, Forbidden, Invalid, NotFound
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.selectors import history_of
from enforcement.models import Evidence, Inspection, InspectionPerson, PenaltyPayment, Seizure
from enforcement.services import evidence as evidence_services
from enforcement.services import seizures as seizure_services
from enforcement.services.cases import case_time_limit_extend, enforcement_case_create, enforcement_case_update
from enforcement.services.decisions import penalty_payment_record
from enforcement.services.inspections import inspection_create

from .enforcement_factories import bureau, org_party, penalty_case_until, penalty_clue, raid_start
from .factories import CITY, ZEZHOU, UserFactory, jurisdiction
from .uploads import png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/enforcement-cases/"


@pytest.fixture
def city():
    return bureau(CITY)


@pytest.fixture
def case(city):
    """A trademark case under investigation by city.officers[0] and [1]."""
    return penalty_case_until("start_investigation", city)


def steps(case, name: str | None = None):
    """The case's history rows that are not state changes (or only those of step `name`)."""
    rows = history_of(case).exclude(transition="create").filter(source=case.state, target=case.state)
    return rows.filter(transition=name) if name else rows


def the_step(case, name: str) -> TransitionLog:
    rows = list(steps(case, name))
    assert len(rows) == 1, [(row.transition, row.reason) for row in rows]
    return rows[0]


def by(row: TransitionLog, user) -> bool:
    return (row.actor_id, row.actor_username, row.actor_name) == (user.pk, user.username, user.display_name)


def change(row: TransitionLog, name: str) -> dict:
    found = [c for c in row.changes if c["field"] == name]
    assert len(found) == 1, row.changes
    return found[0]


def record_raid(city, case) -> Inspection:
    return inspection_create(
        case,
        actor=city.officers[0],
        started_at=raid_start(2),
        ended_at=timezone.now(),
        place="晋城市城区凤台东街眼镜市场12号商铺",
        officers=city.officers[:2],
        findings="后仓堆放标有“丹河”商标的树脂镜片。",
        signature="absent",
        signature_note="当事人不在场。",
        certificates_shown=True,
    )


def seize(city, case, **fields) -> Seizure:
    body = {
        "measure": "seizure",
        "items": "“丹河”树脂镜片",
        "quantity": "1,200副",
        "place_kept": "城区局涉案物品库",
        "decided_on": timezone.localdate(),
    } | fields
    return seizure_services.seizure_create(case, actor=city.officers[0], **body)


def add_evidence(city, inspection, content=None) -> Evidence:
    return evidence_services.evidence_add(
        inspection,
        actor=city.officers[0],
        upload=upload("货架.png", content or png_bytes()),
        description="后仓货架",
    )


def count() -> int:
    return TransitionLog.objects.count()


# ---------- old → new in the history ----------


def test_a_seizure_extension_shows_in_the_case_history_with_the_days_and_the_due_date_old_and_new(api, city, case):
    seizure = seize(city, case)
    first_due = seizure.limit.due
    response = api.as_user(city.head).post(
        f"{URL}{case.pk}/seizures/{seizure.pk}/extend/", {"reason": "需商标权利人辨认，情况复杂。"}, format="json"
    )
    assert response.status_code == 200, response.content.decode()

    row = the_step(case, "extend_seizure")
    assert by(row, city.head) and row.reason == "需商标权利人辨认，情况复杂。"
    assert row.transition_label == "延长扣押期限" and row.payload["seizure"] == seizure.pk
    days = change(row, "extension_days")
    assert (days["old"], days["new"]) == (None, 30) and "延长天数" in days["label"]
    due = change(row, "limit_due")
    second_due = compute_due(first_due, Rule.CALENDAR_DAYS, 30).due
    assert (due["old"], due["new"]) == (first_due.isoformat(), second_due.isoformat())
    assert due["label"] == "扣押期限届满日"
    assert change(row, "extended_by")["new"] == str(city.head)

    # The API's history of the case lists it too.
    history = api.as_user(city.reviewer).get(f"{URL}{case.pk}/history/").json()
    assert [entry["transition"] for entry in history][-1] == "extend_seizure"


def test_a_change_of_the_illegal_turnover_is_in_the_history_old_and_new_with_the_reason_given(api, city, case):
    url = f"{URL}{case.pk}/"
    response = api.as_user(city.officers[1]).patch(
        url, {"illegal_turnover": "120000.50", "reason": "补充查明的销售记录"}, format="json"
    )
    assert response.status_code == 200 and response.json()["fine_ceiling"]["amount"] == "600002.50"
    row = the_step(case, "edit")
    assert by(row, city.officers[1]) and row.reason == "补充查明的销售记录"
    assert row.transition_label == "修改案件信息"
    assert row.changes == [
        {"field": "illegal_turnover", "label": "违法经营额（元）", "old": "80000.00", "new": "120000.50"}
    ]


def test_an_edit_without_a_reason_is_labelled_and_an_edit_that_changes_nothing_records_no_change(api, city, case):
    url = f"{URL}{case.pk}/"
    api.as_user(city.officers[0]).patch(url, {"title": "销售假冒“丹河”注册商标的树脂镜片"}, format="json")
    row = the_step(case, "edit")
    assert row.reason == "修改案件信息" and [c["field"] for c in row.changes] == ["title"]

    same = api.as_user(city.officers[0]).patch(url, {"title": "销售假冒“丹河”注册商标的树脂镜片"}, format="json")
    assert same.status_code == 200
    last = steps(case, "edit").last()
    assert last.pk != row.pk and last.changes == []


def test_the_parties_changed_before_filing_are_in_the_history_by_name(api, city):
    clue = penalty_clue(jurisdiction_code=CITY)
    old = [link.party.name for link in clue.party_links.all()]
    new_party = org_party()
    response = api.as_user(city.officers[0]).patch(
        f"{URL}{clue.pk}/",
        {"parties": [{"role": "respondent", "party": new_party}], "reason": "核实被举报的经营者"},
        format="json",
    )
    assert response.status_code == 200, response.content.decode()
    parties = change(the_step(clue, "edit"), "parties")
    assert parties["label"] == "当事人"
    assert all(name in parties["old"] for name in old) and parties["new"].endswith(new_party["name"])
    assert new_party["name"] not in parties["old"]


def test_a_time_limit_extension_shows_the_due_date_old_and_new(city, case):
    before = case_deadline_due(case)
    case_time_limit_extend(case, actor=city.head, reason="案情复杂，需补充鉴定。")
    row = the_step(case, "extend_time_limit")
    assert by(row, city.head) and row.reason == "案情复杂，需补充鉴定。"
    assert (change(row, "time_limit_extensions")["old"], change(row, "time_limit_extensions")["new"]) == (0, 1)
    due = change(row, "decision_due")
    assert (
        due["old"] == before.isoformat() and due["new"] == compute_due(before, Rule.CALENDAR_DAYS, 30).due.isoformat()
    )


def case_deadline_due(case) -> dt.date:
    from enforcement.services import deadlines

    return deadlines.active_deadline(case, deadlines.DECISION).due


# ---------- one row per step, naming the actor and the reason ----------


def test_every_step_on_site_writes_exactly_one_history_row_with_its_actor_and_reason(city, case):
    inspection = record_raid(city, case)
    row = the_step(case, "record_inspection")
    assert by(row, city.officers[0]) and row.reason == "记录现场检查"
    assert row.payload["inspection"] == inspection.pk

    evidence = add_evidence(city, inspection)
    row = the_step(case, "add_evidence")
    assert by(row, city.officers[0]) and row.reason == "上传证据"
    assert row.payload["sha256"] == evidence.attachment.sha256

    replacement = evidence_services.evidence_supersede(
        evidence, actor=city.officers[1], upload=upload("清晰版.png", png_bytes(4, 4)), reason="原照片模糊。"
    )
    row = the_step(case, "supersede_evidence")
    assert by(row, city.officers[1]) and row.reason == "原照片模糊。"
    assert row.payload["evidence"] == replacement.pk and row.payload["replaces"]["evidence"] == evidence.pk

    emergency = seize(city, case, emergency=True, inspection=inspection, measure="seizure")
    row = the_step(case, "record_seizure")
    assert by(row, city.officers[0]) and row.transition_label == "登记当场扣押"
    assert row.payload["limit_due"] == emergency.limit.due.isoformat()

    seizure_services.seizure_approve(emergency, actor=city.head, note="同意扣押。")
    row = the_step(case, "approve_seizure")
    assert by(row, city.head) and row.reason == "同意扣押。"
    assert change(row, "approval_note")["new"] == "同意扣押。"

    seizure_services.seizure_release(emergency, actor=city.officers[1], reason="经鉴定非侵权商品，予以退还。")
    row = the_step(case, "release_seizure")
    assert by(row, city.officers[1]) and row.reason == "经鉴定非侵权商品，予以退还。"
    assert row.transition_label == "解除扣押"
    assert change(row, "released_on")["new"] == timezone.localdate().isoformat()

    assert steps(case).count() == 6


def test_converting_a_preservation_is_one_row_that_also_shows_the_preservation_released(city, case):
    preserved = seize(city, case, measure="preservation")
    assert the_step(case, "record_seizure").transition_label == "登记先行登记保存"
    seize(city, case, converted_from=preserved)
    rows = list(steps(case, "record_seizure"))
    assert len(rows) == 2
    released = change(rows[1], "release_reason")
    assert released["old"] == "" and "转为扣押" in released["new"]


def test_a_payment_and_a_revocation_each_write_one_row(city):
    from enforcement.publication import penalty_decision_revoke

    executing = penalty_case_until("start_execution", city)
    decision = executing.penalty_decision
    penalty_payment_record(decision, actor=city.officers[0], amount=Decimal("1000.00"), paid_on=timezone.localdate())
    row = the_step(executing, "record_payment")
    assert by(row, city.officers[0]) and row.reason == "登记缴款" and row.payload["amount"] == "1000.00"

    penalty_decision_revoke(decision, actor=city.head, reason="行政复议决定撤销（晋市复决字〔2026〕3号）")
    row = the_step(executing, "revoke_penalty_decision")
    assert by(row, city.head) and row.reason.startswith("行政复议决定撤销")


# ---------- refusals write nothing ----------


def test_refused_seizure_steps_write_no_history(api, city, case):
    seizure = seize(city, case)
    county_head = bureau(ZEZHOU).head
    extend = f"{URL}{case.pk}/seizures/{seizure.pk}/extend/"
    before = count()
    assert api.as_user(county_head).post(extend, {"reason": "x"}, format="json").status_code == 404
    assert api.as_user(city.officers[0]).post(extend, {"reason": "x"}, format="json").status_code == 403
    assert api.as_user(city.head).post(extend, {"reason": "x", "days": 31}, format="json").status_code == 400
    assert count() == before

    release = f"{URL}{case.pk}/seizures/{seizure.pk}/release/"
    assert api.as_user(city.officers[2]).post(release, {"reason": "x"}, format="json").status_code == 403
    assert api.as_user(city.officers[0]).post(release, {"reason": " "}, format="json").status_code == 400
    assert api.as_user(city.officers[0]).post(release, {"reason": "退还"}, format="json").status_code == 200
    before = count()
    assert api.as_user(city.officers[0]).post(release, {"reason": "再次"}, format="json").status_code == 409
    assert count() == before and Seizure.objects.get().release_reason == "退还"


def test_refused_raids_and_evidence_write_no_history(api, city, case):
    inspection = record_raid(city, case)
    evidence = add_evidence(city, inspection)
    closed = penalty_case_until("close_investigation", city)
    before = count()
    with pytest.raises(NotFound):
        record_raid(bureau(ZEZHOU), case)
    with pytest.raises(Forbidden):
        evidence_services.evidence_add(
            inspection, actor=city.officers[2], upload=upload("a.png", png_bytes()), description="x"
        )
    with pytest.raises(Conflict):
        seize(city, closed)
    with pytest.raises(Invalid) as blank:
        evidence_services.evidence_supersede(
            evidence, actor=city.officers[0], upload=upload("b.png", png_bytes(3, 3)), reason="  "
        )
    assert "reason" in blank.value.errors
    assert count() == before and Evidence.objects.count() == 1 and Inspection.objects.count() == 1


def test_refused_edits_payments_and_extensions_write_no_history(city, case):
    decided = penalty_case_until("decide", city)  # decided, not yet served: nothing to pay yet
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    before = count()
    with pytest.raises(NotFound):
        enforcement_case_update(case, actor=county_officer, title="改")
    with pytest.raises(Forbidden):
        enforcement_case_update(case, actor=city.officers[2], title="改")
    with pytest.raises(Invalid):
        enforcement_case_update(case, actor=city.officers[0], procedure="adjudication")
    with pytest.raises(Invalid):
        enforcement_case_update(decided, actor=city.head, illegal_gains=Decimal("1"))
    with pytest.raises(Forbidden):
        case_time_limit_extend(case, actor=city.officers[0], reason="x")
    with pytest.raises(Invalid):
        case_time_limit_extend(case, actor=city.head, reason=" ")
    with pytest.raises(Conflict):
        penalty_payment_record(
            decided.penalty_decision, actor=city.officers[0], amount=Decimal("1"), paid_on=timezone.localdate()
        )
    assert count() == before and not PenaltyPayment.objects.exists()
    case.refresh_from_db()
    assert case.time_limit_extensions == 0 and case.title != "改"


def test_registering_a_case_refuses_with_domain_errors(city):
    place = jurisdiction(CITY)
    common = {
        "procedure": "penalty",
        "jurisdiction": place,
        "title": "销售假冒注册商标的商品",
        "facts": "巡查发现。",
        "received_on": timezone.localdate(),
        "kind": "trademark_infringement",
        "clue_source": "complaint",
    }
    with pytest.raises(Forbidden):
        enforcement_case_create(actor=city.reviewer, parties=[{"role": "respondent", "party": org_party()}], **common)
    with pytest.raises(Invalid) as missing:
        enforcement_case_create(actor=city.officers[0], parties=[], **common)
    assert "parties" in missing.value.errors


# ---------- the raid pages ----------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def raid_post(officers, persons: list[dict], **changes) -> dict:
    form = {
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "泽州县南村镇某某商行仓库",
        "officers": [str(o.pk) for o in officers],
        "certificates_shown": "true",
        "findings": "仓库内发现假冒注册商标的镜片。",
        "signature": "signed",
        "persons-TOTAL_FORMS": str(len(persons)),
        "persons-INITIAL_FORMS": "0",
    }
    for index, person in enumerate(persons):
        form |= {f"persons-{index}-{key}": value for key, value in person.items()}
    return form | changes


def test_the_raid_page_saves_the_rows_of_persons_present_a_phone_added_and_skips_blank_rows(city, case):
    page = signed_in(city.officers[0]).get(f"/enforcement/cases/{case.pk}/raid/").content.decode()
    assert 'name="persons-TOTAL_FORMS" value="2"' in page and 'name="persons-__prefix__-name"' in page
    persons = [
        {"name": "王五", "role": "principal", "id_number": "", "title": "店长"},
        {"name": "", "role": "party", "id_number": "", "title": ""},
        {"name": "赵六", "role": "witness", "id_number": "", "title": ""},  # the row the phone added
    ]
    response = signed_in(city.officers[0]).post(
        f"/enforcement/cases/{case.pk}/raid/", raid_post(city.officers[:2], persons)
    )
    assert response.status_code == 302, response.content.decode()
    saved = InspectionPerson.objects.order_by("position")
    assert [(p.name, p.role, p.title) for p in saved] == [("王五", "principal", "店长"), ("赵六", "witness", "")]
    assert by(the_step(case, "record_inspection"), city.officers[0])


def test_the_raid_page_shows_a_bad_row_of_persons_present_and_saves_nothing(city, case):
    persons = [{"name": "王五", "role": "chief", "id_number": "", "title": ""}]
    before = count()
    response = signed_in(city.officers[0]).post(
        f"/enforcement/cases/{case.pk}/raid/", raid_post(city.officers[:2], persons)
    )
    body = response.content.decode()
    assert response.status_code == 400 and "第1行" in body and "王五" in body
    assert count() == before and not Inspection.objects.exists()


def test_a_refused_small_form_shows_its_page_again_with_the_reason_and_writes_nothing(city, case):
    seizure = seize(city, case)
    head = signed_in(city.head)
    before = count()
    page = f"/enforcement/cases/{case.pk}/raid/"
    response = head.post(
        f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/extend/", {"reason": "x", "days": "31", "next": page}
    )
    assert response.status_code == 400 and "30日" in response.content.decode()
    assert (
        signed_in(city.officers[0])
        .post(f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/extend/", {"reason": "x"})
        .status_code
        == 403
    )
    assert count() == before
    done = head.post(
        f"/enforcement/cases/{case.pk}/raid/seizures/{seizure.pk}/extend/", {"reason": "情况复杂", "next": page}
    )
    assert done.status_code == 302 and done["Location"] == page
    assert by(the_step(case, "extend_seizure"), city.head)
