"""Valid resident ID numbers for tests that go through the registry's validation.

casemgmt.parties.codes.make_id_number is not used here: its numbers fail python-stdnum's check
(wrong check digit, and birth years before 城区's 1985 code), which the factories never notice
because they bypass validation."""

import random

from stdnum.cn import ric


def valid_id_number(rng: random.Random, region: str = "140502") -> str:
    body = f"{region}{rng.randint(1986, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    # calc_check_digit drops the last character: it expects a number with its check digit.
    return body + ric.calc_check_digit(body + "0")
