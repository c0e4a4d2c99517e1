"""Codes in text: 统一社会信用代码 (and resident ID numbers, which share their shape) and 文号
such as 晋市监罚〔2026〕12号.

The Elasticsearch backend keeps the codes of each document as keywords, so that a query
term that is a whole code is an exact lookup (`is_code`, `codes_in`). The embedded backend
needs no such help: its positional bigrams find any substring exactly.
"""

import re

CODE_PREFIX = "="
MAX_TOKEN_LENGTH = 64

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
