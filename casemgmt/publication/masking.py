"""Masking personal data in a text before it is published (行政处罚信息公示规定; DOMAIN §3c).

Pure functions: no database, no settings. `mask_personal_data` finds what must not be published
and returns the masked text with the spans it replaced; `published_equals_source_apart_from_masks`
checks the rule "the published text equals the decision apart from masked spans" and is called
before anything is published or corrected.

A span is `[start, end, category]` in the *source* text (end exclusive). Each span is replaced by
a fixed placeholder of its category (`replacement_for`), so the published text is a function of
the source and the spans alone and can be re-derived and compared at any time.

Rules, in the order they are tried (over-masking is the safe side; a reviewer can release a
false hit with `keep_terms` and add a missed one with `extra_terms`):

- 身份证号码: 18 characters (17 digits + digit/X) whose birth-date part is a real date, and
  15 digits with a real date (old numbers). The check digit is computed but not required: a
  mistyped number in a decision is still a person's number.
- 银行账号: runs of 16–19 digits (optionally grouped by spaces/hyphens), and any 8–30-digit
  number after 账号/账户/卡号 (organisations' accounts are shorter and are masked too).
- 电话号码: mobile numbers (1[3-9] + 9 digits, optional +86, grouping allowed), landlines with
  an area code (0356-2221234, （0356）2221234, 03562221234, extension included), and any 7–15-digit
  number after 电话/手机/联系方式/传真.
- 住址: the addresses given in `person_addresses` wherever they appear, and what follows
  住址/住所/家住/现住/户籍地/居住地 up to the next punctuation mark or space.
- 自然人姓名: every occurrence of `other_person_names` (≥ 2 characters), replaced by surname + 某.
- 健康信息: the clause (between punctuation marks) containing a phrase that describes a
  person's condition (患有, 病情, 诊断为, 住院治疗, 残疾证, 怀孕 …). Words naming products
  (药品, 医疗器械, 诊断试剂) are deliberately not triggers: enforcement decisions are often about
  such goods, and masking them would hide the offence rather than anyone's health.
- `personal_values`: exact values with their category (e.g. the party's registered phone).

`keep_terms` (the party's own name, the organisations' names, credit codes and registered
addresses, and what a reviewer releases) drop a hit lying entirely inside one of their
occurrences, but only a hit that may be something public: a name, a health clause, an extra term,
and an address after 住所/住所地 (the word for an organisation's seat, too). ID numbers, phones,
bank accounts and natural persons' addresses (those given in `person_addresses` or as values, and
what follows a word only a person's home takes: 住址, 家住, 户籍地 …) are masked whatever is kept:
an organisation registered at a person's home, or a kept term that happens to contain a number,
never publishes them. The one exception is `public_codes`: an organisation's 统一社会信用代码
exactly as registered (an all-digit code has the shape of a bank account) is not personal data.
Overlapping spans merge.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
ADDRESS = "address"
PERSON_NAME = "person_name"
HEALTH = "health"
OTHER = "other"

CATEGORY_LABELS = {
    ID_NUMBER: "身份证号码",
    PHONE: "电话号码",
    BANK_ACCOUNT: "银行账号",
    ADDRESS: "住址",
    PERSON_NAME: "自然人姓名",
    HEALTH: "健康信息",
    OTHER: "其他个人信息",
}
PLACEHOLDERS = {category: f"［{label}已隐去］" for category, label in CATEGORY_LABELS.items()}

# Two-character surnames keep both characters before 某 (欧阳某, not 欧某).
_COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 令狐 夏侯 端木 独孤 南宫 西门 澹台 呼延 申屠 钟离"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES.split(" "))
MIN_NAME_LENGTH = 2
MIN_TERM_LENGTH = 2
MIN_VALUE_LENGTH = 4

_D = "0-9０-９"  # digits, half- and full-width
_ALNUM = f"{_D}A-Za-zＡ-Ｚａ-ｚ"
_FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")

_ID18 = re.compile(rf"(?<![{_ALNUM}])[1-9１-９][{_D}]{{16}}[{_D}XxＸｘ](?![{_ALNUM}])")
_ID15 = re.compile(rf"(?<![{_ALNUM}])[1-9１-９][{_D}]{{14}}(?![{_ALNUM}])")
_GROUPED_DIGITS = re.compile(rf"(?<![{_ALNUM}])[{_D}]{{4}}(?:[ \-]?[{_D}]{{1,4}}){{3,4}}(?![{_ALNUM}])")
_MOBILE = re.compile(rf"(?<![{_ALNUM}+＋])(?:[+＋]?86[ \-]?)?1[3-9３-９][{_D}](?:[ \-]?[{_D}]{{4}}){{2}}(?![{_ALNUM}])")
_LANDLINE = re.compile(
    rf"(?<![{_ALNUM}])"
    rf"(?:[（(]0[{_D}]{{2,3}}[）)][ ]?|0[{_D}]{{2,3}}[ \-—]|010|02[{_D}]|0[3-9３-９][{_D}]{{2}})"
    rf"[{_D}]{{7,8}}(?:(?:转|-|—|ext\.?)[{_D}]{{1,6}})?(?![{_ALNUM}])"
)
_NUMBER_AFTER = r"[：:\s为是]{0,3}"
_ACCOUNT_AFTER_KEYWORD = re.compile(
    rf"(?:银行账号|银行帐号|银行卡号|开户账号|账号|帐号|账户|帐户|卡号){_NUMBER_AFTER}"
    rf"(?P<value>[{_D}](?:[{_D} \-]{{6,40}})[{_D}])(?![{_ALNUM}])"
)
_PHONE_AFTER_KEYWORD = re.compile(
    rf"(?:联系电话|联系方式|手机号码|手机号|电话号码|电话|手机|座机|传真|Tel|TEL|tel){_NUMBER_AFTER}"
    rf"(?P<value>[+＋{_D}（(](?:[{_D} \-—（）()]{{5,24}})[{_D}])(?![{_ALNUM}])"
)
_ADDRESS_AFTER_KEYWORD = re.compile(
    r"(?P<keyword>现住址|现住所|住所地|户籍所在地|户籍地址|户籍地|经常居住地|居住地址|居住地|家庭住址|住址|住所|家住|现住)"
    r"[：:\s为是在于]{0,3}(?P<value>[^，,。；;、！!？?\s（）()“”\"]{2,80})"
)
# Words for an organisation's seat as well as a person's home: what follows may be kept.
SEAT_KEYWORDS = frozenset({"住所", "住所地"})
# Categories no kept term releases (a natural person's address is protected by where it was found).
NEVER_KEPT = frozenset({ID_NUMBER, PHONE, BANK_ACCOUNT})
HEALTH_TRIGGERS = (
    "患有",
    "罹患",
    "患病",
    "病情",
    "病历",
    "病史",
    "诊断为",
    "诊断证明",
    "确诊",
    "住院治疗",
    "住院期间",
    "残疾证",
    "伤残等级",
    "精神疾病",
    "传染病",
    "怀孕",
    "妊娠期",
    "身体状况",
    "健康状况",
    "体检报告",
)
_HEALTH = re.compile("|".join(map(re.escape, HEALTH_TRIGGERS)))
_CLAUSE_BREAKS = "，,。；;！!？?\n\r"
MAX_CLAUSE_REACH = 80


@dataclass(frozen=True)
class MaskResult:
    text: str
    spans: list  # [[start, end, category], ...] in the source text, sorted, non-overlapping


def replacement_for(category: str, original: str) -> str:
    """What a masked span reads as in the published text: surname + 某 for a name, otherwise
    the category's placeholder."""
    if category == PERSON_NAME:
        surname = original[:2] if original[:2] in COMPOUND_SURNAMES else original[:1]
        return f"{surname}某"
    return PLACEHOLDERS[category]


def apply_masks(source: str, spans: Iterable) -> str:
    """The source with each span replaced by its placeholder (spans sorted, non-overlapping)."""
    parts, position = [], 0
    for start, end, category in spans:
        parts.append(source[position:start])
        parts.append(replacement_for(category, source[start:end]))
        position = end
    parts.append(source[position:])
    return "".join(parts)


def spans_are_well_formed(source: str, spans) -> bool:
    if not isinstance(spans, (list, tuple)):
        return False
    position = 0
    for span in spans:
        if not isinstance(span, (list, tuple)) or len(span) != 3:
            return False
        start, end, category = span
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            return False
        if category not in PLACEHOLDERS or not position <= start < end <= len(source):
            return False
        position = end
    return True


def published_equals_source_apart_from_masks(source: str, published: str, spans) -> bool:
    """True when `published` is exactly `source` with each span replaced by its category's
    placeholder: nothing added, dropped or changed outside the spans, nothing but the
    placeholder inside them. Malformed spans (unsorted, overlapping, out of range, unknown
    category) make it False."""
    if not isinstance(source, str) or not isinstance(published, str):
        return False
    if not spans_are_well_formed(source, spans):
        return False
    return apply_masks(source, spans) == published


def mask_personal_data(
    text: str,
    *,
    other_person_names: Iterable[str] = (),
    person_addresses: Iterable[str] = (),
    personal_values: Iterable[tuple[str, str]] = (),
    extra_terms: Iterable[str] = (),
    keep_terms: Iterable[str] = (),
    public_codes: Iterable[str] = (),
) -> MaskResult:
    """Mask the personal data in `text` (see the module docstring for the rules)."""
    protected: list[tuple[int, int, str]] = []  # never released by a kept term
    releasable: list[tuple[int, int, str]] = []
    protected += _id_numbers(text)
    protected += _bank_accounts(text)
    protected += _phones(text)
    for start, end, keyword in _addresses_after_keyword(text):
        (releasable if keyword in SEAT_KEYWORDS else protected).append((start, end, ADDRESS))
    releasable += _health_clauses(text)
    protected += _occurrences(text, _usable(person_addresses, MIN_VALUE_LENGTH), ADDRESS)
    releasable += _occurrences(text, _usable(other_person_names, MIN_NAME_LENGTH), PERSON_NAME)
    releasable += _occurrences(text, _usable(extra_terms, MIN_TERM_LENGTH), OTHER)
    for value, category in personal_values:
        if category in PLACEHOLDERS:
            found = _occurrences(text, _usable([value], MIN_VALUE_LENGTH), category)
            (protected if category in NEVER_KEPT or category == ADDRESS else releasable).extend(found)

    kept = [(s, e) for s, e, _ in _occurrences(text, _usable(keep_terms, MIN_TERM_LENGTH), OTHER)]
    releasable = [c for c in releasable if not any(ks <= c[0] and c[1] <= ke for ks, ke in kept)]
    codes = {code.strip() for code in public_codes if isinstance(code, str) and code.strip()}
    protected = [c for c in protected if not (c[2] in (BANK_ACCOUNT, ID_NUMBER) and text[c[0] : c[1]] in codes)]
    spans = _merge(protected + releasable)
    return MaskResult(text=apply_masks(text, spans), spans=[list(span) for span in spans])


# Mobile network prefixes in use (13x, 145–149, 15x but 154, 162/165–167, 170–178, 18x, 19x but
# 194): staff records are full of 11-digit numbers starting with 1 (执法证号 14050019001) that
# are not phones. Publication masks any 1[3-9] number (over-masking is its safe side); redacting
# staff output checks the prefix so that such identifiers stay readable.
_MOBILE_PREFIX = re.compile(r"1(?:3\d|4[5-9]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])")


def is_mobile_number(value: str) -> bool:
    digits = "".join(ch for ch in _ascii(value) if ch.isdigit())
    return bool(_MOBILE_PREFIX.match(digits[-11:])) and len(digits) in (11, 13)


def personal_number_spans(text: str) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping spans of the numbers that identify or reach a person: resident ID
    numbers, bank accounts and mobile numbers (the categories no kept term releases, landlines
    aside: an office's landline is not personal). Used by casemgmt.privacy to redact staff output."""
    found = _id_numbers(text) + _bank_accounts(text)
    found += [(m.start(), m.end(), PHONE) for m in _MOBILE.finditer(text) if is_mobile_number(m.group())]
    return _merge(found)


# --- rules -------------------------------------------------------------------------------------


def _ascii(value: str) -> str:
    return value.translate(_FULLWIDTH)


def _real_date(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2099:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def id_check_digit(first17: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character of an 18-digit resident ID number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def looks_like_id_number(token: str) -> bool:
    """A resident ID number by shape and birth date (18 or 15 characters)."""
    value = _ascii(token).upper()
    if len(value) == 18 and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X"):
        return _real_date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    if len(value) == 15 and value.isdigit():
        return _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    return False


def _id_numbers(text: str) -> list:
    found = []
    for pattern in (_ID18, _ID15):
        found += [(m.start(), m.end(), ID_NUMBER) for m in pattern.finditer(text) if looks_like_id_number(m.group())]
    return found


def _digit_count(value: str) -> int:
    return sum(ch.isdigit() for ch in _ascii(value))


def _bank_accounts(text: str) -> list:
    found = []
    for m in _GROUPED_DIGITS.finditer(text):
        if 16 <= _digit_count(m.group()) <= 19 and not looks_like_id_number(m.group()):
            found.append((m.start(), m.end(), BANK_ACCOUNT))
    for m in _ACCOUNT_AFTER_KEYWORD.finditer(text):
        if 8 <= _digit_count(m.group("value")) <= 30:
            found.append((m.start("value"), m.end("value"), BANK_ACCOUNT))
    return found


def _phones(text: str) -> list:
    found = [(m.start(), m.end(), PHONE) for pattern in (_MOBILE, _LANDLINE) for m in pattern.finditer(text)]
    for m in _PHONE_AFTER_KEYWORD.finditer(text):
        if 7 <= _digit_count(m.group("value")) <= 15:
            found.append((m.start("value"), m.end("value"), PHONE))
    return found


def _addresses_after_keyword(text: str) -> list[tuple[int, int, str]]:
    """(start, end, keyword) of what follows an address keyword."""
    return [(m.start("value"), m.end("value"), m.group("keyword")) for m in _ADDRESS_AFTER_KEYWORD.finditer(text)]


def _health_clauses(text: str) -> list:
    found = []
    for m in _HEALTH.finditer(text):
        start = m.start()
        floor = max(0, start - MAX_CLAUSE_REACH)
        while start > floor and text[start - 1] not in _CLAUSE_BREAKS:
            start -= 1
        end = m.end()
        ceiling = min(len(text), end + MAX_CLAUSE_REACH)
        while end < ceiling and text[end] not in _CLAUSE_BREAKS:
            end += 1
        while start < m.start() and text[start].isspace():
            start += 1
        found.append((start, end, HEALTH))
    return found


def _usable(values: Iterable[str], min_length: int) -> list[str]:
    cleaned = {value.strip() for value in values if isinstance(value, str)}
    # Longest first, so that 张三丰 is found as itself and not as 张三 followed by 丰.
    return sorted((v for v in cleaned if len(v) >= min_length), key=lambda v: (-len(v), v))


def _occurrences(text: str, values: list[str], category: str) -> list:
    found = []
    for value in values:
        start = text.find(value)
        while start != -1:
            found.append((start, start + len(value), category))
            start = text.find(value, start + len(value))
    return found


def _merge(candidates: list) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping spans; overlapping candidates become one span carrying the
    category of the longest of them."""
    merged: list[list] = []
    for start, end, category in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end - start > last[3]:
                last[2], last[3] = category, end - start
            last[1] = max(last[1], end)
            continue
        merged.append([start, end, category, end - start])
    return [(start, end, category) for start, end, category, _ in merged]
