"""On-site inspections (现场检查笔录): recorded once, with the officers and persons present and the
evidence taken there, and never edited afterwards. Evidence is added and superseded in
services.evidence; measures on items in services.seizures.

The record is written through the case's door (casemgmt.workflow.steps.audited_write): the case
is locked, then it must be visible to the actor (NotFound → 404), theirs to work on site
(Forbidden → 403) and under investigation (Conflict → 409), before the input is checked
(Invalid → 400). The case's history gets one row naming the actor. On any refusal nothing is
written and no stored file is left behind."""

import datetime as dt

from django.utils import timezone

from casemgmt.documents.services import document_issue
from casemgmt.errors import Invalid
from casemgmt.files.models import Attachment
from casemgmt.files.services import attachment_discard_stored
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.steps import audited_write

from ..models import Inspection, InspectionOfficer, InspectionPerson
from ..rules import inspections as rules
from .common import bureau_name, clean
from .evidence import EvidenceFile, evidence_errors, evidence_store


def _start_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


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
    error = rules.moment_error(started_at, not_before=_start_of(case.filed_on), before_label="立案日期")
    if error:
        errors["started_at"] = [error]
    error = rules.moment_error(ended_at, not_before=started_at, before_label="检查开始时间")
    if error:
        errors["ended_at"] = [error]
    if not clean(place):
        errors["place"] = ["请填写检查地点。"]
    if not clean(findings):
        errors["findings"] = ["请填写现场检查情况。"]
    if (latitude is None) != (longitude is None):
        errors["latitude" if latitude is None else "longitude"] = ["经度和纬度须同时填写。"]
    if signature != Inspection.Signature.SIGNED and not clean(signature_note):
        errors["signature_note"] = ["当事人拒绝签字或不在场的，应当注明情况（并可由见证人签字）。"]
    if signature == Inspection.Signature.SIGNED and not persons_present:
        errors["signature"] = ["没有登记在场人员，无人签字确认；请登记在场人员或选择“当事人不在场”。"]
    errors.update(evidence_errors(evidence, field="evidence"))
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
        with audited_write(
            case, "record_inspection", "记录现场检查", actor=actor, permission=rules.require_raid
        ) as write:
            locked = write.obj
            officers = list(dict.fromkeys(officers))
            persons = [dict(p) for p in persons_present]
            place, findings, signature_note = clean(place), clean(findings), clean(signature_note)
            errors = inspection_errors(
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
            if errors:
                raise Invalid("输入有误。", errors)

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
                    name=clean(person.get("name")),
                    role=person["role"],
                    id_number=clean(person.get("id_number")).upper(),
                    title=clean(person.get("title")),
                    position=position,
                )
            document_issue(
                locked,
                "inspection_record",
                actor=actor,
                extra={
                    "bureau": bureau_name(locked),
                    "inspection": inspection,
                    "officer_links": list(inspection.officer_links.select_related("officer").order_by("position")),
                    "persons": list(inspection.persons.order_by("position")),
                    "party": locked.principal_party,
                },
            )
            evidence_rows = [evidence_store(inspection, file, actor=actor, stored=stored) for file in evidence]
            write.record(
                inspection=inspection.pk,
                place=place,
                **({"evidence": [row.attachment.sha256 for row in evidence_rows]} if evidence_rows else {}),
            )
            index_on_commit(inspection)
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return inspection
