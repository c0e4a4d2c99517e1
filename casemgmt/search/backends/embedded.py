"""The embedded search backend: full-text search in the project's own database.

Design
------
* Portable storage. Two ordinary tables (casemgmt.search.models): `IndexedDocument`
  (one row per object, with original and normalised title/body and the filter fields)
  and `Posting` (token, document). No FTS extension, no pg_trgm: the same SQL runs on
  SQLite and PostgreSQL, so development, tests and small deployments need nothing else.
* Chinese without a word segmenter. Tokens are unigrams and in-run bigrams of letters and
  digits, plus one exact token per 统一社会信用代码 / 文号 (see `tokens`). A trigram index
  would miss the many two-character words (专利, 商标, 调解); bigrams cover queries of two
  or more characters and unigrams the single-character ones.
* Hits equal a `LIKE '%q%'` scan. A query is split on whitespace into terms, all of which
  must occur (AND). For each term the posting lists of its tokens are intersected, giving
  candidates that are a superset of the true hits; the substring itself is then checked on
  the candidates' normalised text. When the tokens already decide the match (a one- or
  two-character term, a whole code) the check is skipped. Matching is case-insensitive and
  width-insensitive (NFKC), identically on both databases, because it runs on the `_norm`
  columns rather than on the database's own case folding.
* Ranking: terms found in the title first (how many of them), then the most recent
  document date, then the most recently created object.
* Permissions are part of the query: `allowed_jurisdictions` is a WHERE condition, so
  counts, facets and pages never include rows the caller may not see.
* Facets count the whole filtered hit set (type, state, jurisdiction, year) with GROUP BY.
* Writes are idempotent upserts in batches; postings are only rewritten when the text
  changed (a state change, the commonest write, touches only the document row). A rebuild
  upserts everything then deletes the rows it did not touch, so the index stays searchable
  while it is rebuilt.
* Scaling. The posting store is behind `PostingStore`; a store with block-packed posting
  lists can replace the relational one without changing how queries are planned, checked,
  ranked or highlighted.
"""

import functools
import operator
from collections.abc import Iterable
from itertools import islice

from django.db import DatabaseError, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ..models import IndexedDocument
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
from .postings import PostingStore, RelationalPostingStore
from .tokens import document_tokens, term_plan

BATCH_SIZE = 500
DELETE_BATCH_SIZE = 1000
_FIELD_LIMITS = {"type": 40, "state": 40, "state_label": 60, "jurisdiction": 6, "url": 300}
_CONTENT_FIELDS = ["title", "body", "title_norm", "body_norm"]
_OTHER_FIELDS = ["state", "state_label", "jurisdiction", "date", "url", "extra", "content_hash"]
_FACET_FIELDS = {"type": "doc_type", "state": "state", "jurisdiction": "jurisdiction", "year": "year"}


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
        "date": document.date,
        "url": document.url,
        "extra": document.extra,
        "content_hash": document.content_hash,
    }


def _tokens_of(values: dict) -> set[str]:
    return document_tokens(values["title_norm"] + "\n" + values["body_norm"])


def _keys_filter(keys: Iterable[tuple[str, int]]) -> Q:
    ids_by_type: dict[str, list[int]] = {}
    for doc_type, object_id in keys:
        ids_by_type.setdefault(doc_type, []).append(object_id)
    return functools.reduce(
        operator.or_, (Q(doc_type=doc_type, object_id__in=ids) for doc_type, ids in ids_by_type.items())
    )


class EmbeddedSearchBackend(SearchBackend):
    def __init__(self, postings: PostingStore | None = None):
        self.postings = postings or RelationalPostingStore()

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
                created = self._locked_rows(missing)
            else:
                created = {}
            changed, retokenise, untouched = [], {}, []
            for key, values in wanted.items():
                if key in created:
                    row = created[key]
                    retokenise[row.pk] = _tokens_of(values)
                else:
                    row = rows[key]
                    if any(getattr(row, name) != values[name] for name in _CONTENT_FIELDS):
                        retokenise[row.pk] = _tokens_of(values)
                if any(getattr(row, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(row, name, value)
                    row.indexed_at = now
                    changed.append(row)
                elif key not in created:
                    untouched.append(row.pk)
            if changed:
                IndexedDocument.objects.bulk_update(changed, [*_CONTENT_FIELDS, *_OTHER_FIELDS, "indexed_at"])
            if untouched:
                # Unchanged rows are still marked as seen: a rebuild deletes what it did not see.
                IndexedDocument.objects.filter(pk__in=untouched).update(indexed_at=now)
            self.postings.replace(retokenise)
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
        with transaction.atomic():
            self.postings.remove(pks)
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

    def _hits_queryset(self, query: SearchQuery, terms: list[str]) -> QuerySet:
        queryset = IndexedDocument.objects.all()
        if query.allowed_jurisdictions is not None:
            queryset = queryset.filter(jurisdiction__in=query.allowed_jurisdictions)
        if query.types is not None:
            queryset = queryset.filter(doc_type__in=query.types)
        if query.states is not None:
            queryset = queryset.filter(state__in=query.states)
        if query.jurisdictions is not None:
            queryset = queryset.filter(jurisdiction__in=query.jurisdictions)
        if query.date_from is not None:
            queryset = queryset.filter(date__gte=query.date_from)
        if query.date_to is not None:
            queryset = queryset.filter(date__lte=query.date_to)
        for term in terms:
            plan = term_plan(term)
            if plan.tokens:
                queryset = queryset.filter(self.postings.containing_all(plan.tokens))
            if not plan.exact:
                queryset = queryset.filter(Q(title_norm__contains=term) | Q(body_norm__contains=term))
        return queryset

    def _facets(self, queryset: QuerySet) -> dict[str, dict[str, int]]:
        facets = empty_facets()
        queryset = queryset.order_by().annotate(year=ExtractYear("date"))
        for name, column in _FACET_FIELDS.items():
            rows = queryset.values_list(column).annotate(n=Count("pk"))
            facets[name] = {str(value): n for value, n in rows if value}
        return facets

    def search(self, query: SearchQuery) -> SearchResult:
        page = {"page": query.page, "page_size": query.page_size}
        if query.is_empty:
            return SearchResult(count=0, hits=[], facets=empty_facets(), **page)
        terms = query_terms(query.text)
        queryset = self._hits_queryset(query, terms)
        count = queryset.count()
        if not count:
            return SearchResult(count=0, hits=[], facets=empty_facets(), **page)
        hits = []
        if query.offset < count:
            title_matches = [
                Case(When(title_norm__contains=term, then=Value(1)), default=Value(0), output_field=IntegerField())
                for term in terms
            ]
            score = functools.reduce(operator.add, title_matches) if title_matches else Value(0)
            rows = (
                queryset.annotate(score=score)
                .order_by("-score", F("date").desc(nulls_last=True), "-object_id", "doc_type")
                .defer("title_norm", "body_norm", "extra")[query.offset : query.offset + query.page_size]
            )
            hits = [
                SearchHit(
                    type=row.doc_type,
                    id=row.object_id,
                    title=row.title,
                    state=row.state,
                    state_label=row.state_label,
                    url=row.url,
                    highlight=highlight(row.title, row.body, terms),
                    score=float(row.score),
                    jurisdiction=row.jurisdiction,
                    date=row.date,
                )
                for row in rows
            ]
        return SearchResult(count=count, hits=hits, facets=self._facets(queryset), **page)
