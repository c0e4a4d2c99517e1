"""The listing grounds' and joint measures' legal texts are printed in the notice and decision
served on the party and on the public list: the seeded catalogues carry no working marks."""

import pytest

from creditlist.models import CreditGround, JointMeasure

pytestmark = pytest.mark.django_db


def test_no_seeded_ground_or_measure_text_carries_a_verify_mark():
    texts = [
        text
        for model in (CreditGround, JointMeasure)
        for row in model.objects.all()
        for text in (row.legal_basis, row.description)
    ]

    assert texts and not [text for text in texts if "verify" in text.lower()]
