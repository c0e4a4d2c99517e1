"""Document numbers (文号) as people type them: the year's brackets are 〔〕 (DOMAIN §8), but a
search box gets [], (), （）, 【】, ［］ or no brackets at all. `canonical_document_numbers` rewrites
every number in a text to the issued spelling, so a lookup finds 晋市监罚〔2026〕2号 whichever way
it was typed; the public penalty search (API and page alike) reads its query through it."""

import re

_OPEN = "〔[(（【［{｛<《"
_CLOSE = "〕])）】］}｝>》"
_YEAR = r"((?:19|20)\d{2})"
# An issuer abbreviation (Chinese characters) right before the year.
_AFTER_ISSUER = r"(?<=[\u4e00-\u9fff])\s*"

_BRACKETED = re.compile(_AFTER_ISSUER + f"[{re.escape(_OPEN)}]\\s*{_YEAR}\\s*[{re.escape(_CLOSE)}](?:\\s+(?=\\d))?")
_BARE = re.compile(_AFTER_ISSUER + _YEAR + r"\s*(\d{1,6})\s*号")


def canonical_document_numbers(text: str) -> str:
    """`text` with each document number's year in 〔〕 and no spaces inside the number."""
    text = _BRACKETED.sub(lambda m: f"〔{m.group(1)}〕", text or "")
    return _BARE.sub(lambda m: f"〔{m.group(1)}〕{m.group(2)}号", text)
