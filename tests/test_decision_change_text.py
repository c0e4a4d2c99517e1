"""A changed (变更) decision replaces the published text, so the text handed in must read as
changed. The staff form offers the original decision text to edit; submitted unedited with a new
fine, the public page said "已依法变更…已更正为变更后的决定" above the original 罚款人民币50,000.00元
while its summary said 30,000."""

import pytest
from django.test import Client

from enforcement.publication import decision_change_of

from .enforcement_factories import bureau
from .factories import CITY
from .publication_factories import decided_case

pytestmark = pytest.mark.django_db


def change(user, decided, **fields) -> str:
    client = Client()
    client.force_login(user)
    body = {"ground": "changed", "reason": "行政复议决定变更罚款数额（晋市政复〔2026〕8号）"} | fields
    response = client.post(f"/enforcement/cases/{decided.case.pk}/execution/change/", body, follow=True)
    assert response.status_code in (200, 400)
    return response.content.decode()


def test_the_original_text_handed_back_unedited_is_refused_with_the_reason():
    city = bureau(CITY)
    decided = decided_case(city, fine_amount="50000")
    page = change(city.head, decided, fine_amount="30000", changed_text=decided.decision.decision_text)
    assert "变更后的决定书全文与原决定书相同" in page
    assert decision_change_of(decided.decision) is None


def test_a_changed_text_still_stating_the_old_fine_is_refused():
    city = bureau(CITY)
    decided = decided_case(city, fine_amount="50000")
    text = decided.decision.decision_text + "\n（经行政复议变更。）"
    page = change(city.head, decided, fine_amount="30000", changed_text=text)
    assert "仍写明原数额（罚款人民币50,000.00元）" in page
    assert decision_change_of(decided.decision) is None


def test_a_text_stating_the_new_fine_is_accepted():
    city = bureau(CITY)
    decided = decided_case(city, fine_amount="50000")
    text = decided.decision.decision_text.replace("50,000.00", "30,000.00")
    change(city.head, decided, fine_amount="30000", changed_text=text)
    assert decision_change_of(decided.decision) is not None
