"""Generating valid identifiers (demo data and tests): the check digit comes from python-stdnum."""

import random

from stdnum.cn import ric, uscc

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_credit_code(rng: random.Random, region: str = "140500", kind: str = "91") -> str:
    """A 统一社会信用代码 with a correct check digit: 91 = enterprise, 92 = individual business."""
    body = kind + region + "".join(rng.choice(_USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_id_number(rng: random.Random, region: str = "140502") -> str:
    year = rng.randint(1960, 2000)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = f"{region}{year:04d}{month:02d}{day:02d}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body)
