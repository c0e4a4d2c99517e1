"""Storing and verifying attachments. There is deliberately no update or delete service."""

import hashlib
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from casemgmt.errors import Invalid
from casemgmt.search.indexing import index_on_commit

from . import sniffing
from .models import Attachment
from .text import EXTRACTABLE, extract_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_HEAD_BYTES = 8192


def attachment_max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check, with what the check learnt while streaming it."""

    upload: UploadedFile
    original_name: str
    size: int
    sha256: str
    file_type: sniffing.FileType


def clean_original_name(name: str) -> str:
    # Browsers on Windows may send a full path; only the last part is the file's name.
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return "".join(ch for ch in base if ch.isprintable())[:255]


def attachment_check(
    upload,
    *,
    field: str = "file",
    label: str = "",
    allowed_types=sniffing.DEFAULT_ALLOWED_TYPES,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Stream the upload once: size, SHA-256, sniffed type. Raises Invalid {field: [msg]}.

    `label` prefixes messages when several files share a field (e.g. "第2个文件").
    """
    max_bytes = attachment_max_bytes() if max_bytes is None else max_bytes
    name = clean_original_name(getattr(upload, "name", ""))
    prefix = f"{label}「{name}」" if label else f"「{name}」"

    def refuse(message: str):
        raise Invalid(errors={field: [f"{prefix}{message}"]})

    if not name:
        raise Invalid(errors={field: [f"{label or '文件'}没有文件名。"]})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in sniffing.EXECUTABLE_EXTENSIONS:
        refuse("是可执行程序或脚本，不能上传。")
    too_big = f"超过了 {megabytes(max_bytes)} 的大小限制。"
    if upload.size is not None and upload.size > max_bytes:
        refuse(too_big)

    hasher = hashlib.sha256()
    size = 0
    head = b""
    text_probe = sniffing.TextProbe() if extension in sniffing.TEXT.extensions else None
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > max_bytes:
            refuse(too_big)
        hasher.update(chunk)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        if text_probe is not None:
            text_probe.feed(chunk)
    upload.seek(0)

    if size == 0:
        refuse("是空文件。")
    executable = sniffing.executable_kind(head)
    if executable:
        refuse(f"实际是{executable}，不能上传。")
    file_type = sniffing.sniff(head, upload, text_probe)
    if file_type is None or file_type.key not in allowed_types:
        refuse(f"的类型不受支持。可上传：{sniffing.allowed_labels(allowed_types)}。")
    if file_type in (sniffing.DOCX, sniffing.XLSX) and sniffing.has_macros(upload):
        refuse("含有宏代码，不能上传；请另存为不含宏的文档。")
    if extension not in file_type.extensions:
        refuse(f"的扩展名与内容不符（内容是{file_type.label}，扩展名应为 .{file_type.extensions[0]}）。")
    return CheckedUpload(upload=upload, original_name=name, size=size, sha256=hasher.hexdigest(), file_type=file_type)


def attachment_store(
    upload,
    *,
    owner,
    kind: str,
    actor=None,
    description: str = "",
    field: str = "file",
    allowed_types=sniffing.DEFAULT_ALLOWED_TYPES,
    max_bytes: int | None = None,
) -> Attachment:
    """Check (unless already a CheckedUpload) and store one file for `owner`.

    Raises Invalid {field: [msg]} on a refused file; nothing is written then. If the row
    cannot be saved, the stored bytes are removed again.
    """
    if kind not in Attachment.Kind.values:
        raise ValueError(f"Unknown attachment kind: {kind}")
    if owner.pk is None:
        raise ValueError("The owner must be saved before files are attached to it.")
    checked = (
        upload
        if isinstance(upload, CheckedUpload)
        else attachment_check(upload, field=field, allowed_types=allowed_types, max_bytes=max_bytes)
    )
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(type(owner)),
        object_id=owner.pk,
        jurisdiction_id=getattr(owner, "jurisdiction_id", None),
        kind=kind,
        description=description,
        original_name=checked.original_name,
        size=checked.size,
        sha256=checked.sha256,
        mime_type=checked.file_type.mime,
        uploaded_by=actor,
    )
    if checked.file_type in EXTRACTABLE:
        checked.upload.seek(0)
        attachment.extracted_text = extract_text(checked.upload.read(), checked.file_type)
    checked.upload.seek(0)
    attachment.file.save(f"{uuid.uuid4().hex}.{checked.file_type.extensions[0]}", checked.upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    if attachment.extracted_text:
        index_on_commit(owner)  # the owner's search document now carries this file's text
    return attachment


def attachment_discard_stored(attachments) -> None:
    """Remove the stored bytes of attachments whose rows were rolled back with a failed transaction.

    Only for that case: callers that store several files in one transaction call it when the
    transaction fails, so that a failure leaves no file behind.
    """
    for attachment in attachments:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)


def attachment_verify(attachment: Attachment) -> bool:
    """Re-hash the stored bytes: False when they changed, were truncated or are missing."""
    hasher = hashlib.sha256()
    size = 0
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as stored:
            for chunk in iter(lambda: stored.read(64 * 1024), b""):
                size += len(chunk)
                hasher.update(chunk)
    except (FileNotFoundError, OSError):
        return False
    return size == attachment.size and hasher.hexdigest() == attachment.sha256
