"""Generating valid identifiers (demo data and tests): the check digit comes from python-stdnum."""

import random

from stdnum.cn import ric, uscc

from .validation import clean_id_number

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_credit_code(rng: random.Random, region: str = "140500", kind: str = "91") -> str:
    """A 统一社会信用代码 with a correct check digit: 91 = enterprise, 92 = individual business."""
    body = kind + region + "".join(rng.choice(_USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_id_number(rng: random.Random, region: str = "140502") -> str:
    """A resident ID number the registry accepts (clean_id_number), born 1997–2005; an area code
    that never existed falls back to 城区."""
    for _ in range(50):
        body = (
            f"{region}{rng.randint(1997, 2005):04d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{rng.randint(0, 999):03d}"
        )
        # calc_check_digit expects the full number and ignores its last character.
        number = body + ric.calc_check_digit(body + "0")
        try:
            return clean_id_number(number)
        except ValueError:
            region = "140502"
    raise ValueError(f"cannot make a valid ID number for area {region}")


def demo_credit_code(rng: random.Random, name: str, region: str = "140500", kind: str = "91") -> str:
    """For demo data: the code the registry already holds for a party of this name, so that the
    loaders naming the same company agree on its one code (one company, one 统一社会信用代码);
    a new one otherwise. The generator is drawn from either way, so the rest of a loader's
    random data does not depend on the order the loaders run in."""
    from .models import Party

    generated = make_credit_code(rng, region, kind)
    known = Party.objects.filter(name=name).exclude(credit_code="").values_list("credit_code", flat=True).first()
    return known or generated
