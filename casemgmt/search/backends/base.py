"""The search backend interface and the value objects that cross it.

Callers never talk to a backend's storage: they build `SearchDocument`s (what an object
looks like in the index) and `SearchQuery`s (what a user asked for, with the permission
restriction already folded in) and get a `SearchResult` back. A backend is chosen by
settings (`casemgmt.search.backends.get_backend`), in the manner of Wagtail and Sentry.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

MAX_PAGE_SIZE = 100
# Deeper pages are refused: nobody reads them and they are what makes search engines slow
# (Elasticsearch refuses past 10,000 for the same reason).
MAX_RESULT_WINDOW = 10_000

ProgressCallback = Callable[[int, int | None], None]

# Bumped when what the content hash covers changes, so that every stored hash reads as stale.
CONTENT_HASH_VERSION = 2
FACET_NAMES = ("type", "state", "jurisdiction", "year", "violation_type")


class SearchUnavailable(Exception):
    """The search engine cannot be reached (or is overloaded) right now; try again later."""


@dataclass(frozen=True)
class SearchDocument:
    """One object as the index sees it. `id` is the object's primary key within `type`.

    `amount` is a money amount (yuan) where the object has one, e.g. a fine. `violation_type`
    is a short label (违法行为类型, at most 100 characters) from the owning app's controlled
    list, faceted and filtered exactly; "" means the object has none. Codes such as
    统一社会信用代码 and 文号 need no field of their own: backends find them in the text.
    `extra` holds further values for display and exact filters (strings only are filterable).
    """

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
    amount: decimal.Decimal | None = None
    violation_type: str = ""

    def __post_init__(self):
        if not self.type:
            raise ValueError("SearchDocument.type is required")
        if self.id is None:
            raise ValueError("SearchDocument.id is required")
        object.__setattr__(self, "id", int(self.id))
        for name in ("title", "body", "state", "state_label", "jurisdiction", "url", "violation_type"):
            object.__setattr__(self, name, getattr(self, name) or "")
        if isinstance(self.date, datetime.datetime):
            # A moment becomes the local calendar day it happened on, not the UTC one.
            moment = self.date
            object.__setattr__(self, "date", timezone.localdate(moment) if timezone.is_aware(moment) else moment.date())
        if self.amount is not None and not isinstance(self.amount, decimal.Decimal):
            # Through str: a float amount becomes the decimal it prints as, not its binary expansion.
            object.__setattr__(self, "amount", decimal.Decimal(str(self.amount)))

    @functools.cached_property
    def content_hash(self) -> str:
        """A fingerprint of everything indexed; backends store it so drift can be detected."""
        amount = None if self.amount is None else format(self.amount.normalize(), "f")
        payload = {
            "v": CONTENT_HASH_VERSION,
            "type": self.type,
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "state": self.state,
            "state_label": self.state_label,
            "jurisdiction": self.jurisdiction,
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "extra": self.extra,
            "amount": amount,
            "violation_type": self.violation_type,
        }
        canonical = json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
        )
        return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class SearchQuery:
    """What to look for. `allowed_jurisdictions` None means unrestricted; a set restricts
    hits to those codes (an empty set therefore matches nothing). The filters (`types`,
    `states`, `jurisdictions`, `violation_types`) work alike: None leaves them out, a set
    keeps the documents whose value is one of its members. A document without a violation
    type ("") matches no `violation_types` set ("" is dropped from it)."""

    text: str = ""
    types: frozenset[str] | None = None
    states: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    violation_types: frozenset[str] | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    allowed_jurisdictions: frozenset[str] | None = None
    page: int = 1
    page_size: int = 20

    def __post_init__(self):
        for name in ("types", "states", "jurisdictions", "violation_types", "allowed_jurisdictions"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, frozenset(value))
        if self.violation_types is not None:
            # "" is no label: dropped here, so no backend selects documents without one.
            object.__setattr__(self, "violation_types", self.violation_types - {""})
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
    hit set by type, state, jurisdiction, year of the document date and violation type
    (by its label; documents without one are not counted):
    {"type": {"mediation": 3, ...}, "year": {"2026": 5, ...}, "violation_type": {"假冒专利": 2}, ...}."""

    count: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    page: int = 1
    page_size: int = 20


def empty_facets() -> dict[str, dict[str, int]]:
    return {name: {} for name in FACET_NAMES}


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
    def type_counts(self) -> dict[str, int]:
        """How many documents the index holds per type."""

    @abstractmethod
    def fingerprints(self, type: str) -> dict[int, str]:
        """The stored `content_hash` of every document of `type`, by id (for drift checks)."""

    @abstractmethod
    def ping(self) -> bool:
        """Is the backend usable? Must not raise."""
