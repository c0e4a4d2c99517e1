"""A short-lived holding area for uploads of a form that was sent back with errors, so that the
person does not have to choose the files again (what mature forms do: the files already sent stay
sent). Files that passed the upload checks are kept on the server under random names; the page
carries a signed token naming them (not a path anyone can choose), valid for HOLD_SECONDS. The next
submission takes them back as uploads, checked again with the new ones; they are deleted when the
form is finally stored, and any left behind (the person gave up) are swept once they expire.

Nothing here is an attachment yet: no row, no owner, no history."""

import os
import time
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

HOLD_DIR = "held-uploads"
HOLD_SECONDS = 2 * 60 * 60
_SALT = "casemgmt.files.holding"


@dataclass(frozen=True)
class HeldFile:
    key: str  # random, also the file's name in the holding area
    name: str  # the name the person's file had
    size: int
    content_type: str

    @property
    def path(self) -> str:
        return f"{HOLD_DIR}/{self.key}"


def _sweep(now: float) -> None:
    """Remove held files older than HOLD_SECONDS (their tokens have expired)."""
    try:
        _, names = default_storage.listdir(HOLD_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in names:
        path = f"{HOLD_DIR}/{name}"
        try:
            if now - default_storage.get_modified_time(path).timestamp() > HOLD_SECONDS:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue


def hold(uploads, already_held=()) -> list[HeldFile]:
    """Keep `uploads` (files that passed the checks; CheckedUpload or UploadedFile) next to the
    files `already_held`, and return them all."""
    _sweep(time.time())
    held = list(already_held)
    for item in uploads:
        upload = getattr(item, "upload", item)
        name = getattr(item, "original_name", None) or os.path.basename(upload.name or "")
        key = uuid.uuid4().hex
        upload.seek(0)
        default_storage.save(f"{HOLD_DIR}/{key}", upload)
        upload.seek(0)
        size = getattr(item, "size", None) or upload.size or 0
        held.append(HeldFile(key, name, size, getattr(upload, "content_type", "") or "application/octet-stream"))
    return held


def token_for(held: list[HeldFile]) -> str:
    return signing.dumps([[h.key, h.name, h.size, h.content_type] for h in held], salt=_SALT, compress=True)


def held_from_token(token: str, keep=None) -> list[HeldFile]:
    """The held files a token names that still exist (an expired, altered or empty token: none).
    With `keep` (a set of keys), only those: the person may drop a file before sending again."""
    if not token:
        return []
    try:
        entries = signing.loads(token, salt=_SALT, max_age=HOLD_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return []
    held = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            key, name, size, content_type = entry
        except (TypeError, ValueError):
            continue
        item = HeldFile(str(key), str(name), int(size), str(content_type))
        if (keep is None or item.key in keep) and item.key.isalnum() and default_storage.exists(item.path):
            held.append(item)
    return held


def as_upload(held: HeldFile) -> SimpleUploadedFile:
    """The held file as an upload again (its original name, so the checks read its extension)."""
    with default_storage.open(held.path, "rb") as stored:
        return SimpleUploadedFile(held.name, stored.read(), content_type=held.content_type)


def release(held) -> None:
    """Delete held files (the form was stored with them, or they were dropped)."""
    for item in held:
        default_storage.delete(item.path)


def _passing(uploads) -> list:
    from casemgmt.errors import Invalid

    from .services import attachment_check

    passed = []
    for upload in uploads:
        try:
            passed.append(attachment_check(upload))
        except Invalid:
            continue
    return passed


@dataclass
class FormUploads:
    """The files of one submission of a form: those held from the attempt before (the ones left
    ticked) and those chosen now."""

    held: list
    chosen: list
    field: str

    def data(self, request):
        """The posted data with the field's files: the held ones first, then the new ones."""
        data = request.POST.copy()
        for key in request.FILES:
            data.setlist(key, request.FILES.getlist(key))
        data.setlist(self.field, [as_upload(h) for h in self.held] + self.chosen)
        return data

    def keep_for_retry(self) -> list[HeldFile]:
        """The form is sent back: hold the new files that pass the checks, with those held before."""
        return hold(_passing(self.chosen), already_held=self.held)

    def release(self) -> None:
        """The form was stored (with its own copies of the files): the held ones go."""
        release(self.held)


def form_uploads(request, field: str = "attachments") -> FormUploads:
    """Read a multipart submission: the held files named by its `held_uploads` token that it left
    ticked (`keep_upload`), the others deleted, and the files chosen now."""
    token = request.POST.get("held_uploads", "")
    every = held_from_token(token)
    keep = set(request.POST.getlist("keep_upload"))
    kept = [h for h in every if h.key in keep]
    release([h for h in every if h.key not in keep])
    chosen = [upload for upload in request.FILES.getlist(field) if upload != ""]
    return FormUploads(held=kept, chosen=chosen, field=field)
