"""The packed index of the embedded backend: one immutable, memory-mapped snapshot of the
documents, built in bulk and searched with numpy.

Layout
------
Documents are numbered in the order (jurisdiction, date newest first, object id highest
first, type); each jurisdiction is one contiguous *partition*, so a county's search reads
only its own postings. A partition's text is the normalised title and body of each of
its documents, one after the other, each followed by a newline, as one array of code
points. Stored per partition:

* the text itself, as code points (2 bytes each where the partition has no character
  beyond the BMP);
* bigram postings: for every pair of adjacent non-whitespace characters, the sorted
  positions where it starts, with the document of each. A term of two or more characters
  is looked up by its rarest bigram; every other character is then compared at its place
  in the text, all candidates at once (a gather, not a search), so the work is bounded by
  the rarest bigram's list and hits equal a `LIKE '%q%'` scan exactly;
* unigram postings: for every non-whitespace character, the sorted documents that hold
  it (and, separately, those holding it in the title): one-character terms.

Per document: primary key, facet codes, date and object id (for ranking and merging),
and where its text and title start and end.

The snapshot is written once (`build_snapshot`) into a fresh directory of .npy files and
never changed; `PackedSnapshot` opens it with `mmap_mode="r"`, so processes share the
pages through the operating system's cache and opening costs almost nothing. What changed
since it was built is the database's business (see `embedded`).
"""

import datetime
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FORMAT_VERSION = 2
_SHIFT = 21  # every code point is below 2**21: two fit one uint64 bigram key
_META = "meta.json"
_FACET_COLUMNS = ("doc_type", "state", "jurisdiction", "violation_type", "year")


@dataclass(frozen=True)
class PackedDocument:
    """What the packed index needs of one indexed document (text already normalised)."""

    pk: int
    doc_type: str
    object_id: int
    title: str
    body: str
    state: str
    jurisdiction: str
    violation_type: str
    date_ordinal: int  # date.toordinal(), 0 when the document has no date


def _whitespace_mask(codes: np.ndarray) -> np.ndarray:
    distinct = np.unique(codes)
    spaces = np.array([c for c in distinct.tolist() if chr(c).isspace()], dtype=codes.dtype)
    return np.isin(codes, spaces)


def _group(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort (key, value) pairs by key, keeping values in order within a key: (distinct keys,
    offsets into values, values)."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    distinct, starts = np.unique(keys, return_index=True)
    offsets = np.append(starts, len(keys)).astype(np.int64)
    return distinct, offsets, values


def _unique_pairs(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (key, doc) pairs grouped by key, docs ascending within a key."""
    pairs = np.unique((keys.astype(np.uint64) << np.uint64(32)) | docs.astype(np.uint64))
    grouped_keys = (pairs >> np.uint64(32)).astype(np.uint32)
    distinct, starts = np.unique(grouped_keys, return_index=True)
    offsets = np.append(starts, len(pairs)).astype(np.int64)
    return distinct, offsets, (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def _build_partition(documents: list[PackedDocument], directory: Path, name: str) -> None:
    text = "".join(f"{doc.title}\n{doc.body}\n" for doc in documents)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.array([len(doc.title) + len(doc.body) + 2 for doc in documents], dtype=np.int64)
    starts = np.zeros(len(documents) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    title_ends = starts[:-1] + np.array([len(doc.title) for doc in documents], dtype=np.int64)
    position_type = np.uint32 if len(codes) < 2**32 else np.int64

    space = _whitespace_mask(codes)
    pair_ok = ~space[:-1] & ~space[1:]
    positions = np.flatnonzero(pair_ok).astype(position_type)
    keys = (codes[:-1].astype(np.uint64) << np.uint64(_SHIFT)) | codes[1:].astype(np.uint64)
    bigram_keys, bigram_offsets, bigram_positions = _group(keys[pair_ok], positions)
    del keys, positions, pair_ok
    doc_of = np.repeat(np.arange(len(documents), dtype=np.uint32), lengths)
    bigram_docs = doc_of[bigram_positions]
    char_ok = ~space
    unigram_keys, unigram_offsets, unigram_docs = _unique_pairs(codes[char_ok], doc_of[char_ok])
    in_title = np.arange(len(codes), dtype=np.int64) < np.repeat(title_ends, lengths)
    title_ok = char_ok & in_title
    title_keys, title_offsets, title_docs = _unique_pairs(codes[title_ok], doc_of[title_ok])

    text_type = np.uint16 if len(codes) and int(codes.max()) < 2**16 else np.uint32
    arrays = {
        "text": codes.astype(text_type),
        "starts": starts,
        "title_ends": title_ends.astype(position_type),
        "bigram_keys": bigram_keys,
        "bigram_offsets": bigram_offsets,
        "bigram_positions": bigram_positions,
        "bigram_docs": bigram_docs,
        "unigram_keys": unigram_keys,
        "unigram_offsets": unigram_offsets,
        "unigram_docs": unigram_docs,
        "title_keys": title_keys,
        "title_offsets": title_offsets,
        "title_docs": title_docs,
    }
    for array_name, array in arrays.items():
        np.save(directory / f"{name}.{array_name}.npy", array)


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    vocabulary = sorted(set(values))
    index = {value: i for i, value in enumerate(vocabulary)}
    # The narrowest type: facets gather one code per hit, and fewer bytes gather faster.
    dtype = np.uint8 if len(vocabulary) <= 2**8 else np.uint16 if len(vocabulary) <= 2**16 else np.int32
    return vocabulary, np.array([index[v] for v in values], dtype=dtype)


def build_snapshot(documents: Iterable[PackedDocument], directory: Path) -> int:
    """Write the packed index of `documents` into the (new, empty) `directory`; returns how
    many documents it holds."""
    directory.mkdir(parents=True)
    docs = sorted(documents, key=lambda d: (d.jurisdiction, -d.date_ordinal, -d.object_id, d.doc_type))
    meta = {"version": FORMAT_VERSION, "documents": len(docs), "vocabularies": {}, "partitions": []}
    columns = {"pk": np.array([d.pk for d in docs], dtype=np.int64)}
    columns["object_id"] = np.array([d.object_id for d in docs], dtype=np.int64)
    columns["date_ordinal"] = np.array([d.date_ordinal for d in docs], dtype=np.int32)
    for column in _FACET_COLUMNS:
        if column == "year":
            values = [str(datetime.date.fromordinal(d.date_ordinal).year) if d.date_ordinal else "" for d in docs]
        else:
            values = [getattr(d, column) for d in docs]
        vocabulary, codes = _codes(values)
        meta["vocabularies"][column] = vocabulary
        columns[column] = codes
    # The global ranking order (date newest first, no date last, object id, type), as a number.
    type_codes = columns["doc_type"]
    order = np.lexsort((type_codes, -columns["object_id"], -columns["date_ordinal"].astype(np.int64)))
    rank = np.empty(len(docs), dtype=np.int64)
    rank[order] = np.arange(len(docs), dtype=np.int64)
    columns["rank"] = rank
    pk_order = np.argsort(columns["pk"], kind="stable")
    columns["pk_order"] = pk_order.astype(np.int64)
    columns["pk_sorted"] = columns["pk"][pk_order]
    for name, array in columns.items():
        np.save(directory / f"docs.{name}.npy", array)

    start = 0
    while start < len(docs):
        jurisdiction = docs[start].jurisdiction
        end = start
        while end < len(docs) and docs[end].jurisdiction == jurisdiction:
            end += 1
        name = f"p{len(meta['partitions'])}"
        _build_partition(docs[start:end], directory, name)
        meta["partitions"].append({"name": name, "jurisdiction": jurisdiction, "first": start, "end": end})
        start = end
    (directory / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return len(docs)


def _span(keys: np.ndarray, offsets: np.ndarray, key: int) -> tuple[int, int]:
    """[low, high) of `key`'s postings in the values grouped by `keys` (empty when absent)."""
    i = int(np.searchsorted(keys, key))
    if i == len(keys) or int(keys[i]) != key:
        return 0, 0
    return int(offsets[i]), int(offsets[i + 1])


def _postings(keys: np.ndarray, offsets: np.ndarray, values: np.ndarray, key: int) -> np.ndarray:
    low, high = _span(keys, offsets, key)
    return values[low:high]


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _mapped(path: Path) -> np.ndarray:
    # A plain ndarray view of the mapping: np.memmap's own indexing is several times slower.
    return np.load(path, mmap_mode="r").view(np.ndarray)


class Partition:
    def __init__(self, directory: Path, name: str, jurisdiction: str, first: int, end: int):
        self.jurisdiction, self.first, self.end = jurisdiction, first, end

        def load(array: str) -> np.ndarray:
            return _mapped(directory / f"{name}.{array}.npy")

        self.text, self.starts, self.title_ends = load("text"), load("starts"), load("title_ends")
        self.bigram_keys, self.bigram_offsets = load("bigram_keys"), load("bigram_offsets")
        self.bigram_positions, self.bigram_docs = load("bigram_positions"), load("bigram_docs")
        self.text_limit = 2**16 if self.text.dtype == np.uint16 else 2**32
        self.unigrams = (load("unigram_keys"), load("unigram_offsets"), load("unigram_docs"))
        self.title_unigrams = (load("title_keys"), load("title_offsets"), load("title_docs"))

    def match(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(the sorted, distinct documents containing `term`; those containing it in the title,
        possibly repeated), as global document numbers. `term` is normalised and holds no
        whitespace."""
        if len(term) == 1:
            docs = _postings(*self.unigrams, ord(term))
            in_title = _postings(*self.title_unigrams, ord(term))
            return docs.astype(np.int64) + self.first, in_title.astype(np.int64) + self.first
        codes = [ord(c) for c in term]
        if max(codes) >= self.text_limit:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        rarest = None
        for offset in range(len(term) - 1):
            low, high = _span(self.bigram_keys, self.bigram_offsets, (codes[offset] << _SHIFT) | codes[offset + 1])
            if low == high:
                return np.empty(0, np.int64), np.empty(0, np.int64)
            if rarest is None or high - low < rarest[2] - rarest[1]:
                rarest = (offset, low, high)
        offset, low, high = rarest
        starts, docs = self.bigram_positions[low:high], self.bigram_docs[low:high]
        if offset:
            inside = starts >= offset
            starts, docs = starts[inside] - starts.dtype.type(offset), docs[inside]
        if len(term) > 2:
            keep = np.ones(len(starts), dtype=bool)
            for j, code in enumerate(codes):
                if j not in (offset, offset + 1):
                    # Positions past the end clip to the final newline, which no term holds.
                    keep &= self.text.take(starts + starts.dtype.type(j), mode="clip") == code
            starts, docs = starts[keep], docs[keep]
        in_title = docs[starts < self.title_ends[docs]]
        return np.add(_distinct_sorted(docs), self.first, dtype=np.int64), np.add(in_title, self.first, dtype=np.int64)

    def everything(self) -> np.ndarray:
        return np.arange(self.first, self.end, dtype=np.int64)


class PackedSnapshot:
    """A built snapshot, opened read-only (memory-mapped)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        meta = json.loads((self.directory / _META).read_text(encoding="utf-8"))
        if meta["version"] != FORMAT_VERSION:
            raise ValueError(f"packed index format {meta['version']} is not {FORMAT_VERSION}; rebuild it")
        self.size = meta["documents"]
        self.vocabularies: dict[str, list[str]] = meta["vocabularies"]

        def load(array: str) -> np.ndarray:
            return _mapped(self.directory / f"docs.{array}.npy")

        self.pk, self.object_id, self.date_ordinal, self.rank = (
            load("pk"),
            load("object_id"),
            load("date_ordinal"),
            load("rank"),
        )
        self.pk_sorted, self.pk_order = load("pk_sorted"), load("pk_order")
        self.facet_codes = {column: load(column) for column in _FACET_COLUMNS}
        self.partitions = [
            Partition(self.directory, p["name"], p["jurisdiction"], p["first"], p["end"]) for p in meta["partitions"]
        ]

    def partitions_for(self, jurisdictions: frozenset[str] | None) -> list[Partition]:
        if jurisdictions is None:
            return self.partitions
        return [p for p in self.partitions if p.jurisdiction in jurisdictions]

    def codes_of(self, column: str, values: Iterable[str]) -> np.ndarray:
        index = {value: i for i, value in enumerate(self.vocabularies[column])}
        return np.array([index[v] for v in values if v in index], dtype=np.int32)

    def numbers_of(self, pks: Iterable[int]) -> np.ndarray:
        """Document numbers of those primary keys the snapshot holds, sorted."""
        pks = np.fromiter(pks, dtype=np.int64)
        if not len(pks) or not self.size:
            return np.empty(0, np.int64)
        index = np.searchsorted(self.pk_sorted, pks)
        np.minimum(index, self.size - 1, out=index)
        found = self.pk_sorted[index] == pks
        return np.sort(self.pk_order[index[found]])

    def holds(self, pks: Iterable[int]) -> set[int]:
        numbers = self.numbers_of(pks)
        return set(self.pk[numbers].tolist())

    def find(
        self,
        terms: list[str],
        *,
        jurisdictions: frozenset[str] | None = None,
        filters: dict[str, frozenset[str]] | None = None,
        date_from: int | None = None,
        date_to: int | None = None,
        excluded: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers holding every term, sorted; how many terms each has in its title).

        `jurisdictions` None means all; `filters` maps a facet column to the values allowed;
        dates are ordinals (documents without a date fail any date bound); `excluded` is a
        sorted array of document numbers left out (versions superseded since the build).
        """
        hits, title_hits = [], [[] for _ in terms]
        for partition in self.partitions_for(jurisdictions):
            if not terms:
                hits.append(partition.everything())
                continue
            docs = None
            for i, term in enumerate(terms):
                found, in_title = partition.match(term)
                docs = found if docs is None else np.intersect1d(docs, found, assume_unique=True)
                title_hits[i].append(in_title)
                if not len(docs):
                    break
            hits.append(docs)
        hits = np.concatenate(hits) if hits else np.empty(0, np.int64)
        keep = np.ones(len(hits), dtype=bool)
        for column, values in (filters or {}).items():
            keep &= np.isin(self.facet_codes[column][hits], self.codes_of(column, values))
        if date_from is not None or date_to is not None:
            dates = self.date_ordinal[hits]
            keep &= dates > 0
            if date_from is not None:
                keep &= dates >= date_from
            if date_to is not None:
                keep &= dates <= date_to
        if excluded is not None and len(excluded):
            keep &= ~np.isin(hits, excluded, assume_unique=True)
        hits = hits[keep]
        scores = np.zeros(len(hits), dtype=np.int64)
        in_title = np.zeros(self.size, dtype=bool)  # one flag per document: O(hits), no sorting
        for parts in title_hits:
            if parts:
                in_title[:] = False
                for part in parts:
                    in_title[part] = True
                scores += in_title[hits]
        return hits, scores

    def top(self, hits: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, int]]:
        """(document number, score) of the `k` best `hits` in ranking order: most terms in
        the title, then newest, …"""
        if not len(hits):
            return []
        key = (int(scores.max()) - scores) * self.size + self.rank[hits]
        if k < len(hits):
            chosen = np.argpartition(key, k - 1)[:k]
            chosen = chosen[np.argsort(key[chosen])]
        else:
            chosen = np.argsort(key)
        return list(zip(hits[chosen].tolist(), scores[chosen].tolist(), strict=True))

    def facets(self, hits: np.ndarray) -> dict[str, dict[str, int]]:
        """Counts of the hits (sorted document numbers) per value of each facet column (empty
        values left out)."""
        counts = {}
        # A partition is one jurisdiction: its count is how many hits fall in its range.
        bounds = np.searchsorted(hits, [p.first for p in self.partitions] + [self.size])
        counts["jurisdiction"] = {
            p.jurisdiction: int(n)
            for p, n in zip(self.partitions, np.diff(bounds), strict=True)
            if n and p.jurisdiction
        }
        for column in _FACET_COLUMNS:
            if column == "jurisdiction":
                continue
            vocabulary = self.vocabularies[column]
            tally = np.bincount(self.facet_codes[column][hits], minlength=len(vocabulary))
            counts[column] = {vocabulary[i]: int(tally[i]) for i in np.flatnonzero(tally) if vocabulary[i]}
        return counts


def directory_size(directory: Path) -> int:
    return sum(entry.stat().st_size for entry in os.scandir(directory) if entry.is_file())
