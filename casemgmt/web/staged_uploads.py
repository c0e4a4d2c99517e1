"""Files chosen on a form that comes back with an error elsewhere are kept.

A browser cannot re-fill a file input, so a form that re-renders after a mistake in another field
would silently drop the files (the complaint of issue 14). As mail and ticketing systems do, each
file is checked and parked on the server as soon as it arrives; the page comes back listing the
kept files (each with a box to drop it) and carries a signed token per file, and only a
successful submission stores them as attachments of the record. A token names the user who
uploaded it, so nobody can claim another's parked file; parked files older than a day are
removed when the same user parks new ones.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from casemgmt.errors import Invalid
from casemgmt.files.services import CheckedUpload, attachment_check

SALT = "casemgmt.web.staged-upload"
MAX_AGE = dt.timedelta(days=1)
MAX_FILES = 10


@dataclass(frozen=True)
class StagedFile:
    token: str
    name: str
    size: int
    path: str


def _folder(user) -> str:
    return f"staged/{user.pk}"


def _sweep(user) -> None:
    folder = _folder(user)
    try:
        _, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return
    cutoff = timezone.now() - MAX_AGE
    for name in names:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, OSError):
            continue


def _token(user, path: str, name: str, size: int) -> str:
    return signing.dumps({"u": user.pk, "p": path, "n": name, "s": size}, salt=SALT)


def stage(user, uploads, *, field: str) -> tuple[list[StagedFile], list[str]]:
    """Check each new upload (size, type sniffed from its content) and park the good ones.
    Returns (parked, messages about the refused)."""
    if not uploads:
        return [], []
    _sweep(user)
    parked, messages = [], []
    for index, upload in enumerate(uploads, start=1):
        label = f"第{index}个文件" if len(uploads) > 1 else ""
        try:
            checked = attachment_check(upload, field=field, label=label)
        except Invalid as exc:
            messages.extend(exc.errors.get(field, []))
            continue
        checked.upload.seek(0)
        path = default_storage.save(f"{_folder(user)}/{uuid.uuid4().hex}", checked.upload)
        parked.append(
            StagedFile(
                _token(user, path, checked.original_name, checked.size), checked.original_name, checked.size, path
            )
        )
    return parked, messages


def kept(user, post, *, field: str) -> list[StagedFile]:
    """The parked files the re-submitted form still lists (signed for this user, still there)."""
    result = []
    for token in post.getlist(f"{field}.staged")[:MAX_FILES]:
        try:
            data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature:
            continue
        if data.get("u") != user.pk or not str(data.get("p", "")).startswith(_folder(user) + "/"):
            continue
        if default_storage.exists(data["p"]):
            result.append(StagedFile(token, data["n"], data["s"], data["p"]))
    return result


def checked_uploads(staged: list[StagedFile], *, field: str) -> list[CheckedUpload]:
    """The parked files, checked again as they are about to be stored (Invalid if one changed)."""
    result = []
    for item in staged:
        handle = default_storage.open(item.path, "rb")
        result.append(attachment_check(File(handle, name=item.name), field=field))
    return result


def discard(staged: list[StagedFile]) -> None:
    for item in staged:
        default_storage.delete(item.path)
