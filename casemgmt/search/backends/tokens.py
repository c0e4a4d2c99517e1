"""Index tokens of the embedded backend, and which tokens a query term needs.

Text is cut into runs of letters and digits (CJK ideographs and Latin alike; punctuation
and spaces end a run). Every character of a run is a unigram token and every adjacent
pair inside a run a bigram token. Codes get one extra exact token each ("=" + code, a
namespace no n-gram can collide with): 统一社会信用代码 and resident ID numbers (18
letters/digits) and 文号 such as 晋市监罚〔2026〕12号.

The contract: for every query term, `term_plan(term).tokens` is a set that every document
containing the term as a substring also carries. The index therefore never loses a hit; it
may over-select (a document with 光电 and 电科 but not 光电科), which the backend removes by
checking the substring itself — unless the plan is `exact`, in which case the tokens alone
are already equivalent to the substring (one run of one or two characters, or a whole code).

Latin and digit runs are n-grammed like Chinese rather than indexed as whole words, so that
a partial code (the last digits of a credit code, "MA0K", "2026") matches exactly as a
`LIKE '%q%'` would; whole codes still resolve through one exact token.
"""

import re
from dataclasses import dataclass

# Unicode letters and digits, without the underscore \w also matches.
RUN = re.compile(r"[^\W_]+")
CODE_PREFIX = "="
MAX_TOKEN_LENGTH = 64
# A long term needs only some of its bigrams to find candidates; the substring check does
# the rest. Fewer posting lists to intersect keeps long queries as fast as short ones.
MAX_TOKENS_PER_TERM = 8

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# 18 characters from the GB 32100 alphabet (which includes every digit and x, so resident
# ID numbers qualify too): 2 registration characters, a 6-digit area code, 10 more.
_CREDIT_CODE = r"[0-9a-hj-npqrtuwxy]{2}[0-9]{6}[0-9a-hj-npqrtuwxy]{10}"
CREDIT_CODE = re.compile(_CREDIT_CODE)
_ASCII_ALNUM_RUN = re.compile(r"[0-9a-z]{18,}")
# 文号: issuer abbreviation, year in brackets, serial number, 号. After NFKC the full-width
# brackets （） and ［］ become ( ) and [ ]; 〔〕 and 【】 stay as they are.
_OPEN, _CLOSE = r"[〔\[(【]", r"[〕\])】]"
_DOCUMENT_NUMBER_TAIL = re.compile(rf"{_OPEN}[0-9]{{4}}{_CLOSE}[0-9]{{1,6}}号")
_DOCUMENT_NUMBER = re.compile(rf"[{_CJK}]{{1,12}}{_OPEN}[0-9]{{4}}{_CLOSE}[0-9]{{1,6}}号")
_ISSUER_CHAR = re.compile(rf"[{_CJK}]")
MAX_ISSUER_LENGTH = 12


@dataclass(frozen=True)
class TermPlan:
    tokens: tuple[str, ...]
    exact: bool  # the tokens alone decide the match; no substring check needed


def is_code(term: str) -> bool:
    return bool(CREDIT_CODE.fullmatch(term) or _DOCUMENT_NUMBER.fullmatch(term))


def _code_tokens(text: str) -> set[str]:
    tokens = set()
    # Every 18-character window of a longer letter/digit run is tried, so a code glued to
    # other characters is still found by its exact token.
    for match in _ASCII_ALNUM_RUN.finditer(text):
        run = match.group()
        for start in range(len(run) - 17):
            window = run[start : start + 18]
            if CREDIT_CODE.fullmatch(window):
                tokens.add(CODE_PREFIX + window)
    # Each 文号 is indexed with every possible issuer prefix (the last 1..12 ideographs
    # before the bracket), since the text before it may run on: "局晋市监罚〔2026〕12号".
    for match in _DOCUMENT_NUMBER_TAIL.finditer(text):
        issuer_start = match.start()
        while issuer_start > 0 and match.start() - issuer_start < MAX_ISSUER_LENGTH:
            if not _ISSUER_CHAR.match(text, issuer_start - 1):
                break
            issuer_start -= 1
            tokens.add(CODE_PREFIX + text[issuer_start : match.end()])
    return {token for token in tokens if len(token) <= MAX_TOKEN_LENGTH}


def codes_in(normalised_text: str) -> set[str]:
    """The codes of an already normalised text as exact tokens see them (without the prefix):
    a whole-code query term occurs in the text exactly when it is one of these."""
    return {token.removeprefix(CODE_PREFIX) for token in _code_tokens(normalised_text)}


def document_tokens(normalised_text: str) -> set[str]:
    """Every token of an already normalised text (title and body joined by a newline)."""
    tokens = set()
    for run in RUN.findall(normalised_text):
        tokens.update(run)
        tokens.update(run[i : i + 2] for i in range(len(run) - 1))
    tokens.update(_code_tokens(normalised_text))
    return tokens


def _spread(tokens: list[str], limit: int) -> list[str]:
    """`limit` tokens spread evenly over the term, first and last included."""
    if len(tokens) <= limit:
        return tokens
    step = (len(tokens) - 1) / (limit - 1)
    return [tokens[round(i * step)] for i in range(limit)]


def term_plan(term: str) -> TermPlan:
    """The tokens a normalised, whitespace-free query term needs (see the module docstring)."""
    if is_code(term):
        return TermPlan(tokens=(CODE_PREFIX + term,), exact=True)
    runs = RUN.findall(term)
    bigrams, unigrams = [], []
    for run in runs:
        if len(run) == 1:
            unigrams.append(run)
        else:
            bigrams.extend(run[i : i + 2] for i in range(len(run) - 1))
    # Bigrams first: they are far more selective than single characters.
    ordered = list(dict.fromkeys(_spread(list(dict.fromkeys(bigrams)), MAX_TOKENS_PER_TERM) + unigrams))
    exact = len(runs) == 1 and runs[0] == term and len(term) <= 2
    return TermPlan(tokens=tuple(ordered[:MAX_TOKENS_PER_TERM]), exact=exact)
