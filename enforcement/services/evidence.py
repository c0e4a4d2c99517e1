"""Evidence taken on site: photos, recordings and documents added to an inspection, and their
replacement by a better file. Nothing is ever changed or deleted: a superseded file keeps its
bytes and hash and is marked as replaced.

Each write goes through the case's door (casemgmt.workflow.steps.audited_write): the case is
locked, then it must be visible to the actor (NotFound → 404), theirs to work on site (Forbidden →
403) and under investigation (Conflict → 409), before the input is checked (Invalid → 400). The
case's history gets one row naming the actor and the reason. On any refusal nothing is written and
no stored file is left behind."""

import datetime as dt
from dataclasses import dataclass

from casemgmt.errors import Conflict, Invalid
from casemgmt.files.models import Attachment
from casemgmt.files.services import CheckedUpload, attachment_check, attachment_discard_stored, attachment_store
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.steps import audited_write

from ..models import Evidence, Inspection
from ..rules import inspections as rules
from .common import clean
from .deadlines import as_payload_errors


@dataclass(frozen=True)
class EvidenceFile:
    """A file that passed evidence_check, with what the officer said about it."""

    upload: CheckedUpload
    description: str
    taken_at: dt.datetime | None = None


def evidence_check(upload, *, field: str = "file", label: str = "") -> CheckedUpload:
    """Stream the upload once (size, SHA-256, sniffed type) against the evidence allow-list and
    EVIDENCE_MAX_BYTES. Raises Invalid {field: [message]}."""
    with as_payload_errors():
        return attachment_check(
            upload,
            field=field,
            label=label,
            allowed_types=rules.EVIDENCE_TYPES,
            max_bytes=rules.evidence_max_bytes(),
        )


def evidence_errors(files, *, field: str) -> dict:
    """Field errors of the files an inspection record brings along (empty: they may be stored)."""
    messages = []
    for index, file in enumerate(files, start=1):
        label = f"第{index}个文件" if len(files) > 1 else "文件"
        if not clean(file.description):
            messages.append(f"请填写{label}的证据说明。")
        error = rules.moment_error(file.taken_at)
        if error:
            messages.append(f"{label}的拍摄/取得时间：{error}")
    return {field: messages} if messages else {}


def evidence_store(inspection, file: EvidenceFile, *, actor, stored: list, replaces=None) -> Evidence:
    """Store the file as evidence of the inspection (inside a write of the case; the caller
    discards `stored` if that write fails)."""
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


def evidence_summary(evidence: Evidence) -> dict:
    """What the case's history keeps of a piece of evidence."""
    attachment = evidence.attachment
    return {"evidence": evidence.pk, "file": attachment.original_name, "sha256": attachment.sha256}


def _checked(upload) -> CheckedUpload:
    return upload if isinstance(upload, CheckedUpload) else evidence_check(upload)


def evidence_add(
    inspection: Inspection, *, actor, upload, description: str, taken_at: dt.datetime | None = None
) -> Evidence:
    """Add a photo, video or document to an inspection (SHA-256 recorded while it streams in)."""
    stored: list[Attachment] = []
    try:
        with audited_write(
            inspection.case, "add_evidence", "上传证据", actor=actor, permission=rules.require_raid
        ) as write:
            checked = _checked(upload)
            file = EvidenceFile(checked, clean(description), taken_at)
            errors = {}
            if not file.description:
                errors["description"] = ["请填写证据说明。"]
            error = rules.moment_error(taken_at)
            if error:
                errors["taken_at"] = [error]
            if errors:
                raise Invalid("输入有误。", errors)
            evidence = evidence_store(inspection, file, actor=actor, stored=stored)
            write.record(inspection=inspection.pk, **evidence_summary(evidence))
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
    inspection = evidence.inspection
    try:
        with audited_write(
            inspection.case,
            "supersede_evidence",
            "替换证据",
            actor=actor,
            permission=rules.require_raid,
            reason=reason,
        ) as write:
            # Read after the case is locked: every change of its evidence goes through this door.
            old = Attachment.objects.get(pk=evidence.attachment_id)
            if old.superseded_by_id is not None:
                raise Conflict("该证据已被替换过，请在最新的版本上办理替换。")
            checked = _checked(upload)
            errors = {}
            if not write.reason:
                errors["reason"] = ["请填写替换理由。"]
            error = rules.moment_error(taken_at)
            if error:
                errors["taken_at"] = [error]
            if errors:
                raise Invalid("输入有误。", errors)
            file = EvidenceFile(checked, clean(description) or evidence.description, taken_at or evidence.taken_at)
            replacement = evidence_store(inspection, file, actor=actor, stored=stored, replaces=evidence)
            # The attachment allows only these two fields to change (its evidence chain).
            old.superseded_by = replacement.attachment
            old.supersede_reason = write.reason
            old.save(update_fields=["superseded_by", "supersede_reason"])
            write.change("superseded_by", None, f"{replacement.attachment.original_name}", label=f"{old}·被替换为")
            write.record(
                inspection=inspection.pk,
                replaces={"evidence": evidence.pk, "file": old.original_name, "sha256": old.sha256},
                **evidence_summary(replacement),
            )
            index_on_commit(inspection)
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return replacement
