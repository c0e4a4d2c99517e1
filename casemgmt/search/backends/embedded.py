"""The embedded search backend: full-text search with nothing but the project's database
and a directory of files.

Design
------
* Two tiers. Every indexed object is a row of `IndexedDocument` (original and normalised
  title/body, filter fields). Most rows are also in the current *packed index*
  (`packed`, built by `snapshots.build_generation`): memory-mapped bigram postings with
  positions, searched with numpy. Rows changed since that build (their
  `snapshot_generation` is null) are searched in the database with a substring scan, and
  their packed copies, like those of deleted rows (tombstones), are left out. Results of
  both tiers are merged into one count, one set of facets and one ranking. A periodic task
  rebuilds the packed index once enough rows have changed, so the database tier stays small.
* Portable. Plain SQL on SQLite and PostgreSQL, numpy for the packed tier; no FTS extension,
  no pg_trgm, no server to run.
* Hits equal a `LIKE '%q%'` scan on the normalised text, in both tiers. A query is split on
  whitespace into terms, all of which must occur (AND). The packed tier finds a term of two
  or more characters from the positions of its bigrams (consecutive positions are
  consecutive characters, so no re-check is needed) and a one-character term from its
  document list. Matching is case- and width-insensitive (NFKC), identically on both
  databases, because it runs on the `_norm` columns.
* Ranking: terms found in the title first (how many of them), then the most recent
  document date, then the most recently created object.
* Permissions are part of the query: `allowed_jurisdictions` selects the packed partitions
  (one per jurisdiction) and is a WHERE condition in the database tier, so counts, facets
  and pages never include rows the caller may not see.
* Writes are idempotent upserts in batches. A write that changes nothing only marks the row
  as seen (a rebuild deletes what it did not see).
"""

import datetime
import functools
import operator
from collections import Counter
from collections.abc import Iterable
from itertools import islice
from typing import NamedTuple

from django.db import DatabaseError, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from ..models import IndexedDocument, SnapshotTombstone
from ..text import highlight, normalize, query_terms
from .base import (
    ProgressCallback,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    empty_facets,
)
from .snapshots import IndexState, index_state

BATCH_SIZE = 500
DELETE_BATCH_SIZE = 1000
_FIELD_LIMITS = {"type": 40, "state": 40, "state_label": 60, "jurisdiction": 6, "url": 300, "violation_type": 100}
_CONTENT_FIELDS = ["title", "body", "title_norm", "body_norm"]
_OTHER_FIELDS = ["state", "state_label", "jurisdiction", "violation_type", "date", "url", "extra", "content_hash"]
_NO_DATE = 0


class _HitRow(NamedTuple):
    """A database-tier hit; the first five fields are those `_rank_key` takes."""

    score: int
    date_ordinal: int
    object_id: int
    doc_type: str
    pk: int
    state: str
    jurisdiction: str
    violation_type: str


def _batched(iterable: Iterable, size: int):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _row_values(document: SearchDocument) -> dict:
    for name, limit in _FIELD_LIMITS.items():
        if len(getattr(document, name)) > limit:
            raise ValueError(f"SearchDocument.{name} longer than {limit} characters: {document.type}:{document.id}")
    return {
        "title": document.title,
        "body": document.body,
        "title_norm": normalize(document.title),
        "body_norm": normalize(document.body),
        "state": document.state,
        "state_label": document.state_label,
        "jurisdiction": document.jurisdiction,
        "violation_type": document.violation_type,
        "date": document.date,
        "url": document.url,
        "extra": document.extra,
        "content_hash": document.content_hash,
    }


def _keys_filter(keys: Iterable[tuple[str, int]]) -> Q:
    ids_by_type: dict[str, list[int]] = {}
    for doc_type, object_id in keys:
        ids_by_type.setdefault(doc_type, []).append(object_id)
    return functools.reduce(
        operator.or_, (Q(doc_type=doc_type, object_id__in=ids) for doc_type, ids in ids_by_type.items())
    )


def _rank_key(score: int, date_ordinal: int, object_id: int, doc_type: str, pk: int) -> tuple:
    """Sorts hits best first: most terms in the title, newest date (none last), newest object."""
    return (-score, date_ordinal == _NO_DATE, -date_ordinal, -object_id, doc_type, pk)


def _intersect(first: frozenset[str] | None, second: frozenset[str] | None) -> frozenset[str] | None:
    if first is None:
        return second
    return first if second is None else first & second


class EmbeddedSearchBackend(SearchBackend):
    # Writes

    def index(self, documents: Iterable[SearchDocument]) -> int:
        return sum(self._write_batch(batch) for batch in _batched(documents, BATCH_SIZE))

    def _locked_rows(self, keys) -> dict[tuple[str, int], IndexedDocument]:
        rows = IndexedDocument.objects.select_for_update().filter(_keys_filter(keys)).order_by("pk")
        return {(row.doc_type, row.object_id): row for row in rows}

    def _write_batch(self, documents: list[SearchDocument]) -> int:
        now = timezone.now()
        # Within a batch the last version of an object wins, as it would across batches.
        wanted = {(doc.type, doc.id): _row_values(doc) for doc in documents}
        with transaction.atomic():
            rows = self._locked_rows(wanted)
            missing = [key for key in wanted if key not in rows]
            if missing:
                # ignore_conflicts: a concurrent writer may insert the same object first;
                # the re-read below then picks its row up and overwrites it.
                IndexedDocument.objects.bulk_create(
                    [
                        IndexedDocument(doc_type=key[0], object_id=key[1], indexed_at=now, **wanted[key])
                        for key in missing
                    ],
                    ignore_conflicts=True,
                )
                rows |= self._locked_rows(missing)
            changed, untouched = [], []
            for key, values in wanted.items():
                row = rows[key]
                if any(getattr(row, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(row, name, value)
                    row.indexed_at = now
                    row.revision += 1
                    row.snapshot_generation = None
                    changed.append(row)
                else:
                    untouched.append(row.pk)
            if changed:
                IndexedDocument.objects.bulk_update(
                    changed, [*_CONTENT_FIELDS, *_OTHER_FIELDS, "indexed_at", "revision", "snapshot_generation"]
                )
            if untouched:
                # Unchanged rows are still marked as seen: a rebuild deletes what it did not see.
                IndexedDocument.objects.filter(pk__in=untouched).update(indexed_at=now)
        return len(wanted)

    def delete(self, type: str, ids: Iterable[int]) -> int:
        deleted = 0
        for batch in _batched((int(i) for i in ids), DELETE_BATCH_SIZE):
            pks = list(IndexedDocument.objects.filter(doc_type=type, object_id__in=batch).values_list("pk", flat=True))
            deleted += self._delete_rows(pks)
        return deleted

    def _delete_rows(self, pks: list[int]) -> int:
        if not pks:
            return 0
        now = timezone.now()
        with transaction.atomic():
            # A packed index built before may still hold these rows: searches leave them out.
            SnapshotTombstone.objects.bulk_create(
                [SnapshotTombstone(document_pk=pk, deleted_at=now) for pk in pks], ignore_conflicts=True
            )
            IndexedDocument.objects.filter(pk__in=pks).delete()
        return len(pks)

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        total: int | None = None,
        progress_callback: ProgressCallback | None = None,
        *,
        types: Iterable[str] | None = None,
    ) -> int:
        types = None if types is None else set(types)
        started = timezone.now()
        done = 0
        for batch in _batched(documents, BATCH_SIZE):
            if types is not None and (stray := {doc.type for doc in batch} - types):
                raise ValueError(f"rebuild of {sorted(types)} was given documents of {sorted(stray)}")
            done += self._write_batch(batch)
            if progress_callback:
                progress_callback(done, total)
        stale = IndexedDocument.objects.filter(indexed_at__lt=started)
        if types is not None:
            stale = stale.filter(doc_type__in=types)
        while pks := list(stale.values_list("pk", flat=True)[:DELETE_BATCH_SIZE]):
            self._delete_rows(pks)
        return done

    # Reads

    def count(self) -> int:
        return IndexedDocument.objects.count()

    def type_counts(self) -> dict[str, int]:
        rows = IndexedDocument.objects.order_by().values_list("doc_type").annotate(n=Count("pk"))
        return dict(rows)

    def fingerprints(self, type: str) -> dict[int, str]:
        return dict(IndexedDocument.objects.filter(doc_type=type).values_list("object_id", "content_hash"))

    def ping(self) -> bool:
        try:
            IndexedDocument.objects.exists()
        except DatabaseError:
            return False
        return True

    def search(self, query: SearchQuery) -> SearchResult:
        page = {"page": query.page, "page_size": query.page_size}
        if query.is_empty:
            return SearchResult(count=0, hits=[], facets=empty_facets(), **page)
        terms = query_terms(query.text)
        wanted = query.offset + query.page_size
        hit_rows, snapshot, packed_hits, scores = self._gather(query, terms)
        count = len(hit_rows)
        facets = self._row_facets(hit_rows)
        candidates = [_rank_key(*row[:5]) for row in hit_rows]
        if snapshot is not None:
            count += len(packed_hits)
            for name, counts in snapshot.facets(packed_hits).items():
                facet = facets[{"doc_type": "type"}.get(name, name)]
                for value, n in counts.items():
                    facet[value] = facet.get(value, 0) + n
            if query.offset < count:
                for number, score in snapshot.top(packed_hits, scores, wanted):
                    candidates.append(
                        _rank_key(
                            score,
                            int(snapshot.date_ordinal[number]),
                            int(snapshot.object_id[number]),
                            snapshot.vocabularies["doc_type"][snapshot.facet_codes["doc_type"][number]],
                            int(snapshot.pk[number]),
                        )
                    )
        if not count:
            return SearchResult(count=0, hits=[], facets=empty_facets(), **page)
        chosen = sorted(candidates)[query.offset : wanted]
        return SearchResult(count=count, hits=self._hits(chosen, terms), facets=facets, **page)

    def hit_keys(self, query: SearchQuery) -> set[tuple[str, int]]:
        """Every hit of `query` as (type, id), unpaged (the benchmark checks them against a scan)."""
        if query.is_empty:
            return set()
        hit_rows, snapshot, packed_hits, _ = self._gather(query, query_terms(query.text))
        keys = {(row.doc_type, row.object_id) for row in hit_rows}
        if snapshot is not None:
            types = snapshot.vocabularies["doc_type"]
            type_codes = snapshot.facet_codes["doc_type"][packed_hits].tolist()
            keys.update(zip([types[c] for c in type_codes], snapshot.object_id[packed_hits].tolist(), strict=True))
        return keys

    def _gather(self, query: SearchQuery, terms: list[str]):
        """The hits of both tiers: (database-tier hit rows, the packed snapshot or None, its
        hits, their title scores). The current generation is read before the changed rows."""
        state = index_state()
        hit_rows = self._changed_hits(query, terms, state)
        snapshot = state.snapshot
        if snapshot is None:
            return hit_rows, None, None, None
        left_out = state.changed + state.deleted
        packed_hits, scores = snapshot.find(
            terms,
            jurisdictions=_intersect(query.allowed_jurisdictions, query.jurisdictions),
            filters={
                column: values
                for column, values in (
                    ("doc_type", query.types),
                    ("state", query.states),
                    ("violation_type", query.violation_types),
                )
                if values is not None
            },
            date_from=query.date_from.toordinal() if query.date_from else None,
            date_to=query.date_to.toordinal() if query.date_to else None,
            excluded=snapshot.numbers_of(left_out),
        )
        return hit_rows, snapshot, packed_hits, scores

    def _changed_hits(self, query: SearchQuery, terms: list[str], state: IndexState) -> list[_HitRow]:
        """The hits among the rows the packed index does not hold as they are (all rows when
        there is no packed index)."""
        if state.snapshot is not None and not state.changed:
            return []  # the common case: nothing changed since the last build
        condition = Q()
        if query.allowed_jurisdictions is not None:
            condition &= Q(jurisdiction__in=query.allowed_jurisdictions)
        for name, values in (
            ("doc_type", query.types),
            ("state", query.states),
            ("jurisdiction", query.jurisdictions),
            ("violation_type", query.violation_types),
        ):
            if values is not None:
                condition &= Q(**{f"{name}__in": values})
        if query.date_from is not None:
            condition &= Q(date__gte=query.date_from)
        if query.date_to is not None:
            condition &= Q(date__lte=query.date_to)
        for term in terms:
            condition &= Q(title_norm__contains=term) | Q(body_norm__contains=term)
        if state.snapshot is not None:
            condition &= Q(snapshot_generation__isnull=True) | Q(snapshot_generation__gt=state.generation)
        in_title = [
            Case(When(title_norm__contains=term, then=Value(1)), default=Value(0), output_field=IntegerField())
            for term in terms
        ]
        score = functools.reduce(operator.add, in_title) if in_title else Value(0)
        selected = (
            IndexedDocument.objects.filter(condition)
            .order_by()
            .annotate(score=score)
            .values_list("score", "date", "object_id", "doc_type", "pk", "state", "jurisdiction", "violation_type")
        )
        if state.snapshot is None:
            return [self._row(values) for values in selected]
        # Only rows read as changed: one changing since is left out of the packed hits only if
        # it is in that list, so keeping to it means never counting a row twice nor losing it.
        changed = set(state.changed)
        return [self._row(values) for values in selected if values[4] in changed]

    @staticmethod
    def _row(values) -> _HitRow:
        score, date, *rest = values
        return _HitRow(score, date.toordinal() if date else _NO_DATE, *rest)

    @staticmethod
    def _row_facets(rows: list[_HitRow]) -> dict[str, dict[str, int]]:
        facets = empty_facets()
        for name, field in (
            ("type", "doc_type"),
            ("state", "state"),
            ("jurisdiction", "jurisdiction"),
            ("violation_type", "violation_type"),
        ):
            facets[name] = dict(Counter(value for row in rows if (value := getattr(row, field))))
        years = Counter(datetime.date.fromordinal(row.date_ordinal).year for row in rows if row.date_ordinal)
        facets["year"] = {str(year): n for year, n in years.items()}
        return facets

    def _hits(self, chosen: list[tuple], terms: list[str]) -> list[SearchHit]:
        fields = [
            *["pk", "doc_type", "object_id", "title", "body", "title_norm", "body_norm"],
            *["state", "state_label", "url", "jurisdiction", "date"],
        ]
        rows = {
            row["pk"]: row for row in IndexedDocument.objects.filter(pk__in=[key[-1] for key in chosen]).values(*fields)
        }
        hits = []
        for key in chosen:
            row = rows.get(key[-1])
            if row is None:  # deleted since the hits were counted
                continue
            hits.append(
                SearchHit(
                    type=row["doc_type"],
                    id=row["object_id"],
                    title=row["title"],
                    state=row["state"],
                    state_label=row["state_label"],
                    url=row["url"],
                    highlight=highlight(
                        row["title"], row["body"], terms, title_norm=row["title_norm"], body_norm=row["body_norm"]
                    ),
                    score=float(-key[0]),
                    jurisdiction=row["jurisdiction"],
                    date=row["date"],
                )
            )
        return hits
