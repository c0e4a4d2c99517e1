"""The officer pickers of the staff forms (立案, 合议组, 移送专案组) offer only the officers the
submit can accept: those of the bureau holding the case, with a 执法证 number and no conflict of
interest. A 泽州县 head's 立案 form listed every county's officers (names and 执法证 numbers), and
picking one of them was always refused with 不属于本案管辖机关."""

import re

import pytest
from django.test import Client

from casemgmt.org.models import Role

from .enforcement_factories import bureau, penalty_case_until
from .factories import CITY, ZEZHOU, UserFactory, jurisdiction

pytestmark = pytest.mark.django_db


def options(user, url: str, field: str) -> set[str]:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    select = re.search(rf'<select id="f-{field}" name="{field}".*?</select>', response.content.decode(), re.S)
    assert select is not None
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def test_the_filing_form_offers_only_the_bureaus_own_qualified_officers():
    county, city = bureau(ZEZHOU), bureau(CITY)
    uncertified = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU), certificate_number="")
    case = penalty_case_until("start_verification", county)
    url = f"/w/enforcement_case/{case.pk}/transition/file_case/"

    own = {str(officer.pk) for officer in county.officers}
    for field in ("officers", "lead_officer"):
        offered = options(county.head, url, field)
        assert offered == own, field
        assert not offered & {str(officer.pk) for officer in city.officers}
        assert str(uncertified.pk) not in offered


def test_the_criminal_transfer_team_is_picked_from_the_cases_officers():
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city)
    other = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(CITY))
    url = f"/w/enforcement_case/{case.pk}/transition/propose_criminal_transfer/"

    offered = options(city.officers[0], url, "team")
    assert offered == {str(officer.pk) for officer in case.officers.all()}
    assert str(other.pk) not in offered
