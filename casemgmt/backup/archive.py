"""Backup and restore: the database as Django's JSON serialisation, the uploaded files, and a
manifest of SHA-256 hashes of both.

A backup directory holds `manifest.json`, `database.json` and `media/` (a copy of MEDIA_ROOT).
The dump is every row of every table, primary keys included (content types and permissions too),
so a restore into an empty database gives the same records with the same ids, generic relations
and all; it is the same on SQLite and PostgreSQL (a backup of one restores into the other).

`restore` first checks the whole backup against its manifest (a changed, missing or extra file,
or a changed dump, refuses it) and that the database and MEDIA_ROOT are empty (apart from the
reference data migrations load), and writes nothing when either fails. Then, in one
transaction, it empties the tables and loads the dump: loaddata inserts rows (PostgreSQL's
append-only triggers refuse only UPDATE and DELETE; emptying uses TRUNCATE, which they do not
see), defers foreign-key checks to the commit and resets the sequences after loading. The files
are copied beside MEDIA_ROOT first and moved into place once the database has committed.
"""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.json"
MEDIA = "media"
CHUNK = 1024 * 1024
# Rows the migrations themselves write: a freshly migrated database has them and is still empty.
# Apps add theirs in AppConfig.ready (register_reference_data).
REFERENCE_DATA = {"contenttypes.contenttype", "auth.permission", "org.jurisdiction", "org.department"}


def register_reference_data(*models) -> None:
    """Declare models whose rows a data migration writes (their rows leave a database "empty")."""
    REFERENCE_DATA.update(model._meta.label_lower for model in models)


class BackupRefused(Exception):
    """The backup or restore cannot go ahead; the message says why. Nothing was written."""


@dataclass
class RestoreReport:
    objects: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


# --- backup -----------------------------------------------------------------------------------


def backup_create(target: Path) -> dict:
    """Write a backup into `target` (a new or empty directory); returns the manifest."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupRefused(f"{target} 已存在且不为空：请指定新的或空的备份目录。")
    target.mkdir(parents=True, exist_ok=True)
    dump = target / DUMP
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every table: the dump is consistent while writes go on.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", format="json", use_base_manager=True, output=str(dump), verbosity=0)
        migrations = _applied_migrations()
    media_root = Path(settings.MEDIA_ROOT)
    files = {}
    for source in _media_files(media_root):
        relative = source.relative_to(media_root).as_posix()
        copy = target / MEDIA / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
        files[f"{MEDIA}/{relative}"] = {"sha256": sha256_of(copy), "bytes": copy.stat().st_size}
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": DUMP,
            "sha256": sha256_of(dump),
            "bytes": dump.stat().st_size,
        },
        "migrations": migrations,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


# --- restore ----------------------------------------------------------------------------------


def backup_verify(source: Path) -> dict:
    """The manifest, if every file of the backup is exactly what it lists; BackupRefused otherwise."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        listed = {manifest["database"]["file"]: manifest["database"]["sha256"]}
        listed.update({name: entry["sha256"] for name, entry in manifest["files"].items()})
        if manifest["format"] != FORMAT:
            raise BackupRefused(f"备份格式 {manifest['format']} 不受支持（应为 {FORMAT}）。")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupRefused(f"备份清单 {source / MANIFEST} 无法读取或格式不对：{exc}") from exc
    problems = []
    present = {path.relative_to(source).as_posix() for path in source.rglob("*") if path.is_file()} - {MANIFEST}
    for name, expected in sorted(listed.items()):
        path = source / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            problems.append(f"清单中的路径不合法：{name}")
        elif name not in present:
            problems.append(f"缺少文件：{name}")
        elif sha256_of(path) != expected:
            problems.append(f"文件与清单的 SHA-256 不符：{name}")
    problems += [f"清单中没有的文件：{name}" for name in sorted(present - set(listed))]
    if problems:
        raise BackupRefused("备份与清单不符，未恢复任何内容：\n  " + "\n  ".join(problems))
    return manifest


def database_contents() -> list[str]:
    """Tables with rows other than the reference data migrations write ("app.model: n")."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy or model._meta.label_lower in REFERENCE_DATA:
            continue
        if model._meta.auto_created and any(
            field.related_model._meta.label_lower in REFERENCE_DATA
            for field in model._meta.fields
            if field.related_model is not None
        ):
            continue  # a many-to-many table between reference data
        count = model._base_manager.count()
        if count:
            found.append(f"{model._meta.label}: {count}")
    return found


def _check_target(manifest: dict, replace: bool) -> None:
    missing = sorted(set(manifest["migrations"]) - set(_applied_migrations()))
    if missing:
        raise BackupRefused("备份来自更新的数据库结构，请先运行 manage.py migrate：缺少迁移 " + "、".join(missing[:10]))
    if replace:
        return
    contents = database_contents()
    media = _media_files(Path(settings.MEDIA_ROOT))
    if contents or media:
        details = contents[:8] + ([f"MEDIA_ROOT 中有 {len(media)} 个文件"] if media else [])
        raise BackupRefused(
            "数据库或上传文件目录不为空，未恢复任何内容（确要以备份替换现有数据，请加 --replace）：\n  "
            + "\n  ".join(details)
        )


def _stage_media(source: Path, manifest: dict, staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    prefix = f"{MEDIA}/"
    for name, entry in manifest["files"].items():
        copy = staging / name.removeprefix(prefix)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, copy)
        if sha256_of(copy) != entry["sha256"]:
            raise BackupRefused(f"复制后文件的 SHA-256 不符：{name}")


def _swap_media(staging: Path, media_root: Path) -> None:
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}.replaced")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(media_root, old)
        os.replace(staging, media_root)
        shutil.rmtree(old, ignore_errors=True)
    else:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, media_root)


def backup_restore(source: Path, *, replace: bool = False) -> RestoreReport:
    """Restore a backup into this database and MEDIA_ROOT (see the module's docstring)."""
    source = Path(source)
    manifest = backup_verify(source)
    _check_target(manifest, replace)
    media_root = Path(settings.MEDIA_ROOT)
    staging = media_root.with_name(f".{media_root.name}.restoring")
    try:
        _stage_media(source, manifest, staging)
        with transaction.atomic():
            # No post_migrate: the content types and permissions come from the dump, ids and all.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(source / manifest["database"]["file"]), verbosity=0)
        _swap_media(staging, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    objects = sum(model._base_manager.count() for model in apps.get_models(include_auto_created=True))
    return RestoreReport(objects=objects, files=len(manifest["files"]))
