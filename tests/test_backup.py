"""manage.py backup / restore: a round trip into an empty database gives back the same records
and the same files; a backup that does not match its manifest, or a database that is not empty,
is refused and nothing is written. Runs on SQLite and (in `make test`) on PostgreSQL."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casemgmt.backup.archive import database_contents, sha256_of
from casemgmt.files.services import attachment_store
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .factories import assistance_request
from .uploads import png_bytes, upload

# Restoring empties every table: each test gets the migrations' reference data back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def everything() -> str:
    """Every row of every table, as the dump serialises it (the records compared)."""
    out = io.StringIO()
    call_command("dumpdata", format="json", use_base_manager=True, indent=1, stdout=out)
    return out.getvalue()


def media_hashes() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix(): sha256_of(path) for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def case_with_history_and_a_file(make_user):
    head = make_user(Role.CENTRE_HEAD)
    request = assistance_request()
    fire_transition(request, "accept", actor=head, reason="材料齐全，予以受理")
    attachment_store(upload("现场照片.png", png_bytes(4, 3), "image/png"), owner=request, kind="application_material")
    return request


def empty_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_round_trip_into_an_empty_database_restores_identical_records_and_file_hashes(
    case_with_history_and_a_file, tmp_path
):
    records, files = everything(), media_hashes()
    assert files and TransitionLog.objects.exists()
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert {name.removeprefix("media/"): entry["sha256"] for name, entry in manifest["files"].items()} == files
    assert manifest["database"]["sha256"] == sha256_of(tmp_path / "backup" / "database.json")

    empty_everything()
    assert not AssistanceRequest.objects.exists() and media_hashes() == {}
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())

    assert everything() == records
    assert media_hashes() == files
    # The restored database goes on: new rows get new ids (sequences moved past the loaded ones),
    # and the restored file still matches the hash taken at upload.
    newer = assistance_request()
    assert newer.pk > case_with_history_and_a_file.pk
    restored = AssistanceRequest.objects.get(pk=case_with_history_and_a_file.pk)
    assert restored.state == AssistanceRequest.State.ACCEPTED
    from casemgmt.files.models import Attachment
    from casemgmt.files.services import attachment_verify

    assert attachment_verify(Attachment.objects.get())


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda b: next((b / "media").rglob("*.png")).write_bytes(b"changed"), id="changed-file"),
        pytest.param(lambda b: next((b / "media").rglob("*.png")).unlink(), id="missing-file"),
        pytest.param(lambda b: (b / "database.json").write_text("[]"), id="changed-dump"),
        pytest.param(lambda b: (b / "media" / "extra.txt").write_text("x"), id="extra-file"),
        pytest.param(lambda b: (b / "manifest.json").write_text("{"), id="broken-manifest"),
    ],
)
def test_restore_refuses_a_backup_that_does_not_match_its_manifest_and_writes_nothing(
    case_with_history_and_a_file, tmp_path, tamper
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    empty_everything()
    tamper(backup)

    with pytest.raises(CommandError, match="清单"):
        call_command("restore", str(backup), stdout=io.StringIO())

    assert database_contents() == [] and media_hashes() == {}


def test_restore_refuses_a_database_that_is_not_empty_unless_told_to_replace_it(case_with_history_and_a_file, tmp_path):
    records, files = everything(), media_hashes()
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    later = assistance_request()  # written after the backup

    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
    assert AssistanceRequest.objects.filter(pk=later.pk).exists()

    call_command("restore", str(tmp_path / "backup"), "--replace", stdout=io.StringIO())
    assert not AssistanceRequest.objects.filter(pk=later.pk).exists()
    assert everything() == records and media_hashes() == files


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="不为空"):
        call_command("backup", str(tmp_path), stdout=io.StringIO())


@pytest.mark.postgres
def test_on_postgresql_restored_history_is_still_append_only(case_with_history_and_a_file, tmp_path):
    from django.db import transaction
    from django.db.utils import DatabaseError

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    empty_everything()
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())

    assert TransitionLog.objects.exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_transitionlog SET reason = 'rewritten'")


def test_a_freshly_migrated_database_counts_as_empty_but_one_with_a_case_does_not():
    """The reference data the migrations load (jurisdictions, the credit-list catalogues, …) does
    not make a database "not empty"; a single case does."""
    from casemgmt.org.models import Jurisdiction
    from creditlist.models import CreditGround

    assert Jurisdiction.objects.exists() and CreditGround.objects.exists()
    assert database_contents() == []
    assistance_request()
    assert "cases.AssistanceRequest: 1" in database_contents()
