"""Texts the list prints for parties and the public carry no working notes. The catalogues were
seeded with "（verify）" after citations not yet checked; it came out in the 列入告知书, the 列入决定书
(PDF and Word) served on the party and the public list's 列入依据."""

import re

import pytest
from django.test import Client

from casemgmt.documents.models import OfficialDocument
from creditlist import rules
from creditlist.models import CreditGround, JointMeasure

from .creditlist_factories import credit_bureau, published_entry

pytestmark = pytest.mark.django_db

NOTE = re.compile(r"verify", re.IGNORECASE)


def test_the_catalogues_cite_their_legal_basis_without_working_notes():
    texts = [g.legal_basis for g in CreditGround.objects.all()] + [g.description for g in CreditGround.objects.all()]
    texts += [m.legal_basis for m in JointMeasure.objects.all()]
    assert texts and not [text for text in texts if NOTE.search(text)]


def test_the_deadline_bases_shown_to_staff_have_no_working_notes():
    bases = [value for name, value in vars(rules).items() if name.endswith("_BASIS") and isinstance(value, str)]
    assert bases and not [basis for basis in bases if NOTE.search(basis)]


def test_the_listing_documents_and_the_public_entry_have_no_working_notes():
    _, entry = published_entry(credit_bureau())
    documents = OfficialDocument.objects.filter(object_id=entry.pk, content_type__model="creditentry")
    assert documents.exists()
    for document in documents:
        assert "列入严重违法失信名单" in document.html and not NOTE.search(document.html)
    page = Client().get(f"/public/credit-list/{entry.pk}/")
    assert page.status_code == 200
    assert "列入依据" in page.content.decode() and not NOTE.search(page.content.decode())
