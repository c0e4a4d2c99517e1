"""How a search document is stored in Elasticsearch: the mapping (an elasticsearch-dsl
Document), the index settings, and the conversion from `SearchDocument`.

Two ways of looking at the same text
------------------------------------
* `title` / `body` are analysed by the language analyzer chosen with SEARCH_ANALYZER:
  the built-in `cjk` (bigrams of Chinese, stop words kept) by default, or `ik_max_word`
  (searched with `ik_smart`) or `smartcn` where the cluster has those plugins. They give
  relevance: they rank hits, they do not decide which documents match.
* `title_grams` / `body_grams` decide matching, with the same meaning as the embedded
  backend: a query term matches where it occurs as a substring of the normalised text
  (NFKC, lower case; `casemgmt.search.text.normalize`). The text is normalised here, in
  Python, by the very function the embedded backend uses, and cut into overlapping
  character bigrams; the field is analysed by the `whitespace` analyzer, so every bigram
  keeps its position. A term of two or more characters is a `match_phrase` of its
  bigrams, which holds exactly where the term occurs: consecutive positions are
  consecutive characters. The `cjk` analyzer alone would give this for Chinese but not
  for Latin letters and digits (it keeps "91140500ma0k1234x5" as one word, so "MA0K"
  would not match) nor for single characters inside words. Runs of whitespace and
  control characters become one placeholder character no query term contains, so a
  phrase never spans them; a placeholder also ends the text, so every character begins
  a bigram and a one-character term is a `prefix` query.
* `codes` holds the 统一社会信用代码 and 文号 found in the text (keywords, exact): a query
  term that is a whole code is looked up there, as the embedded backend does with its
  exact tokens.

The bigram fields are left out of `_source`: they are derived, and search results are
built from `_source`.
"""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch_dsl import Date, Document, Keyword, Long, MetaField, Object, ScaledFloat, Text

from ..text import normalize
from .base import MAX_RESULT_WINDOW, SearchDocument
from .codes import codes_in

PLACEHOLDER = "\ue000"  # private use: never in a query term
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")

TEXT_ANALYZER = "casemgmt_text"
TEXT_SEARCH_ANALYZER = "casemgmt_text_search"
# SEARCH_ANALYZER → (index-time analyzer, search-time analyzer) definitions.
LANGUAGE_ANALYZERS = {
    "cjk": ({"type": "cjk", "stopwords": "_none_"}, {"type": "cjk", "stopwords": "_none_"}),
    "ik_max_word": ({"type": "custom", "tokenizer": "ik_max_word"}, {"type": "custom", "tokenizer": "ik_smart"}),
    "smartcn": ({"type": "smartcn"}, {"type": "smartcn"}),
}


def grams(normalised: str, *, closed: bool = True) -> str:
    """The text as space-separated character bigrams (see the module docstring).

    `closed` appends the end placeholder (documents); query terms are left open.
    """
    text = _BREAKS.sub(PLACEHOLDER, normalised)
    if closed:
        text += PLACEHOLDER
    return " ".join(text[i : i + 2] for i in range(len(text) - 1))


def query_term(term: str) -> str:
    """A normalised query term with control characters mapped as documents map them."""
    return _BREAKS.sub(PLACEHOLDER, term)


def document_id(type: str, id: int) -> str:
    return f"{type}:{id}"


class SearchEntry(Document):
    doc_type = Keyword()
    object_id = Long()
    title = Text(analyzer=TEXT_ANALYZER, search_analyzer=TEXT_SEARCH_ANALYZER)
    body = Text(analyzer=TEXT_ANALYZER, search_analyzer=TEXT_SEARCH_ANALYZER)
    title_grams = Text(analyzer="whitespace", norms=False)
    body_grams = Text(analyzer="whitespace", norms=False)
    codes = Keyword()
    state = Keyword()
    state_label = Keyword(index=False)
    jurisdiction = Keyword()
    violation_type = Keyword()
    date = Date(format="yyyy-MM-dd")
    year = Keyword()
    url = Keyword(index=False)
    amount = ScaledFloat(scaling_factor=100)
    # Shown, never searched: free-form values must not be able to break the mapping.
    extra = Object(enabled=False)
    content_hash = Keyword()

    class Meta:
        dynamic = MetaField("strict")
        source = MetaField({"excludes": ["title_grams", "body_grams"]})

    @classmethod
    def from_document(cls, document: SearchDocument, index: str) -> "SearchEntry":
        title, body = normalize(document.title), normalize(document.body)
        return cls(
            meta={"id": document_id(document.type, document.id), "index": index},
            doc_type=document.type,
            object_id=document.id,
            title=document.title,
            body=document.body,
            title_grams=grams(title),
            body_grams=grams(body),
            codes=sorted(codes_in(title + "\n" + body)),
            state=document.state,
            state_label=document.state_label,
            jurisdiction=document.jurisdiction,
            # Absent rather than "": the facet counts only documents that have a violation type.
            violation_type=document.violation_type or None,
            date=document.date,
            year=str(document.date.year) if document.date else None,
            url=document.url,
            amount=document.amount,
            extra=document.extra,
            content_hash=document.content_hash,
        )


def language_analyzer() -> str:
    name = getattr(settings, "SEARCH_ANALYZER", "cjk") or "cjk"
    if name not in LANGUAGE_ANALYZERS:
        known = ", ".join(LANGUAGE_ANALYZERS)
        raise ImproperlyConfigured(f"SEARCH_ANALYZER={name!r} is not supported; choose one of: {known}.")
    return name


def index_settings(*, building: bool = False) -> dict:
    """Settings of a new index. While it is built it is not refreshed (bulk loads faster)."""
    index_time, search_time = LANGUAGE_ANALYZERS[language_analyzer()]
    values = {
        "number_of_shards": 1,
        "number_of_replicas": int(getattr(settings, "SEARCH_ES_REPLICAS", 0)),
        "max_result_window": MAX_RESULT_WINDOW,
        "analysis": {"analyzer": {TEXT_ANALYZER: index_time, TEXT_SEARCH_ANALYZER: search_time}},
    }
    if building:
        values["refresh_interval"] = "-1"
    return values
