"""Generations of the embedded backend's packed index: building one from the database,
making it the one searches use, and opening it.

A build reads every IndexedDocument, writes the packed files, then in one transaction marks
the rows it read *as it read them* (same `revision`) with its generation and becomes ready.
A row changed meanwhile keeps no generation, so searches take it from the database; a row
deleted meanwhile left a tombstone, so searches leave its packed copy out. Searches read
the current generation first and the changed rows after, so a build finishing in between
only makes them treat a few more rows as changed.
"""

import datetime
import functools
import logging
import shutil
import time
import uuid
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import IndexedDocument, IndexSnapshot, SnapshotTombstone
from .packed import PackedDocument, PackedSnapshot, build_snapshot, directory_size

logger = logging.getLogger(__name__)

READ_CHUNK = 5000
MARK_CHUNK = 1000
# A build that has not finished after this long is taken to have died, and may be replaced.
BUILD_LEASE = datetime.timedelta(hours=3)
# Directories no row refers to are removed once this old (a build in progress has no ready row).
ORPHAN_AGE = datetime.timedelta(hours=6)
KEEP_GENERATIONS = 2


class SnapshotBuildInProgress(Exception):
    pass


@dataclass(frozen=True)
class BuildReport:
    generation: int
    documents: int
    seconds: float
    size_bytes: int


def index_root() -> Path:
    return Path(settings.SEARCH_EMBEDDED_INDEX_DIR)


_opened: dict[str, PackedSnapshot] = {}


@functools.cache
def _state_sql() -> tuple[str, str]:
    """The two statements every search starts with, as plain SQL: they run before each search,
    where the ORM's query building would cost more than the queries. Identifiers come from
    the models' metadata."""
    quote = connection.ops.quote_name
    snapshot, document, tombstone = IndexSnapshot._meta, IndexedDocument._meta, SnapshotTombstone._meta
    generation = quote(document.get_field("snapshot_generation").column)
    current = (
        f"SELECT {quote(snapshot.pk.column)}, {quote(snapshot.get_field('directory').column)} "  # noqa: S608
        f"FROM {quote(snapshot.db_table)} WHERE {quote(snapshot.get_field('ready').column)} "
        f"ORDER BY {quote(snapshot.pk.column)} DESC LIMIT 1"
    )
    left_out = (
        f"SELECT 1, {quote(document.pk.column)} FROM {quote(document.db_table)} "  # noqa: S608
        f"WHERE {generation} IS NULL OR {generation} > %s "
        f"UNION ALL SELECT 0, {quote(tombstone.get_field('document_pk').column)} FROM {quote(tombstone.db_table)}"
    )
    return current, left_out


@dataclass(frozen=True)
class IndexState:
    """What a search of the embedded backend starts from. Without a usable snapshot every row is
    searched in the database and the lists are empty."""

    generation: int | None
    snapshot: PackedSnapshot | None
    changed: list[int]  # rows the snapshot does not hold as they are now
    deleted: list[int]  # rows deleted since (tombstones)


def index_state() -> IndexState:
    """The current generation first, then in one statement what it does not hold as it is now
    (see the module docstring for why in this order)."""
    current = current_snapshot()
    if current is None:
        return IndexState(None, None, [], [])
    generation, snapshot = current
    with connection.cursor() as cursor:
        cursor.execute(_state_sql()[1], [generation])
        rows = cursor.fetchall()
    return IndexState(
        generation,
        snapshot,
        changed=[pk for is_row, pk in rows if is_row],
        deleted=[pk for is_row, pk in rows if not is_row],
    )


def current_snapshot() -> tuple[int, PackedSnapshot] | None:
    """The generation searches use now, opened (memory-mapped once per process)."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql()[0])
        row = cursor.fetchone()
    if row is None:
        return None
    generation, directory = row
    snapshot = _opened.get(directory)
    if snapshot is None:
        snapshot = _open(directory)
        if snapshot is None:
            return None
        # Older generations leave the cache; searches still running on one keep their reference.
        _opened.clear()
        _opened[directory] = snapshot
    return generation, snapshot


def _open(directory: str) -> PackedSnapshot | None:
    """The snapshot in `directory`, or None when its files are missing (a new machine, a wiped
    folder) or of an older format: searches then take every row from the database until the
    next build, and the periodic task builds one at once (`repack_needed`)."""
    try:
        return PackedSnapshot(index_root() / directory)
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("packed search index %s unusable, searching the database instead: %s", directory, exc)
        return None


def repack_needed() -> bool:
    """Is there a ready generation this process cannot use?"""
    return IndexSnapshot.objects.filter(ready=True).exists() and current_snapshot() is None


def changed_count() -> int:
    return IndexedDocument.objects.filter(snapshot_generation__isnull=True).count()


def _start() -> IndexSnapshot:
    now = timezone.now()
    with transaction.atomic():
        for dead in IndexSnapshot.objects.filter(ready=False, started_at__lt=now - BUILD_LEASE):
            shutil.rmtree(index_root() / dead.directory, ignore_errors=True)
            dead.delete()
        try:
            with transaction.atomic():
                return IndexSnapshot.objects.create(directory=f"g{uuid.uuid4().hex}", started_at=now)
        except IntegrityError:
            raise SnapshotBuildInProgress("另一个压缩索引正在生成，请稍后再试。") from None


def _read_documents() -> tuple[list[PackedDocument], list[tuple[int, int]]]:
    """Every row as the packed index needs it, and (pk, revision) of the rows to be marked."""
    documents, to_mark = [], []
    rows = IndexedDocument.objects.order_by("pk").values_list(
        "pk",
        "doc_type",
        "object_id",
        "title_norm",
        "body_norm",
        "state",
        "jurisdiction",
        "violation_type",
        "date",
        "revision",
        "snapshot_generation",
    )
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:READ_CHUNK]):
        for pk, doc_type, object_id, title, body, state, jurisdiction, violation, date, revision, generation in chunk:
            documents.append(
                PackedDocument(
                    pk=pk,
                    doc_type=doc_type,
                    object_id=object_id,
                    title=title,
                    body=body,
                    state=state,
                    jurisdiction=jurisdiction,
                    violation_type=violation,
                    date_ordinal=date.toordinal() if date else 0,
                )
            )
            if generation is None:
                to_mark.append((pk, revision))
        last = chunk[-1][0]
    return documents, to_mark


def _mark(generation: int, rows: list[tuple[int, int]]) -> None:
    # Raw executemany: a million single-row updates through the ORM would take minutes.
    # Identifiers come from the model's metadata, never from input.
    meta, quote = IndexedDocument._meta, connection.ops.quote_name
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {quote(meta.get_field('snapshot_generation').column)} = %s "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s AND {quote(meta.get_field('revision').column)} = %s "
        f"AND {quote(meta.get_field('snapshot_generation').column)} IS NULL"
    )
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, MARK_CHUNK)):
            cursor.executemany(sql, [(generation, pk, revision) for pk, revision in chunk])


def _tidy(keep: list[IndexSnapshot]) -> None:
    """Drop generations older than `keep`, tombstones no kept generation holds, and orphaned
    directories."""
    kept = [snapshot for row in keep if (snapshot := _open(row.directory)) is not None]
    for row in IndexSnapshot.objects.filter(ready=True).exclude(pk__in=[r.pk for r in keep]):
        shutil.rmtree(index_root() / row.directory, ignore_errors=True)
        row.delete()
    tombstones = list(SnapshotTombstone.objects.values_list("document_pk", flat=True))
    still_held = set().union(*(snapshot.holds(tombstones) for snapshot in kept)) if kept else set()
    SnapshotTombstone.objects.filter(document_pk__in=set(tombstones) - still_held).delete()
    known = set(IndexSnapshot.objects.values_list("directory", flat=True))
    cutoff = time.time() - ORPHAN_AGE.total_seconds()
    for entry in index_root().iterdir():
        if entry.is_dir() and entry.name not in known and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)


def _refresh_statistics() -> None:
    """Marking rows leaves PostgreSQL a dead version of each, still in the index on the
    generation: until they are vacuumed, each search's look-up of changed rows visits them all
    (measured: 70 ms instead of 1.5 ms at 100,000 rows after the first build). So vacuum, and
    analyze, as autovacuum would later. Not possible inside a transaction (tests): skipped."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(IndexedDocument._meta.db_table)}")


def forget_unneeded_tombstones() -> int:
    """Without any packed index (built or being built) no tombstone is needed; those older than
    any transaction that could still be reading them go."""
    if IndexSnapshot.objects.exists():
        return 0
    deleted, _ = SnapshotTombstone.objects.filter(deleted_at__lt=timezone.now() - ORPHAN_AGE).delete()
    return deleted


def build_generation() -> BuildReport:
    """Build a new packed index of every indexed document and make searches use it."""
    started = time.monotonic()
    build = _start()
    directory = index_root() / build.directory
    try:
        documents, to_mark = _read_documents()
        count = build_snapshot(documents, directory)
        del documents
        size = directory_size(directory)
        with transaction.atomic():
            _mark(build.pk, to_mark)
            IndexSnapshot.objects.filter(pk=build.pk).update(
                ready=True, finished_at=timezone.now(), documents=count, size_bytes=size
            )
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        IndexSnapshot.objects.filter(pk=build.pk).delete()
        raise
    _tidy(list(IndexSnapshot.objects.filter(ready=True).order_by("-pk")[:KEEP_GENERATIONS]))
    _refresh_statistics()
    seconds = time.monotonic() - started
    logger.info("packed search index #%s: %s documents in %.1f s", build.pk, count, seconds)
    return BuildReport(generation=build.pk, documents=count, seconds=seconds, size_bytes=size)
