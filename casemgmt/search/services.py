"""Search for a user, and keeping the index in step with the objects it describes."""

import dataclasses
import datetime
import logging
from collections.abc import Iterable, Iterator

from django.db.models.query import EmptyQuerySet

from casemgmt.org.scoping import visible_jurisdiction_codes

from .backends import get_backend
from .backends.base import ProgressCallback, SearchDocument, SearchHit, SearchQuery, SearchResult
from .indexing import drain_after_commit
from .rebuilds import rebuild_finish, rebuild_heartbeat, rebuild_start
from .registry import SearchableType, get_searchable, searchable_types

logger = logging.getLogger(__name__)

REBUILD_CHUNK_SIZE = 500


def _as_set(values: Iterable[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


def _hits_the_user_may_open(user, hits: list[SearchHit]) -> list[SearchHit]:
    """Every hit is re-checked against its type's selector: the index may lag behind a
    deletion or a change of jurisdiction, and selectors may restrict more than jurisdiction."""
    ids_by_type: dict[str, set[int]] = {}
    for hit in hits:
        ids_by_type.setdefault(hit.type, set()).add(hit.id)
    openable: set[tuple[str, int]] = set()
    for key, ids in ids_by_type.items():
        entry = get_searchable(key)
        if entry is None:
            continue
        visible = entry.selector(user).filter(pk__in=ids).values_list("pk", flat=True)
        openable.update((key, pk) for pk in visible)
    return [hit for hit in hits if (hit.type, hit.id) in openable]


def searchable_keys_for(user) -> set[str]:
    """The registered types whose selector can show `user` anything at all: a role that may
    not open a type gets `.none()` from its selector, recognisable without a query."""
    return {entry.key for entry in searchable_types() if not isinstance(entry.selector(user), EmptyQuerySet)}


def search_for_user(
    user,
    *,
    q: str,
    types: Iterable[str] | None = None,
    states: Iterable[str] | None = None,
    jurisdictions: Iterable[str] | None = None,
    violation_types: Iterable[str] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    page: int = 1,
    page_size: int = 20,
) -> SearchResult:
    """One page of what `user` may open that matches `q` (all whitespace-separated words).

    The caller's jurisdictions and the types their role may open are filters of the query
    itself; every hit is then re-checked through its type's selector.
    """
    # Only registered types the role may open are searched, so counts and facets never
    # include stale types or types the caller cannot open.
    openable = searchable_keys_for(user)
    wanted_types = openable if types is None else openable & set(types)
    query = SearchQuery(
        text=q,
        types=frozenset(wanted_types),
        states=_as_set(states),
        jurisdictions=_as_set(jurisdictions),
        violation_types=_as_set(violation_types),
        date_from=date_from,
        date_to=date_to,
        allowed_jurisdictions=_as_set(visible_jurisdiction_codes(user)),
        page=page,
        page_size=page_size,
    )
    result = get_backend().search(query)
    hits = _hits_the_user_may_open(user, result.hits)
    if len(hits) < len(result.hits):
        # The query's filters are the selectors' own rules (tests/test_search_scope.py holds every
        # type to that), so only an index lagging behind a change returns a hit the caller may not
        # open. Bring those documents up to date and ask again: the count and the facets then
        # describe exactly what the caller may open, the same on every page.
        kept = {(hit.type, hit.id) for hit in hits}
        for hit in result.hits:
            if (hit.type, hit.id) not in kept:
                search_document_sync(key=hit.type, pk=hit.id)
        result = get_backend().search(query)
        hits = _hits_the_user_may_open(user, result.hits)
        if len(hits) < len(result.hits):
            # An engine that makes writes visible only at its next refresh: this page leaves the
            # stale hits out and says so in its count until then.
            logger.info("search: %d stale hits left out until the index refreshes", len(result.hits) - len(hits))
            result = dataclasses.replace(result, count=max(0, result.count - (len(result.hits) - len(hits))))
    return dataclasses.replace(result, hits=hits)


def search_document_sync(*, key: str, pk: int) -> None:
    """Index the object as it is now, or remove its document if it is gone or not indexable."""
    entry = get_searchable(key)
    if entry is None:
        logger.warning("search: no searchable type %r; object %s not indexed", key, pk)
        return
    instance = entry.queryset_for_indexing().filter(pk=pk).first()
    document = entry.to_document(instance) if instance is not None else None
    if document is None:
        get_backend().delete(key, [pk])
    else:
        get_backend().index([document])


def search_document_delete(*, key: str, pk: int) -> None:
    get_backend().delete(key, [pk])


def _documents(entries: list[SearchableType], chunk_size: int) -> Iterator[SearchDocument]:
    for entry in entries:
        for instance in entry.queryset_for_indexing().order_by("pk").iterator(chunk_size=chunk_size):
            document = entry.to_document(instance)
            if document is not None:
                yield document


def search_index_rebuild(
    *,
    keys: Iterable[str] | None = None,
    chunk_size: int = REBUILD_CHUNK_SIZE,
    progress_callback: ProgressCallback | None = None,
) -> int:
    """Re-index every object of the given types (all registered types if None).

    With all types, documents of types no longer registered are dropped as well (the
    Elasticsearch backend builds a new index and swaps its alias). Only one rebuild runs
    at a time (RebuildInProgress otherwise); the outbox waits meanwhile and is drained
    into the rebuilt index afterwards. Returns how many documents were written.
    """
    if keys is None:
        entries, types = searchable_types(), None
    else:
        keys = list(dict.fromkeys(keys))
        unknown = [key for key in keys if get_searchable(key) is None]
        if unknown:
            raise ValueError(f"unknown search types: {', '.join(unknown)}")
        entries, types = [get_searchable(key) for key in keys], keys
    total = sum(entry.queryset_for_indexing().count() for entry in entries)
    run = rebuild_start(types)

    def progress(done: int, total: int | None) -> None:
        rebuild_heartbeat(run, done)
        if progress_callback:
            progress_callback(done, total)

    try:
        written = get_backend().rebuild(_documents(entries, chunk_size), total, progress, types=types)
    except BaseException as exc:
        rebuild_finish(run, documents=run.documents, error=repr(exc)[:2000] or "中断")
        raise
    rebuild_finish(run, documents=written)
    drain_after_commit()
    return written
