"""Permission-aware search on either backend: the caller's jurisdictions and the types their
role may open are filters of the query itself (hits, counts and facets alike), and hits are
re-checked through the selectors."""

import pytest

from casemgmt.org.models import Role
from casemgmt.search.services import search_for_user, searchable_keys_for
from cases.models import AssistanceRequest

from .factories import CITY, GAOPING, ZEZHOU, assistance_request

pytest_plugins = ["tests.search_fixtures"]

TITLE = "激光测距模组外观设计专利被仿制"


@pytest.fixture
def requests(any_backend, django_capture_on_commit_callbacks):
    """Indexed assistance requests of two counties and of the city, all with the same words."""
    with django_capture_on_commit_callbacks(execute=True):
        made = {code: assistance_request(jurisdiction_code=code, title=TITLE) for code in (ZEZHOU, GAOPING, CITY)}
    return made


def test_a_county_user_never_gets_another_countys_case(requests, make_user):
    result = search_for_user(make_user(Role.CENTRE_HEAD, ZEZHOU), q="测距模组")
    assert [(hit.type, hit.id) for hit in result.hits] == [("assistance_request", requests[ZEZHOU].pk)]
    assert result.count == 1
    # Counted inside the query: the facets know nothing of the other counties either.
    assert result.facets["jurisdiction"] == {ZEZHOU: 1}


def test_the_city_sees_every_county(requests, make_user):
    result = search_for_user(make_user(Role.CENTRE_HEAD, CITY), q="测距模组")
    assert {hit.id for hit in result.hits} == {request.pk for request in requests.values()}
    assert result.facets["jurisdiction"] == {ZEZHOU: 1, GAOPING: 1, CITY: 1}


def test_types_the_role_may_not_open_are_left_out_of_the_query(requests, make_user):
    """Enforcement officers do not work the branch centre's cases: whole-city jurisdiction or
    not, those types are not searched at all, so they are not even counted."""
    officer = make_user(Role.OFFICER, CITY)
    assert "assistance_request" not in searchable_keys_for(officer)
    result = search_for_user(officer, q="测距模组")
    assert (result.count, result.hits, result.facets["type"]) == (0, [], {})
    asked = search_for_user(officer, q="测距模组", types=["assistance_request"])
    assert asked.count == 0


def test_hits_are_rechecked_through_the_selector(requests, make_user):
    """The index lags behind a deletion: the stale hit is not returned."""
    AssistanceRequest.objects.filter(pk=requests[ZEZHOU].pk).delete()
    result = search_for_user(make_user(Role.CENTRE_HEAD, ZEZHOU), q="测距模组")
    assert (result.hits, result.count) == ([], 0)
