"""The Elasticsearch backend (SEARCH_BACKEND=elasticsearch, ELASTICSEARCH_URL).

Written with elasticsearch-dsl and the 8.x client, which speaks to Elasticsearch 8 and 9
(it sends versioned media types; `SEARCH_ES_CLIENT_OPTIONS` passes further client options,
e.g. credentials, certificates or another HTTP node class).

* Index and alias. Searches and writes go to the alias `<SEARCH_INDEX_PREFIX>-docs`; the
  documents live in a versioned index behind it (`casemgmt-docs-v20261128153000123456`).
  The first write creates one. A full rebuild fills a new versioned index with bulk
  requests, refreshes it, moves the alias to it in one atomic `_aliases` call and only
  then drops the old index, so searches never see a half-built index. A rebuild of some
  types only rewrites those documents in place.
* Matching has the embedded backend's meaning, term by term (see `es_documents`): the
  same queries find the same documents on both backends.
* Permissions and filters (allowed jurisdictions, the types the caller may open, type,
  state, jurisdiction, violation type, dates) are `filter` clauses of the query, so counts and facets
  never include what the caller may not see.
* Ranking: every query term found in the title scores TITLE_MATCH_BOOST; the language
  analyzer's BM25 relevance orders hits among those; then the most recent date.
* Highlights are cut from the hits' own text by `casemgmt.search.text.highlight`, as on the
  embedded backend, rather than by the Elasticsearch highlighter: that one marks tokens of
  the language analyzer, which cannot mark what matched inside a word (part of a credit
  code, one character of a word), so marks and matches would disagree.
* Failures to reach the cluster (connection refused, timeouts, 429/502/503/504) raise
  `SearchUnavailable`; the outbox retries writes, the API answers 503.
"""

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

import elastic_transport
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import Index, Q, Search
from elasticsearch_dsl.serializer import serializer as dsl_serializer

from ..text import highlight, query_terms
from .base import (
    FACET_NAMES,
    ProgressCallback,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    empty_facets,
)
from .codes import is_code
from .es_documents import SearchEntry, document_id, grams, index_settings, query_term

BULK_CHUNK_SIZE = 500
FINGERPRINT_PAGE_SIZE = 5000
FACET_SIZE = 500
TITLE_MATCH_BOOST = 100.0
PING_TIMEOUT_SECONDS = 3
DEFAULT_TIMEOUT_SECONDS = 10
_UNAVAILABLE_STATUSES = {429, 502, 503, 504}
_FACET_FIELDS = {
    "type": "doc_type",
    "state": "state",
    "jurisdiction": "jurisdiction",
    "year": "year",
    "violation_type": "violation_type",
}
_HIT_SOURCE = ["doc_type", "object_id", "title", "body", "state", "state_label", "jurisdiction", "date", "url"]


class SearchIndexError(Exception):
    """The cluster refused some documents (not an availability problem: retrying the same
    documents will fail the same way)."""


@contextlib.contextmanager
def _engine_errors():
    """Failures of the engine become SearchUnavailable; failures of what was sent (a document
    that cannot be serialised, a refused mapping) stay what they are."""
    try:
        yield
    except (elastic_transport.ConnectionError, elastic_transport.ConnectionTimeout) as exc:
        raise SearchUnavailable(f"Elasticsearch unreachable: {exc}") from exc
    except ApiError as exc:
        if exc.meta.status in _UNAVAILABLE_STATUSES:
            raise SearchUnavailable(f"Elasticsearch unavailable: {exc}") from exc
        raise


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _refresh_policy():
    value = getattr(settings, "SEARCH_ES_REFRESH", False)
    if isinstance(value, str):
        value = {"true": True, "false": False, "": False}.get(value.strip().lower(), value.strip().lower())
    return value


def _term_filter(term: str, field: str):
    """Documents whose `field` (a bigram field) contains `term` (normalised)."""
    term = query_term(term)
    if len(term) == 1:
        return Q("prefix", **{field: term})
    return Q("match_phrase", **{field: grams(term, closed=False)})


def _term_query(term: str):
    if is_code(term):
        return Q("term", codes=term)
    return _term_filter(term, "title_grams") | _term_filter(term, "body_grams")


class ElasticsearchBackend(SearchBackend):
    def __init__(self):
        self._clients: dict[tuple, Elasticsearch] = {}
        # Aliases known to exist, per cluster: checked once, not before every write.
        self._ready: set[tuple[str, str]] = set()

    # Connection and index lifecycle

    @property
    def alias(self) -> str:
        return f"{getattr(settings, 'SEARCH_INDEX_PREFIX', 'casemgmt')}-docs"

    @property
    def client(self) -> Elasticsearch:
        url = getattr(settings, "ELASTICSEARCH_URL", "http://127.0.0.1:9200")
        options = dict(getattr(settings, "SEARCH_ES_CLIENT_OPTIONS", None) or {})
        key = (url, repr(sorted(options.items())))
        if key not in self._clients:
            if isinstance(options.get("node_class"), str) and "." in options["node_class"]:
                options["node_class"] = import_string(options["node_class"])
            options.setdefault(
                "request_timeout", float(getattr(settings, "SEARCH_ES_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
            )
            options.setdefault("serializer", dsl_serializer)
            self._clients[key] = Elasticsearch(url, **options)
        return self._clients[key]

    def _cluster_key(self) -> tuple[str, str]:
        return (getattr(settings, "ELASTICSEARCH_URL", ""), self.alias)

    def _new_index_name(self) -> str:
        return f"{self.alias}-v{timezone.now():%Y%m%d%H%M%S%f}"

    def _create_index(self, name: str, *, with_alias: bool, building: bool = False) -> None:
        index = Index(name)
        index.document(SearchEntry)
        index.settings(**index_settings(building=building))
        if with_alias:
            # Only one index can be the alias's write index: of two processes creating the
            # first index at once, the second fails instead of leaving the alias on two.
            index.aliases(**{self.alias: {"is_write_index": True}})
        index.create(using=self.client)

    def _delete_index(self, name: str) -> None:
        with contextlib.suppress(NotFoundError):
            self.client.indices.delete(index=name)

    def _indices_behind_alias(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def ensure_index(self) -> None:
        """Create the first versioned index behind the alias, unless there is one; an index
        made by an earlier release gets the fields added since."""
        if self._cluster_key() in self._ready:
            return
        with _engine_errors():
            if not self.client.indices.exists_alias(name=self.alias):
                name = self._new_index_name()
                try:
                    self._create_index(name, with_alias=True)
                except ApiError:
                    self._delete_index(name)
                    if not self.client.indices.exists_alias(name=self.alias):
                        raise
            else:
                self._add_missing_fields()
        self._ready.add(self._cluster_key())

    def _add_missing_fields(self) -> None:
        """The mapping is strict, so a live index that lacks a field added to SearchEntry
        (e.g. violation_type) would refuse every document. Adding a field to a live index is
        allowed; the documents written before it get the value when they are reindexed (the
        bumped content hash version makes `search_check --repair` find them stale)."""
        wanted = SearchEntry._doc_type.mapping.to_dict()["properties"]
        for name, entry in self.client.indices.get_mapping(index=self.alias).body.items():
            present = entry.get("mappings", {}).get("properties", {})
            missing = {field: definition for field, definition in wanted.items() if field not in present}
            if missing:
                self.client.indices.put_mapping(index=name, properties=missing)

    # Writes

    def _bulk(self, actions: Iterable[dict], *, require_alias: bool = True, refresh=None) -> list[dict]:
        """Send actions in chunks; returns the per-action results. Refused documents raise
        SearchIndexError after the whole stream was sent (the others are written)."""
        results, refused = [], []
        with _engine_errors():
            for ok, item in helpers.streaming_bulk(
                self.client,
                actions,
                chunk_size=BULK_CHUNK_SIZE,
                raise_on_error=False,
                max_retries=2,
                refresh=_refresh_policy() if refresh is None else refresh,
                require_alias=require_alias,
            ):
                ((operation, result),) = item.items()
                results.append(result)
                if not ok and not (operation == "delete" and result.get("status") == 404):
                    refused.append(result)
        if refused:
            if any(r.get("error", {}).get("type") == "index_not_found_exception" for r in refused):
                self._ready.discard(self._cluster_key())
            if all(r.get("status") in _UNAVAILABLE_STATUSES for r in refused):
                raise SearchUnavailable(f"Elasticsearch refused {len(refused)} writes while overloaded")
            first = refused[0]
            raise SearchIndexError(f"{len(refused)} documents refused, e.g. {first.get('_id')}: {first.get('error')}")
        return results

    def _index_actions(self, documents: Iterable[SearchDocument], index: str) -> Iterator[dict]:
        for document in documents:
            yield SearchEntry.from_document(document, index).to_dict(include_meta=True)

    def index(self, documents: Iterable[SearchDocument]) -> int:
        # Within a call the last version of an object wins, as bulk applies actions in order.
        documents = list(documents)
        if not documents:
            return 0
        self.ensure_index()
        self._bulk(self._index_actions(documents, self.alias))
        return len({(document.type, document.id) for document in documents})

    def delete(self, type: str, ids: Iterable[int]) -> int:
        ids = list(dict.fromkeys(int(i) for i in ids))
        if not ids:
            return 0
        self.ensure_index()
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": document_id(type, i)} for i in ids)
        return sum(result.get("result") == "deleted" for result in self._bulk(actions))

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        total: int | None = None,
        progress_callback: ProgressCallback | None = None,
        *,
        types: Iterable[str] | None = None,
    ) -> int:
        if types is not None:
            return self._rebuild_types(set(types), documents, total, progress_callback)
        name = self._new_index_name()
        done = 0
        with _engine_errors():
            self._create_index(name, building=True, with_alias=False)
            try:
                for batch in _batched(documents, BULK_CHUNK_SIZE):
                    self._bulk(self._index_actions(batch, name), require_alias=False, refresh=False)
                    done += len(batch)
                    if progress_callback:
                        progress_callback(done, total)
                self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
                self.client.indices.refresh(index=name)
                previous = self._indices_behind_alias()
                actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
                actions.append({"add": {"index": name, "alias": self.alias, "is_write_index": True}})
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                self._delete_index(name)
                raise
            self._ready.add(self._cluster_key())
            self._drop_versions_except(name)
        return done

    def _drop_versions_except(self, keep: str) -> None:
        """Drop the replaced index, and any left behind by a rebuild that died half-way."""
        try:
            names = list(self.client.indices.get_alias(index=f"{self.alias}-v*").body)
        except NotFoundError:
            names = []
        for name in names:
            if name != keep:
                self._delete_index(name)

    def _rebuild_types(self, types: set[str], documents, total, progress_callback) -> int:
        self.ensure_index()
        written: dict[str, set[int]] = {key: set() for key in types}
        done = 0
        for batch in _batched(documents, BULK_CHUNK_SIZE):
            if stray := {doc.type for doc in batch} - types:
                raise ValueError(f"rebuild of {sorted(types)} was given documents of {sorted(stray)}")
            self._bulk(self._index_actions(batch, self.alias), refresh=False)
            for document in batch:
                written[document.type].add(document.id)
            done += len(batch)
            if progress_callback:
                progress_callback(done, total)
        with _engine_errors():
            self.client.indices.refresh(index=self.alias)
        for key in types:
            if gone := set(self.fingerprints(key)) - written[key]:
                self.delete(key, gone)
        return done

    # Reads

    def ping(self) -> bool:
        try:
            return bool(self.client.options(request_timeout=PING_TIMEOUT_SECONDS).ping())
        except Exception:  # ping must answer, whatever the client makes of the failure
            return False

    def count(self) -> int:
        with _engine_errors():
            try:
                return self.client.count(index=self.alias)["count"]
            except NotFoundError:
                return 0

    def _search(self) -> Search:
        return Search(using=self.client, index=self.alias)

    def type_counts(self) -> dict[str, int]:
        search = self._search().extra(size=0)
        search.aggs.bucket("types", "terms", field="doc_type", size=FACET_SIZE)
        with _engine_errors():
            try:
                response = search.execute()
            except NotFoundError:
                return {}
        return {bucket.key: bucket.doc_count for bucket in response.aggregations.types.buckets}

    def fingerprints(self, type: str) -> dict[int, str]:
        # search_after pages through any number of documents, unlike from/size.
        search = (
            self._search()
            .filter("term", doc_type=type)
            .sort("object_id")
            .source(["object_id", "content_hash"])
            .extra(size=FINGERPRINT_PAGE_SIZE)
        )
        found: dict[int, str] = {}
        after = None
        with _engine_errors():
            while True:
                page = search.extra(search_after=after) if after is not None else search
                try:
                    hits = page.execute().hits
                except NotFoundError:
                    return found
                for hit in hits:
                    found[int(hit.object_id)] = hit.to_dict().get("content_hash", "")
                if len(hits) < FINGERPRINT_PAGE_SIZE:
                    return found
                after = list(hits[-1].meta.sort)

    def _query(self, query: SearchQuery, terms: list[str]):
        """One bool query: filters decide the hit set, `should` clauses only score it."""
        filters = []
        if query.allowed_jurisdictions is not None:
            filters.append(Q("terms", jurisdiction=sorted(query.allowed_jurisdictions)))
        if query.types is not None:
            filters.append(Q("terms", doc_type=sorted(query.types)))
        if query.states is not None:
            filters.append(Q("terms", state=sorted(query.states)))
        if query.jurisdictions is not None:
            filters.append(Q("terms", jurisdiction=sorted(query.jurisdictions)))
        if query.violation_types is not None:
            filters.append(Q("terms", violation_type=sorted(query.violation_types)))
        if query.date_from is not None or query.date_to is not None:
            bounds = {"gte": query.date_from, "lte": query.date_to}
            filters.append(Q("range", date={k: v.isoformat() for k, v in bounds.items() if v is not None}))
        filters.extend(_term_query(term) for term in terms)
        scoring = [
            Q("constant_score", filter=_term_filter(term, "title_grams"), boost=TITLE_MATCH_BOOST) for term in terms
        ]
        if terms:
            scoring.append(Q("multi_match", query=query.text, fields=["title^2", "body"]))
        # minimum_should_match=0: the `should` clauses rank the hits, they never narrow them.
        return Q("bool", filter=filters, should=scoring, minimum_should_match=0)

    def search(self, query: SearchQuery) -> SearchResult:
        page = {"page": query.page, "page_size": query.page_size}
        if query.is_empty:
            return SearchResult(count=0, hits=[], facets=empty_facets(), **page)
        terms = query_terms(query.text)
        search = (
            self._search()
            .query(self._query(query, terms))
            .sort(
                "_score",
                {"date": {"order": "desc", "missing": "_last"}},
                {"object_id": {"order": "desc"}},
                {"doc_type": {"order": "asc"}},
            )
            .source(_HIT_SOURCE)
            .extra(track_total_hits=True)
        )
        search = search[query.offset : query.offset + query.page_size]
        for name in FACET_NAMES:
            search.aggs.bucket(name, "terms", field=_FACET_FIELDS[name], size=FACET_SIZE)
        with _engine_errors():
            try:
                response = search.execute()
            except NotFoundError:
                return SearchResult(count=0, hits=[], facets=empty_facets(), **page)
        facets = {
            name: {str(b.key): b.doc_count for b in getattr(response.aggregations, name).buckets}
            for name in FACET_NAMES
        }
        hits = []
        for hit in response.hits:
            source = hit.to_dict()
            title, body = source.get("title", ""), source.get("body", "")
            hits.append(
                SearchHit(
                    type=source["doc_type"],
                    id=int(source["object_id"]),
                    title=title,
                    state=source.get("state", ""),
                    state_label=source.get("state_label", ""),
                    url=source.get("url", ""),
                    highlight=highlight(title, body, terms),
                    score=float(hit.meta.score or 0.0),
                    jurisdiction=source.get("jurisdiction", ""),
                    date=datetime.date.fromisoformat(source["date"]) if source.get("date") else None,
                )
            )
        return SearchResult(count=response.hits.total.value, hits=hits, facets=facets, **page)
