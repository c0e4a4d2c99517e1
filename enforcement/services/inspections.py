"""Writes of on-site inspections, their evidence and the measures on items.

Every service locks the case row, then checks in this order: the case is visible to the actor
(ObjectNotVisible → 404), the actor may act (TransitionForbidden → 403), the case or the measure is
in a state that allows it (WrongState → 409), the input is acceptable (InvalidPayload → 400). On
any refusal nothing is written and no file is left behind."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.services import deadline_extend, deadline_mark_met, deadline_open
from casemgmt.files.models import Attachment
from casemgmt.files.services import CheckedUpload, attachment_check, attachment_discard_stored, attachment_store
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.exceptions import InvalidPayload, ObjectNotVisible, TransitionForbidden, WrongState

from ..models import EnforcementCase, Evidence, Inspection, InspectionOfficer, InspectionPerson, Seizure
from ..rules import inspections as rules
from .common import bureau_heads, notify_users

# Phones keep their own clocks: a moment a few minutes "in the future" is still now.
CLOCK_SKEW = dt.timedelta(minutes=10)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class EvidenceFile:
    """A file that passed evidence_check, with what the officer said about it."""

    upload: CheckedUpload
    description: str
    taken_at: dt.datetime | None = None


def evidence_check(upload, *, field: str = "file", label: str = "") -> CheckedUpload:
    """Stream the upload once (size, SHA-256, sniffed type) against the evidence allow-list and
    EVIDENCE_MAX_BYTES. Raises ValidationError {field: [message]}."""
    return attachment_check(
        upload,
        field=field,
        label=label,
        allowed_types=rules.EVIDENCE_TYPES,
        max_bytes=rules.evidence_max_bytes(),
    )


def _locked_case(case, actor) -> EnforcementCase:
    try:
        locked = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    except EnforcementCase.DoesNotExist:
        raise ObjectNotVisible("未找到。") from None
    if not may_see_jurisdiction(actor, locked.jurisdiction_id):
        raise ObjectNotVisible("未找到。")
    return locked


def _require_raid(case, actor) -> None:
    refusal = rules.raid_refusal(case, actor)
    if refusal is not None:
        status, message = refusal
        raise (TransitionForbidden if status == 403 else WrongState)(message)


def _raise(errors: dict) -> None:
    if errors:
        raise InvalidPayload("输入有误。", errors)


def _moment_error(value: dt.datetime | None, *, not_before: dt.datetime | None = None, before_label: str = ""):
    if value is None:
        return None
    if value > timezone.now() + CLOCK_SKEW:
        return "时间不能晚于现在。"
    if value < EARLIEST:
        return "时间不能早于2000年。"
    if not_before is not None and value < not_before:
        return f"时间不能早于{before_label}（{timezone.localtime(not_before):%Y-%m-%d %H:%M}）。"
    return None


def _start_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _clean(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _store_evidence(inspection, file: EvidenceFile, *, actor, stored: list, replaces=None) -> Evidence:
    attachment = attachment_store(
        file.upload,
        owner=inspection.case,
        kind=Attachment.Kind.EVIDENCE,
        actor=actor,
        description=file.description[:200],
    )
    stored.append(attachment)
    return Evidence.objects.create(
        inspection=inspection,
        attachment=attachment,
        kind=rules.evidence_kind(attachment.mime_type),
        description=file.description,
        taken_at=file.taken_at,
        replaces=replaces,
    )


def _evidence_errors(files, *, field: str) -> dict:
    messages = []
    for index, file in enumerate(files, start=1):
        label = f"第{index}个文件" if len(files) > 1 else "文件"
        if not _clean(file.description):
            messages.append(f"请填写{label}的证据说明。")
        error = _moment_error(file.taken_at)
        if error:
            messages.append(f"{label}的拍摄/取得时间：{error}")
    return {field: messages} if messages else {}


def inspection_errors(
    case,
    *,
    actor,
    started_at: dt.datetime,
    place: str,
    officers: list,
    findings: str,
    signature: str,
    certificates_shown: bool,
    ended_at: dt.datetime | None = None,
    latitude=None,
    longitude=None,
    persons_present: list[dict] = (),
    signature_note: str = "",
    evidence: list[EvidenceFile] = (),
    **ignored,
) -> dict:
    """Field errors of an inspection record on `case` (empty: it may be saved). inspection_create
    checks the same; a form calls it to show every problem at once, files included."""
    officers = list(dict.fromkeys(officers))
    errors = {}
    problems = rules.inspection_officer_problems(case, officers, recorder=actor)
    if problems:
        errors["officers"] = problems
    if not certificates_shown:
        errors["certificates_shown"] = [f"执法人员应当主动向当事人或有关人员出示执法证件（{rules.INSPECTION_BASIS}）。"]
    error = _moment_error(started_at, not_before=_start_of(case.filed_on), before_label="立案日期")
    if error:
        errors["started_at"] = [error]
    error = _moment_error(ended_at, not_before=started_at, before_label="检查开始时间")
    if error:
        errors["ended_at"] = [error]
    if not _clean(place):
        errors["place"] = ["请填写检查地点。"]
    if not _clean(findings):
        errors["findings"] = ["请填写现场检查情况。"]
    if (latitude is None) != (longitude is None):
        errors["latitude" if latitude is None else "longitude"] = ["经度和纬度须同时填写。"]
    if signature != Inspection.Signature.SIGNED and not _clean(signature_note):
        errors["signature_note"] = ["当事人拒绝签字或不在场的，应当注明情况（并可由见证人签字）。"]
    if signature == Inspection.Signature.SIGNED and not persons_present:
        errors["signature"] = ["没有登记在场人员，无人签字确认；请登记在场人员或选择“当事人不在场”。"]
    errors.update(_evidence_errors(evidence, field="evidence"))
    return errors


def inspection_create(
    case,
    *,
    actor,
    started_at: dt.datetime,
    place: str,
    officers: list,
    findings: str,
    signature: str,
    certificates_shown: bool,
    ended_at: dt.datetime | None = None,
    latitude=None,
    longitude=None,
    location_accuracy: int | None = None,
    persons_present: list[dict] = (),
    signature_note: str = "",
    evidence: list[EvidenceFile] = (),
) -> Inspection:
    """Record an on-site inspection (现场检查笔录) with the officers and persons present and,
    optionally, the evidence taken there (files already checked by evidence_check).

    `persons_present`: [{"name", "role", "id_number", "title"}]. The record cannot be edited
    afterwards; evidence can be added and superseded."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = _locked_case(case, actor)
            _require_raid(locked, actor)
            officers = list(dict.fromkeys(officers))
            persons = [dict(p) for p in persons_present]
            place, findings, signature_note = _clean(place), _clean(findings), _clean(signature_note)
            _raise(
                inspection_errors(
                    locked,
                    actor=actor,
                    started_at=started_at,
                    ended_at=ended_at,
                    place=place,
                    latitude=latitude,
                    longitude=longitude,
                    officers=officers,
                    certificates_shown=certificates_shown,
                    persons_present=persons,
                    findings=findings,
                    signature=signature,
                    signature_note=signature_note,
                    evidence=evidence,
                )
            )

            inspection = Inspection.objects.create(
                case=locked,
                jurisdiction_id=locked.jurisdiction_id,
                started_at=started_at,
                ended_at=ended_at,
                place=place,
                latitude=latitude,
                longitude=longitude,
                location_accuracy=location_accuracy if latitude is not None else None,
                certificates_shown=True,
                findings=findings,
                signature=signature,
                signature_note=signature_note,
                recorded_by=actor,
            )
            for position, officer in enumerate(officers):
                InspectionOfficer.objects.create(
                    inspection=inspection,
                    officer=officer,
                    certificate_number=officer.certificate_number.strip(),
                    position=position,
                )
            for position, person in enumerate(persons):
                InspectionPerson.objects.create(
                    inspection=inspection,
                    name=_clean(person.get("name")),
                    role=person["role"],
                    id_number=_clean(person.get("id_number")).upper(),
                    title=_clean(person.get("title")),
                    position=position,
                )
            for file in evidence:
                _store_evidence(inspection, file, actor=actor, stored=stored)
            index_on_commit(inspection)
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return inspection


def evidence_add(
    inspection: Inspection, *, actor, upload, description: str, taken_at: dt.datetime | None = None
) -> Evidence:
    """Add a photo, video or document to an inspection (SHA-256 recorded while it streams in)."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = _locked_case(inspection.case, actor)
            _require_raid(locked, actor)
            checked = upload if isinstance(upload, CheckedUpload) else evidence_check(upload)
            file = EvidenceFile(checked, _clean(description), taken_at)
            errors = {}
            if not file.description:
                errors["description"] = ["请填写证据说明。"]
            error = _moment_error(taken_at)
            if error:
                errors["taken_at"] = [error]
            _raise(errors)
            evidence = _store_evidence(inspection, file, actor=actor, stored=stored)
            index_on_commit(inspection)
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return evidence


def evidence_supersede(
    evidence: Evidence,
    *,
    actor,
    upload,
    reason: str,
    description: str = "",
    taken_at: dt.datetime | None = None,
) -> Evidence:
    """Replace a piece of evidence by a new file, with the reason. The old file keeps its bytes
    and hash and is marked superseded by the new one; both stay listed."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = _locked_case(evidence.inspection.case, actor)
            _require_raid(locked, actor)
            old = Attachment.objects.select_for_update().get(pk=evidence.attachment_id)
            if old.superseded_by_id is not None:
                raise WrongState("该证据已被替换过，请在最新的版本上办理替换。")
            checked = upload if isinstance(upload, CheckedUpload) else evidence_check(upload)
            reason = _clean(reason)
            errors = {}
            if not reason:
                errors["reason"] = ["请填写替换理由。"]
            error = _moment_error(taken_at)
            if error:
                errors["taken_at"] = [error]
            _raise(errors)
            file = EvidenceFile(checked, _clean(description) or evidence.description, taken_at or evidence.taken_at)
            replacement = _store_evidence(evidence.inspection, file, actor=actor, stored=stored, replaces=evidence)
            old.superseded_by = replacement.attachment
            old.supersede_reason = reason
            old.save(update_fields=["superseded_by", "supersede_reason"])
            index_on_commit(evidence.inspection)
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return replacement


# ---------- seizure, sealing, evidence preservation ----------


def _measure_label(measure: str) -> str:
    return Seizure.Measure(measure).label


def _open_limit(case, *, measure: str, items: str, decided_on: dt.date, actor):
    if measure == Seizure.Measure.PRESERVATION:
        return deadline_open(
            case,
            kind=rules.PRESERVATION_DECISION,
            label=f"先行登记保存处理决定期限：{items}"[:120],
            legal_basis=rules.PRESERVATION_BASIS,
            start=decided_on,
            rule=Rule.WORKING_DAYS,
            amount=rules.PRESERVATION_WORKING_DAYS,
            responsible=actor,
        )
    return deadline_open(
        case,
        kind=rules.SEIZURE_LIMIT,
        label=f"{_measure_label(measure)}期限：{items}"[:120],
        legal_basis=rules.SEIZURE_BASIS,
        start=decided_on,
        rule=Rule.CALENDAR_DAYS,
        amount=rules.SEIZURE_DAYS,
        responsible=actor,
    )


def _seizure_errors(case, *, measure, items, quantity, place_kept, decided_on, inspection, emergency, converted_from):
    errors = {}
    today = timezone.localdate()
    if not items:
        errors["items"] = ["请填写物品名称及规格。"]
    if not quantity:
        errors["quantity"] = ["请填写数量。"]
    if not place_kept:
        errors["place_kept"] = ["请填写存放地点。"]
    if decided_on > today:
        errors["decided_on"] = ["日期不能晚于今天。"]
    elif case.filed_on is not None and decided_on < case.filed_on:
        errors["decided_on"] = [f"日期不能早于立案日期（{case.filed_on:%Y-%m-%d}）。"]
    if inspection is not None and inspection.case_id != case.pk:
        errors["inspection"] = ["该现场检查记录不属于本案。"]
    elif inspection is not None and "decided_on" not in errors:
        first = timezone.localdate(inspection.started_at)
        last = timezone.localdate(inspection.ended_at or inspection.started_at)
        if emergency and not first <= decided_on <= last:
            errors["decided_on"] = [f"当场实施的，日期应为现场检查当日（{first:%Y-%m-%d}）。"]
        elif decided_on < first:
            errors["decided_on"] = [f"日期不能早于现场检查日期（{first:%Y-%m-%d}）。"]
    if emergency:
        if measure == Seizure.Measure.PRESERVATION:
            errors["emergency"] = ["“情况紧急当场实施”只适用于查封、扣押。"]
        elif inspection is None:
            errors["inspection"] = ["当场实施的查封、扣押须关联实施时的现场检查记录。"]
    if converted_from is not None:
        if measure == Seizure.Measure.PRESERVATION:
            errors["converted_from"] = ["先行登记保存只能转为查封或扣押。"]
        elif converted_from.case_id != case.pk or not converted_from.is_preservation:
            errors["converted_from"] = ["须是本案的先行登记保存记录。"]
        elif not converted_from.in_force:
            errors["converted_from"] = ["该先行登记保存已经解除或处理。"]
        elif "decided_on" not in errors and decided_on < converted_from.decided_on:
            errors["decided_on"] = [f"日期不能早于先行登记保存日期（{converted_from.decided_on:%Y-%m-%d}）。"]
    return errors


def seizure_create(
    case,
    *,
    actor,
    measure: str,
    items: str,
    quantity: str,
    place_kept: str,
    decided_on: dt.date,
    inspection: Inspection | None = None,
    emergency: bool = False,
    decision_number: str = "",
    converted_from: Seizure | None = None,
) -> Seizure:
    """Record a 查封/扣押 (limit: 30 days) or a 先行登记保存 (a decision on the items within 7 WD).
    An emergency measure taken on the spot must also be reported to the head within 24 hours;
    the heads are notified. Converting a preservation into a seizure deals with the preservation."""
    with transaction.atomic():
        locked = _locked_case(case, actor)
        _require_raid(locked, actor)
        if converted_from is not None:
            converted_from = Seizure.objects.select_for_update().get(pk=converted_from.pk)
        items, quantity, place_kept = _clean(items), _clean(quantity), _clean(place_kept)
        _raise(
            _seizure_errors(
                locked,
                measure=measure,
                items=items,
                quantity=quantity,
                place_kept=place_kept,
                decided_on=decided_on,
                inspection=inspection,
                emergency=emergency,
                converted_from=converted_from,
            )
        )
        limit = _open_limit(locked, measure=measure, items=items, decided_on=decided_on, actor=actor)
        report = None
        if emergency:
            report = deadline_open(
                locked,
                kind=rules.SEIZURE_REPORT,
                label=f"当场{_measure_label(measure)}报告负责人并补办批准期限：{items}"[:120],
                legal_basis=rules.EMERGENCY_BASIS,
                start=decided_on,
                rule=Rule.CALENDAR_DAYS,
                amount=rules.EMERGENCY_REPORT_DAYS,
                responsible=actor,
            )
        seizure = Seizure.objects.create(
            case=locked,
            jurisdiction_id=locked.jurisdiction_id,
            inspection=inspection,
            measure=measure,
            items=items,
            quantity=quantity,
            place_kept=place_kept,
            decided_on=decided_on,
            decision_number=_clean(decision_number),
            emergency=emergency,
            converted_from=converted_from,
            limit=limit,
            report_deadline=report,
            recorded_by=actor,
        )
        if converted_from is not None:
            _release(
                converted_from,
                actor=actor,
                released_on=decided_on,
                reason=f"作出处理决定：转为{_measure_label(measure)}（{items}）",
            )
        if emergency:
            notify_users(
                bureau_heads(locked),
                title=f"当场{_measure_label(measure)}待补办批准：{locked}",
                body=f"{actor.display_name}于{decided_on:%Y-%m-%d}当场{_measure_label(measure)}“{items}”，"
                f"应当在二十四小时内报告并补办批准手续（{rules.EMERGENCY_BASIS}）。",
                url=seizure.get_absolute_url(),
                key=f"enforcement:seizure:{seizure.pk}:report",
            )
        if inspection is not None:
            index_on_commit(inspection)
    return seizure


def _locked_seizure(seizure: Seizure, actor) -> tuple[EnforcementCase, Seizure]:
    case = _locked_case(seizure.case, actor)
    return case, Seizure.objects.select_for_update(of=("self",)).select_related("limit", "report_deadline").get(
        pk=seizure.pk
    )


def _meet(deadline, on: dt.date) -> None:
    if deadline is not None and deadline.is_active:
        deadline_mark_met(deadline, on=max(on, deadline.start))


def _release(seizure: Seizure, *, actor, released_on: dt.date, reason: str) -> None:
    seizure.released_on = released_on
    seizure.released_at = timezone.now()
    seizure.released_by = actor
    seizure.release_reason = reason
    seizure.save(update_fields=["released_on", "released_at", "released_by", "release_reason"])
    _meet(seizure.limit, released_on)


def seizure_release(seizure: Seizure, *, actor, reason: str, released_on: dt.date | None = None) -> Seizure:
    """Release the items (解除查封、扣押 / 对先行登记保存作出解除的处理决定): the limit is met.
    Released by the head, an emergency measure also counts as reported."""
    with transaction.atomic():
        case, locked = _locked_seizure(seizure, actor)
        if not rules.seizure_releasers(case, actor):
            raise TransitionForbidden("只有本案承办的执法人员或机关负责人可以登记解除。")
        if not locked.in_force:
            raise WrongState(f"该措施已于 {locked.released_on:%Y-%m-%d} 解除。")
        released_on = released_on or timezone.localdate()
        reason = _clean(reason)
        errors = {}
        if released_on > timezone.localdate():
            errors["released_on"] = ["解除日期不能晚于今天。"]
        elif released_on < locked.decided_on:
            errors["released_on"] = [f"解除日期不能早于实施日期（{locked.decided_on:%Y-%m-%d}）。"]
        if not reason:
            errors["reason"] = ["请填写解除理由或处理决定。"]
        _raise(errors)
        _release(locked, actor=actor, released_on=released_on, reason=reason)
        if rules.seizure_approvers(case, actor):
            _meet(locked.report_deadline, released_on)
    return locked


def seizure_extend(seizure: Seizure, *, actor, reason: str, days: int | None = None) -> Seizure:
    """Extend a 查封/扣押 once, by at most 30 days, with the head's approval (《行政强制法》
    第二十五条), before its limit runs out."""
    with transaction.atomic():
        case, locked = _locked_seizure(seizure, actor)
        if not rules.seizure_approvers(case, actor):
            raise TransitionForbidden("延长查封、扣押期限须经本机关负责人批准。")
        problem = None
        limit = locked.limit
        if locked.is_preservation:
            problem = "先行登记保存不能延长，应当在七个工作日内作出处理决定。"
        elif not locked.in_force:
            problem = f"该措施已于 {locked.released_on:%Y-%m-%d} 解除，不能延长。"
        elif locked.extended_at is not None:
            problem = (
                f"查封、扣押期限已于 {timezone.localtime(locked.extended_at):%Y-%m-%d} 延长过一次"
                f"（{locked.extension_days}日），依法不能再次延长。"
            )
        elif not limit.is_active or limit.due < timezone.localdate():
            problem = f"期限已于 {limit.due:%Y-%m-%d} 届满，不能再延长，应当立即解除。"
        if problem:
            raise InvalidPayload("不能延长。", {"non_field_errors": [problem]})
        days = rules.SEIZURE_EXTENSION_DAYS if days is None else days
        reason = _clean(reason)
        errors = {}
        if not 1 <= days <= rules.SEIZURE_EXTENSION_DAYS:
            errors["days"] = [f"延长期限不得超过{rules.SEIZURE_EXTENSION_DAYS}日。"]
        if not reason:
            errors["reason"] = ["请填写延长理由（情况复杂的具体情形）。"]
        _raise(errors)
        deadline_extend(limit, amount=days, rule=Rule.CALENDAR_DAYS, reason=reason, approved_by=actor)
        locked.extended_at = timezone.now()
        locked.extended_by = actor
        locked.extension_days = days
        locked.extension_reason = reason
        locked.save(update_fields=["extended_at", "extended_by", "extension_days", "extension_reason"])
    locked.limit.refresh_from_db()
    return locked


def seizure_approve(seizure: Seizure, *, actor, note: str = "") -> Seizure:
    """The head's approval, afterwards, of a measure taken on the spot in an emergency: the
    24-hour report limit is met. (A head who disapproves releases the items instead.)"""
    with transaction.atomic():
        case, locked = _locked_seizure(seizure, actor)
        if not rules.seizure_approvers(case, actor):
            raise TransitionForbidden("只有本机关负责人可以补办批准。")
        problem = None
        if not locked.emergency:
            problem = "该措施不是情况紧急当场实施的，无须补办批准。"
        elif locked.approved_at is not None:
            problem = f"已于 {timezone.localtime(locked.approved_at):%Y-%m-%d %H:%M} 批准。"
        elif not locked.in_force:
            problem = f"该措施已于 {locked.released_on:%Y-%m-%d} 解除。"
        if problem:
            raise InvalidPayload("不能批准。", {"non_field_errors": [problem]})
        locked.approved_at = timezone.now()
        locked.approved_by = actor
        locked.approval_note = _clean(note)
        locked.save(update_fields=["approved_at", "approved_by", "approval_note"])
        _meet(locked.report_deadline, timezone.localdate())
    return locked
