"""The search backend interface and the value objects that cross it.

Callers never talk to a backend's storage: they build `SearchDocument`s (what an object
looks like in the index) and `SearchQuery`s (what a user asked for, with the permission
restriction already folded in) and get a `SearchResult` back. A backend is chosen by
settings (`casemgmt.search.backends.get_backend`), in the manner of Wagtail and Sentry.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

MAX_PAGE_SIZE = 100
# Deeper pages are refused: nobody reads them and they are what makes search engines slow
# (Elasticsearch refuses past 10,000 for the same reason).
MAX_RESULT_WINDOW = 10_000

ProgressCallback = Callable[[int, int | None], None]


@dataclass(frozen=True)
class SearchDocument:
    """One object as the index sees it. `id` is the object's primary key within `type`."""

    type: str
    id: int
    title: str
    body: str = ""
    state: str = ""
    state_label: str = ""
    jurisdiction: str = ""
    date: datetime.date | None = None
    url: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.type:
            raise ValueError("SearchDocument.type is required")
        if self.id is None:
            raise ValueError("SearchDocument.id is required")
        object.__setattr__(self, "id", int(self.id))
        for name in ("title", "body", "state", "state_label", "jurisdiction", "url"):
            object.__setattr__(self, name, getattr(self, name) or "")
        if isinstance(self.date, datetime.datetime):
            # A moment becomes the local calendar day it happened on, not the UTC one.
            moment = self.date
            object.__setattr__(self, "date", timezone.localdate(moment) if timezone.is_aware(moment) else moment.date())


@dataclass(frozen=True)
class SearchQuery:
    """What to look for. `allowed_jurisdictions` None means unrestricted; a set restricts
    hits to those codes (an empty set therefore matches nothing)."""

    text: str = ""
    types: frozenset[str] | None = None
    states: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    allowed_jurisdictions: frozenset[str] | None = None
    page: int = 1
    page_size: int = 20

    def __post_init__(self):
        for name in ("types", "states", "jurisdictions", "allowed_jurisdictions"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, frozenset(value))
        object.__setattr__(self, "text", self.text or "")
        if self.page < 1:
            raise ValueError("page must be at least 1")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise ValueError(f"results beyond the first {MAX_RESULT_WINDOW} are not available")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def is_empty(self) -> bool:
        """Nothing can match: the caller may see no jurisdiction at all."""
        return self.allowed_jurisdictions is not None and not self.allowed_jurisdictions


@dataclass(frozen=True)
class SearchHit:
    type: str
    id: int
    title: str
    state: str
    state_label: str
    url: str
    highlight: str  # safe HTML: escaped text with the matches wrapped in <mark>
    score: float
    jurisdiction: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class SearchResult:
    """`count` counts every hit of the query; `hits` is one page of them; `facets` counts the
    hit set by type, state and jurisdiction: {"type": {"mediation": 3, ...}, ...}."""

    count: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    page: int = 1
    page_size: int = 20


def empty_facets() -> dict[str, dict[str, int]]:
    return {"type": {}, "state": {}, "jurisdiction": {}}


class SearchBackend(ABC):
    """What every backend does. Writes are idempotent: indexing a document again replaces it."""

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents; returns how many were written."""

    @abstractmethod
    def delete(self, type: str, ids: Iterable[int]) -> int:
        """Remove documents of one type; unknown ids are ignored. Returns how many went."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abstractmethod
    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        total: int | None = None,
        progress_callback: ProgressCallback | None = None,
        *,
        types: Iterable[str] | None = None,
    ) -> int:
        """Replace the index (or only the given types) with `documents`.

        Documents of the rebuilt types that `documents` no longer yields are removed.
        `progress_callback(done, total)` is called as batches are written. Returns how many
        documents were written.
        """

    @abstractmethod
    def count(self) -> int:
        """How many documents the index holds."""

    @abstractmethod
    def ping(self) -> bool:
        """Is the backend usable? Must not raise."""
