"""A jurisdiction code that is not six digits is a field error, never a database error: a NUL
byte or a number sent as jurisdiction_code gave PostgreSQL's "text fields cannot contain NUL"
as a 500 (found by the API fuzz test on PostgreSQL)."""

import pytest

from casemgmt.org.models import Role

from .factories import CITY

# Each endpoint with a role that may register there.
STAFF_ENDPOINTS = {
    "/api/assistance-requests/": Role.INTAKE_CLERK,
    "/api/mediations/": Role.CENTRE_HEAD,
    "/api/arbitration-referrals/": Role.CENTRE_HEAD,
    "/api/enforcement-cases/": Role.OFFICER,
}


@pytest.mark.parametrize("endpoint", STAFF_ENDPOINTS)
@pytest.mark.parametrize("code", ["\x00", "14050", "1405020", 140502, "abcdef"])
def test_a_malformed_jurisdiction_code_is_a_field_error(api, make_user, endpoint, code):
    user = make_user(STAFF_ENDPOINTS[endpoint], CITY)
    response = api.as_user(user).post(endpoint, {"jurisdiction_code": code}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["jurisdiction_code"] == ["区划代码应为6位数字。"]


def test_an_unknown_six_digit_code_names_the_code(api, make_user):
    response = api.as_user(make_user(Role.CENTRE_HEAD, CITY)).post(
        "/api/mediations/", {"jurisdiction_code": "999999"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["jurisdiction_code"] == ["没有区划代码为999999的区划。"]


def test_the_public_form_refuses_a_nul_byte_as_a_field_error(api):
    response = api.post("/api/public/assistance-requests/", {"jurisdiction_code": "\x00"}, format="json")
    assert response.status_code == 400
    assert "jurisdiction_code" in response.json()["errors"]
