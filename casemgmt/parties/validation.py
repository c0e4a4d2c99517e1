"""Checks and masks for Chinese identifiers (python-stdnum does the check-digit arithmetic)."""

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def clean_credit_code(value: str) -> str:
    """Returns the compact 18-character 统一社会信用代码 or raises ValueError with a Chinese message."""
    try:
        return uscc.validate(value)
    except StdnumError:
        raise ValueError("统一社会信用代码无效（应为18位，且校验位正确）。") from None


def clean_id_number(value: str) -> str:
    try:
        return ric.validate(value).upper()
    except (StdnumError, KeyError):  # stdnum raises KeyError for some area codes it half-knows
        raise ValueError("居民身份证号码无效（应为18位，出生日期与校验位正确）。") from None


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
