"""Attaching files to a record after it exists: one audited write on the record (one history row
naming the files), all files or none. Storing files together with a record's registration is the
registration's business (`attachments_store_all` inside its transaction: its creation row is the
one history row)."""

from django.db import transaction

from casemgmt.errors import Invalid
from casemgmt.workflow.steps import audited_write

from .models import Attachment
from .services import CheckedUpload, attachment_discard_stored, attachment_store

ATTACH_LABEL = "上传附件"


def attachments_store_all(owner, checked: list[CheckedUpload], *, actor, kind: str, description: str = "") -> list:
    """Store already-checked files for `owner` inside the caller's transaction; if anything fails
    the stored bytes are removed again and the error goes on."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            for item in checked:
                stored.append(attachment_store(item, owner=owner, kind=kind, actor=actor, description=description))
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return stored


def attachments_add(
    owner, checked: list[CheckedUpload], *, actor, kind: str, permission, description: str = "", reason: str = ""
) -> list:
    """Attach files to a record the actor may work on (`permission(owner, actor)`); raises
    NotFound, Forbidden or Invalid. One history row on the owner lists the files."""
    if kind not in Attachment.Kind.values:
        raise Invalid("输入有误。", {"kind": ["请选择材料类别。"]})
    stored: list[Attachment] = []
    try:
        with audited_write(
            owner,
            "attach",
            ATTACH_LABEL,
            actor=actor,
            permission=permission,
            reason=reason,
            forbidden="您无权为该记录上传附件。",
        ) as write:
            for item in checked:
                stored.append(attachment_store(item, owner=write.obj, kind=kind, actor=actor, description=description))
            write.record(
                files=[a.original_name for a in stored],
                kind=Attachment.Kind(kind).label,
                description=description,
            )
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return stored
