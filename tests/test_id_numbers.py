"""Residents' ID numbers in the party registry (issue 13, item 6): a card carries the area code of
the office that first issued it, so a number is accepted when its area code existed at any time,
not only in the holder's birth year; the check digit and the birth date are still checked."""

import datetime as dt

import pytest
from django.utils import timezone
from stdnum.cn import ric

from casemgmt.org.models import Role
from casemgmt.parties.models import Party
from casemgmt.parties.validation import AREA_CODE_SUPPLEMENT, area_code_ever_existed, clean_id_number


def with_check_digit(first17: str) -> str:
    # calc_check_digit ignores the last character of what it is given.
    return first17 + ric.calc_check_digit(first17 + "0")


# 泽州县 (140525) exists since 1996, 高平市 (140581) since 1993, 140571 is not in GB/T 2260 at all.
ZEZHOU_BORN_1990 = "140525199003121235"
GAOPING_BORN_1985 = with_check_digit("14058119850607123")
DEVELOPMENT_ZONE_BORN_1978 = with_check_digit("14057119780101002")


@pytest.fixture
def clerk(make_user):
    return make_user(Role.INTAKE_CLERK)


def register_person(api, clerk, id_number):
    return api.as_user(clerk).post(
        "/api/parties/", {"kind": "person", "name": "王五", "id_number": id_number}, format="json"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("number", [ZEZHOU_BORN_1990, GAOPING_BORN_1985, DEVELOPMENT_ZONE_BORN_1978])
def test_a_resident_born_before_the_area_code_existed_can_be_registered(number, clerk, api):
    response = register_person(api, clerk, number)
    assert response.status_code == 201, response.content
    assert Party.objects.get().id_number == number


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number, reason",
    [
        ("140525199003121234", "校验位"),  # ZEZHOU_BORN_1990 with the last digit changed
        (with_check_digit("14052519900230123"), "出生日期"),  # 30 February
        (with_check_digit("14052519901301123"), "出生日期"),  # month 13
        (with_check_digit("14052520990101123"), "出生日期"),  # born in 2099
        (with_check_digit("14059919900101123"), "前6位"),  # 140599 never existed
        (with_check_digit("00000019900101123"), "前6位"),
        ("14052519900312123", "18位"),
    ],
)
def test_a_wrong_number_is_refused_with_the_reason_and_nothing_is_written(number, reason, clerk, api):
    response = register_person(api, clerk, number)
    assert response.status_code == 400, response.content
    assert reason in response.json()["errors"]["id_number"][0]
    assert Party.objects.count() == 0


def test_a_lower_case_x_is_stored_upper_case():
    number = with_check_digit("14058119850607123")  # ends in X
    assert number.endswith("X")
    assert clean_id_number(number.lower()) == number


def test_codes_that_existed_only_in_the_past_are_accepted():
    # 142501 was 晋城市 from 1983 to 1985, 110103 was 崇文区 until 2010: older cards keep them.
    assert clean_id_number(with_check_digit("14250119800101001"))
    assert clean_id_number(with_check_digit("11010319800101001"))


def test_someone_born_today_is_accepted_but_not_tomorrow():
    today = timezone.localdate()
    assert clean_id_number(with_check_digit(f"140502{today:%Y%m%d}001"))
    tomorrow = today + dt.timedelta(days=1)
    with pytest.raises(ValueError, match="出生日期"):
        clean_id_number(with_check_digit(f"140502{tomorrow:%Y%m%d}001"))


def test_the_supplement_lists_only_codes_python_stdnum_lacks():
    """When python-stdnum learns a supplemented code, the entry is no longer needed."""
    from stdnum import numdb

    known = {code for code in AREA_CODE_SUPPLEMENT if any(p.get("county") for _, p in numdb.get("cn/loc").info(code))}
    assert known == set()
    assert all(area_code_ever_existed(code) for code in AREA_CODE_SUPPLEMENT)
