"""Official document numbers (文号): format, one gapless series per issuer/type/year, voiding."""

import datetime
from unittest import mock

import pytest
from django.db import transaction

from casemgmt.errors import Invalid
from casemgmt.numbering.models import DocType, DocumentSequence, IssuedNumber
from casemgmt.numbering.selectors import issued_numbers_for
from casemgmt.numbering.services import number_allocate, number_void

from .factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_numbers_are_printed_as_issuer_type_year_sequence_hao():
    first = number_allocate(issuer="晋市监", doc_type=DocType.PENALTY, year=2026)
    second = number_allocate(issuer="晋市监", doc_type=DocType.PENALTY, year=2026)

    assert (first.text, second.text) == ("晋市监罚〔2026〕1号", "晋市监罚〔2026〕2号")
    assert (first.number, second.number) == (1, 2)
    assert first.status == IssuedNumber.Status.ISSUED
    assert DocumentSequence.objects.get(issuer="晋市监", doc_type="罚", year=2026).last_number == 2


def test_each_issuer_type_and_year_has_its_own_series():
    number_allocate(issuer="晋市监", doc_type="罚", year=2026)
    number_allocate(issuer="晋市监", doc_type="罚", year=2026)

    assert number_allocate(issuer="泽市监", doc_type="罚", year=2026).text == "泽市监罚〔2026〕1号"
    assert number_allocate(issuer="晋市监", doc_type="告", year=2026).text == "晋市监告〔2026〕1号"
    assert number_allocate(issuer="晋市监", doc_type="罚", year=2027).text == "晋市监罚〔2027〕1号"
    assert number_allocate(issuer="晋市监", doc_type="罚", year=2026).text == "晋市监罚〔2026〕3号"


def test_any_short_doc_type_code_is_accepted_and_stripped():
    issued = number_allocate(issuer=" 晋知援 ", doc_type=" 函 ", year=2026)

    assert issued.text == "晋知援函〔2026〕1号"


def test_year_defaults_to_the_current_year_in_shanghai_not_utc():
    # 2025-12-31 17:30 UTC is already 1 January 2026 in 晋城.
    new_years_morning = datetime.datetime(2025, 12, 31, 17, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=new_years_morning):
        issued = number_allocate(issuer="晋市监", doc_type="罚")

    assert issued.sequence.year == 2026
    assert issued.text == "晋市监罚〔2026〕1号"


def test_a_number_taken_in_a_rolled_back_transaction_is_not_consumed():
    class DecisionNotSaved(Exception):
        pass

    with pytest.raises(DecisionNotSaved), transaction.atomic():
        number_allocate(issuer="晋市监", doc_type="罚", year=2026)
        raise DecisionNotSaved

    assert not IssuedNumber.objects.exists()
    assert number_allocate(issuer="晋市监", doc_type="罚", year=2026).number == 1


def test_a_voided_number_stays_on_record_and_is_never_given_again():
    officer = UserFactory()
    first = number_allocate(issuer="晋市监", doc_type="罚", year=2026, actor=officer)

    voided = number_void(first, reason="决定书送达前撤回重拟", actor=officer)
    following = number_allocate(issuer="晋市监", doc_type="罚", year=2026, actor=officer)

    voided.refresh_from_db()
    assert voided.status == IssuedNumber.Status.VOIDED
    assert voided.void_reason == "决定书送达前撤回重拟"
    assert voided.voided_by == officer
    assert voided.voided_at is not None
    assert voided.text == "晋市监罚〔2026〕1号"
    assert following.text == "晋市监罚〔2026〕2号"
    assert IssuedNumber.objects.count() == 2


def test_voiding_needs_a_reason_and_happens_once():
    officer = UserFactory()
    issued = number_allocate(issuer="晋市监", doc_type="罚", year=2026)

    with pytest.raises(Invalid) as blank:
        number_void(issued, reason="  ", actor=officer)
    assert set(blank.value.errors) == {"reason"}
    issued.refresh_from_db()
    assert issued.status == IssuedNumber.Status.ISSUED

    number_void(issued, reason="重复取号", actor=officer)
    with pytest.raises(Invalid) as again:
        number_void(issued, reason="再次作废", actor=officer)
    assert set(again.value.errors) == {"status"}
    issued.refresh_from_db()
    assert issued.void_reason == "重复取号"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"issuer": "", "doc_type": "罚", "year": 2026}, "issuer"),
        ({"issuer": "   ", "doc_type": "罚", "year": 2026}, "issuer"),
        ({"issuer": None, "doc_type": "罚", "year": 2026}, "issuer"),
        ({"issuer": "晋" * 21, "doc_type": "罚", "year": 2026}, "issuer"),
        ({"issuer": "晋 市监", "doc_type": "罚", "year": 2026}, "issuer"),
        ({"issuer": "晋市监", "doc_type": "", "year": 2026}, "doc_type"),
        ({"issuer": "晋市监", "doc_type": "罚〔", "year": 2026}, "doc_type"),
        ({"issuer": "晋市监", "doc_type": "罚" * 11, "year": 2026}, "doc_type"),
        ({"issuer": "晋市监", "doc_type": "罚", "year": 1999}, "year"),
        ({"issuer": "晋市监", "doc_type": "罚", "year": 2101}, "year"),
        ({"issuer": "晋市监", "doc_type": "罚", "year": "2026"}, "year"),
        ({"issuer": "晋市监", "doc_type": "罚", "year": True}, "year"),
    ],
)
def test_bad_input_gives_field_errors_and_writes_nothing(kwargs, field):
    with pytest.raises(Invalid) as error:
        number_allocate(**kwargs)

    assert set(error.value.errors) == {field}
    assert not DocumentSequence.objects.exists()
    assert not IssuedNumber.objects.exists()


def test_the_years_2000_and_2100_are_accepted():
    assert number_allocate(issuer="晋市监", doc_type="罚", year=2000).text == "晋市监罚〔2000〕1号"
    assert number_allocate(issuer="晋市监", doc_type="罚", year=2100).text == "晋市监罚〔2100〕1号"


def test_a_number_printed_the_same_by_another_series_is_refused_without_using_a_number():
    number_allocate(issuer="晋市监", doc_type="罚", year=2026)

    with pytest.raises(Invalid) as error:
        number_allocate(issuer="晋市", doc_type="监罚", year=2026)

    assert set(error.value.errors) == {"doc_type"}
    assert IssuedNumber.objects.count() == 1
    assert not DocumentSequence.objects.filter(issuer="晋市", last_number__gt=0).exists()


def test_an_unsaved_object_cannot_be_linked():
    with pytest.raises(Invalid) as error:
        number_allocate(issuer="晋市监", doc_type="罚", year=2026, obj=OrganizationFactory.build())

    assert set(error.value.errors) == {"obj"}
    assert not IssuedNumber.objects.exists()


def test_numbers_are_linked_to_their_case_and_listed_for_it_voided_included():
    case, other = OrganizationFactory(), OrganizationFactory()
    clerk = UserFactory()
    filing = number_allocate(issuer="晋市监", doc_type=DocType.FILING, year=2026, obj=case, actor=clerk)
    penalty = number_allocate(issuer="晋市监", doc_type=DocType.PENALTY, year=2026, obj=case, actor=clerk)
    number_allocate(issuer="晋市监", doc_type=DocType.PENALTY, year=2026, obj=other, actor=clerk)
    number_void(filing, reason="立案决定书重新制作", actor=clerk)

    listed = list(issued_numbers_for(case))

    assert [n.text for n in listed] == ["晋市监立〔2026〕1号", "晋市监罚〔2026〕1号"]
    assert listed[0].status == IssuedNumber.Status.VOIDED
    assert penalty.content_object == case
    assert penalty.issued_by == clerk


def test_admin_lists_issued_numbers_but_cannot_add_change_or_delete(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    issued = number_allocate(issuer="晋市监", doc_type="罚", year=2026)
    client.force_login(admin_user)

    listing = client.get("/admin/numbering/issuednumber/")
    assert listing.status_code == 200
    assert "晋市监罚〔2026〕1号" in listing.content.decode()

    assert client.get("/admin/numbering/issuednumber/add/").status_code == 403
    assert client.post(f"/admin/numbering/issuednumber/{issued.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(f"/admin/numbering/issuednumber/{issued.pk}/change/", {"text": "晋市监罚〔2026〕9号"})
    issued.refresh_from_db()
    assert issued.text == "晋市监罚〔2026〕1号"
