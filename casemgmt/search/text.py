"""Text normalisation and highlighting, shared by every backend.

Matching is defined on normalised text: each character is NFKC-normalised and lowercased
on its own. Doing it per character (rather than on the whole string) keeps a position map
from normalised back to original text, so highlights mark exactly what matched, and
full-width forms (ＬＤ３００, 全角空格) match their ordinary forms.
"""

import re
import unicodedata

from django.utils.html import escape

SNIPPET_LENGTH = 120
SNIPPET_CONTEXT_BEFORE = 30
_WHITESPACE = re.compile(r"\s+")


class _NormalisationTable(dict):
    """str.translate table filled lazily: each distinct character is normalised once."""

    def __missing__(self, codepoint: int) -> str:
        normalised = unicodedata.normalize("NFKC", chr(codepoint)).lower()
        self[codepoint] = normalised
        return normalised


_TABLE = _NormalisationTable()


def normalize(text: str) -> str:
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


def query_terms(text: str) -> list[str]:
    """The whitespace-separated words of a query, normalised, duplicates dropped (all must match)."""
    terms = []
    for term in normalize(text).split():
        if term not in terms:
            terms.append(term)
    return terms


def _normalize_with_positions(text: str, normalised: str | None = None) -> tuple[str, list[int] | range]:
    """The normalised text (computed unless given) and, for each of its characters, the
    position of the original character it comes from."""
    if normalised is None:
        normalised = normalize(text)
    # No character normalises to nothing, so equal lengths mean one character for one (the
    # common case) and the positions are the identity; only ﬁ → fi, ㈱ → (株) and the like
    # need the map built.
    if len(normalised) == len(text):
        return normalised, range(len(text))
    parts, positions = [], []
    for index, char in enumerate(text):
        normalised = _TABLE[ord(char)]
        parts.append(normalised)
        positions.extend([index] * len(normalised))
    return "".join(parts), positions


def match_spans(text: str, terms: list[str], normalised: str | None = None) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) spans of `text` (original positions) where any term occurs.
    `normalised` is `normalize(text)` where the caller has it already."""
    if not text or not terms:
        return []
    normalised, positions = _normalize_with_positions(text, normalised)
    spans = []
    for term in terms:
        start = normalised.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((positions[start], positions[end - 1] + 1))
            start = normalised.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _escaped(text: str) -> str:
    return _WHITESPACE.sub(" ", escape(text))


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_LENGTH, normalised: str | None = None) -> str | None:
    """About `length` characters around the first match, HTML-escaped, each match in <mark>.

    None when no term occurs in `text`. `normalised` is `normalize(text)` if already known.
    """
    spans = match_spans(text, terms, normalised)
    if not spans:
        return None
    first_start, first_end = spans[0]
    start = max(0, first_start - SNIPPET_CONTEXT_BEFORE)
    end = min(len(text), max(start + length, first_end))
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start >= end:
            break
        # A match cut by the window edge is shown whole rather than half-marked.
        end = max(end, span_end)
        out.append(_escaped(text[cursor:span_start]))
        out.append(f"<mark>{_escaped(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(_escaped(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def leading_text(text: str, *, length: int = SNIPPET_LENGTH) -> str:
    """The escaped start of `text`, for hits shown without a query (filters only)."""
    head = _escaped(text[:length]).strip()
    return head + ("…" if len(text) > length else "")


def highlight(
    title: str, body: str, terms: list[str], *, title_norm: str | None = None, body_norm: str | None = None
) -> str:
    """The snippet shown under a hit: from the body when it matches, else from the title.
    The normalised texts may be given where they are stored (they are computed otherwise)."""
    return (
        snippet(body, terms, normalised=body_norm)
        or snippet(title, terms, normalised=title_norm)
        or leading_text(body or title)
    )
