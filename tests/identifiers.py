"""Valid resident ID numbers for tests that go through the registry's validation.

Any birth year from 1986 on: the registry checks the check digit, the date and that the area code
ever existed, not that it existed in the birth year."""

import random

from stdnum.cn import ric


def valid_id_number(rng: random.Random, region: str = "140502") -> str:
    body = f"{region}{rng.randint(1986, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    # calc_check_digit drops the last character: it expects a number with its check digit.
    return body + ric.calc_check_digit(body + "0")
