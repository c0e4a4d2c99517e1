"""Does the index say what the database says? `manage.py search_check [--repair]`.

Per registered type, the documents the database would index now are compared with what
the index holds, by the content hash every backend stores with a document:

* missing: indexable in the database, absent from the index;
* stale: in both, but the index holds an older content (hashes differ);
* orphaned: in the index, but the object is gone or no longer indexable, or its type is
  no longer registered.

Repair queues every drifted object in the outbox and drains it, so it goes through the
same path (and the same guards against concurrent drains) as any other change.
"""

from dataclasses import dataclass, field

from .backends import get_backend
from .outbox import DrainReport, outbox_enqueue, outbox_pending, search_outbox_drain
from .registry import get_searchable, searchable_types

CHECK_CHUNK_SIZE = 500


@dataclass
class TypeDrift:
    key: str
    label: str
    expected: int  # documents the database would index
    indexed: int  # documents the index holds
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)

    @property
    def has_drift(self) -> bool:
        return bool(self.missing or self.stale or self.orphaned)


@dataclass
class IndexCheck:
    types: list[TypeDrift]
    pending: int  # outbox rows not yet drained (their objects may show up as drift)

    @property
    def has_drift(self) -> bool:
        return any(drift.has_drift for drift in self.types)


def _expected_hashes(entry, chunk_size: int) -> dict[int, str]:
    expected = {}
    for instance in entry.queryset_for_indexing().order_by("pk").iterator(chunk_size=chunk_size):
        document = entry.to_document(instance)
        if document is not None:
            expected[document.id] = document.content_hash
    return expected


def search_index_check(*, keys: list[str] | None = None, chunk_size: int = CHECK_CHUNK_SIZE) -> IndexCheck:
    """Compare database and index for the given types (all registered ones, and any
    unregistered type found in the index, if None)."""
    backend = get_backend()
    if keys is None:
        entries = searchable_types()
    else:
        unknown = [key for key in keys if get_searchable(key) is None]
        if unknown:
            raise ValueError(f"unknown search types: {', '.join(unknown)}")
        entries = [get_searchable(key) for key in dict.fromkeys(keys)]
    drifts = []
    for entry in entries:
        indexed = backend.fingerprints(entry.key)
        expected = _expected_hashes(entry, chunk_size)
        drifts.append(
            TypeDrift(
                key=entry.key,
                label=entry.label,
                expected=len(expected),
                indexed=len(indexed),
                missing=sorted(expected.keys() - indexed.keys()),
                stale=sorted(pk for pk in expected.keys() & indexed.keys() if expected[pk] != indexed[pk]),
                orphaned=sorted(indexed.keys() - expected.keys()),
            )
        )
    if keys is None:
        registered = {entry.key for entry in entries}
        for key, count in sorted(backend.type_counts().items()):
            if key not in registered:
                orphaned = sorted(backend.fingerprints(key))
                drifts.append(TypeDrift(key=key, label="未注册的类型", expected=0, indexed=count, orphaned=orphaned))
    return IndexCheck(types=drifts, pending=outbox_pending())


def search_index_repair(check: IndexCheck) -> DrainReport:
    """Queue and drain every drifted object of `check`. Raises SearchUnavailable if the
    engine cannot be reached (the queued rows then wait for the next drain)."""
    outbox_enqueue((drift.key, pk) for drift in check.types for pk in (*drift.missing, *drift.stale, *drift.orphaned))
    total = DrainReport()
    while True:
        report = search_outbox_drain()
        total.synced += report.synced
        total.failed += report.failed
        total.held = report.held
        if not report.more:
            return total
