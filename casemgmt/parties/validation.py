"""Checks and masks for Chinese identifiers (python-stdnum does the check-digit arithmetic)."""

import datetime as dt

from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

# Area codes printed on residents' cards that python-stdnum's GB/T 2260 history (stdnum/cn/loc.dat,
# taken from Wikipedia's lists of division codes) lacks. A card keeps the code of the office that
# first issued it, so a code belongs here when cards carry it, whether or not GB/T 2260 lists it.
# - 140571 晋城经济技术开发区: residents' cards with this code are reported in issue 13; it is the
#   zone's code in 国家统计局《统计用区划代码》 (71 = development zone), the code the zone's
#   jurisdiction has in casemgmt/org/reference.py. Not checked here against an official list
#   (no network): confirm with the public-security household registry when extending this list.
AREA_CODE_SUPPLEMENT = {
    "140571": "晋城经济技术开发区",
}
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


def clean_credit_code(value: str) -> str:
    """Returns the compact 18-character 统一社会信用代码 or raises ValueError with a Chinese message."""
    try:
        return uscc.validate(value)
    except StdnumError:
        raise ValueError("统一社会信用代码无效（应为18位，且校验位正确）。") from None


def area_code_ever_existed(code: str) -> bool:
    """True when `code` was a county-level area code at any time (python-stdnum's history of GB/T
    2260, plus AREA_CODE_SUPPLEMENT)."""
    if code in AREA_CODE_SUPPLEMENT:
        return True
    found = numdb.get("cn/loc").info(code)
    # Each county entry reads "[start-end]name" (or "name"), several comma-separated when a code
    # was reused; any period counts.
    return any(props.get("county") for _, props in found)


def clean_id_number(value: str) -> str:
    """Returns the 18-character resident ID number (upper-case X) or raises ValueError with a
    Chinese message. Checked: length and digits, the check digit, a real birth date not in the
    future, and an area code that existed at some time. Not checked: that the area code existed in
    the birth year (python-stdnum's check): a card carries the code of the place and time it was
    first issued, so a person born in 1990 in what became 泽州县 in 1996 holds a 140525 number."""
    number = ric.compact(value or "")
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValueError("居民身份证号码无效：应为18位，前17位为数字，最后一位为数字或X。")
    if number[17] != ric.calc_check_digit(number):
        raise ValueError("居民身份证号码无效：校验位不正确，请核对。")
    try:
        born = ric.get_birth_date(number)
    except StdnumError:
        born = None
    if born is None or not EARLIEST_BIRTH_DATE <= born <= timezone.localdate():
        raise ValueError("居民身份证号码无效：出生日期不存在。")
    if not area_code_ever_existed(number[:6]):
        raise ValueError("居民身份证号码无效：前6位不是行政区划代码。")
    return number


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(value)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
