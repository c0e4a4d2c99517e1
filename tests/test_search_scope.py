"""Search counts and facets describe exactly what the caller may open: the query's own filters
(the types the caller's role may open, the caller's jurisdictions) select the same objects as each
type's selector, for every registered type and every demo account, and a lagging index is
brought up to date before a count is given, so the count is the same on every page."""

import io

import pytest
from django.core.management import call_command

from casemgmt.org.models import Role, User
from casemgmt.org.scoping import visible_jurisdiction_codes
from casemgmt.search.registry import searchable_types
from casemgmt.search.services import search_for_user, searchable_keys_for
from cases.models import AssistanceRequest
from enforcement.services.inspections import inspection_create

from .enforcement_factories import bureau, penalty_case_until, raid_start
from .factories import CITY, ZEZHOU, assistance_request

pytest_plugins = ["tests.search_fixtures"]


def _found_by_the_query(user, entry) -> set[int]:
    """The objects of `entry`'s type that the query's filters let through for `user`."""
    if entry.key not in searchable_keys_for(user):
        return set()
    allowed = visible_jurisdiction_codes(user)
    found = set()
    for obj in entry.queryset_for_indexing():
        document = entry.to_document(obj)
        if document is not None and (allowed is None or document.jurisdiction in allowed):
            found.add(obj.pk)
    return found


@pytest.mark.django_db
def test_every_type_searches_exactly_what_its_selector_opens_for_every_demo_account():
    """Over the demo data (every workflow in every state, every role in the city and a county):
    nothing the query lets through is closed to the caller (it would be counted in the facets
    and then dropped from the page), and nothing the caller may open is left out, except the
    objects a model opens to named users beyond their jurisdiction (`also_visible_to`, e.g. an
    inspector of a county drawn for a city task), which the task's queue shows instead."""
    call_command("load_demo", stdout=io.StringIO())
    users = list(User.objects.filter(is_active=True).exclude(role=""))
    assert {user.role for user in users} >= {Role.CENTRE_HEAD, Role.OFFICER, Role.CREDIT_OFFICER, Role.AUDITOR}
    checked = 0
    for entry in searchable_types():
        for user in users:
            found = _found_by_the_query(user, entry)
            openable = set(entry.selector(user).values_list("pk", flat=True))
            assert found <= openable, (entry.key, user.username, sorted(found - openable))
            for extra in entry.model._default_manager.filter(pk__in=openable - found):
                granted = getattr(extra, "also_visible_to", lambda user: False)(user)
                assert entry.to_document(extra) is None or granted, (entry.key, user.username, extra.pk)
            checked += len(found)
    assert checked > 0


@pytest.fixture
def raid_word(any_backend, django_capture_on_commit_callbacks):
    """A raid recorded by the city bureau, whose findings carry a word nothing else has."""
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city)
    with django_capture_on_commit_callbacks(execute=True):
        inspection_create(
            case,
            actor=city.officers[0],
            started_at=raid_start(),
            place="城区某灯具批发部",
            officers=city.officers[:2],
            findings="库房内发现标有他人注册商标的琉璃灯罩四十只。",
            signature="signed",
            certificates_shown=True,
            persons_present=[{"name": "赵六", "role": "witness"}],
        )
    return "琉璃灯罩"


def test_a_raid_is_neither_found_nor_counted_for_the_branch_centre(raid_word, make_user):
    officer = make_user(Role.OFFICER, CITY)
    assert search_for_user(officer, q=raid_word).facets["type"] == {"enforcement_inspection": 1}
    result = search_for_user(make_user(Role.CENTRE_HEAD, CITY), q=raid_word)
    assert (result.count, result.hits) == (0, [])
    assert all(counts == {} for counts in result.facets.values()), result.facets


@pytest.fixture
def requests_and_raids(any_backend, django_capture_on_commit_callbacks):
    """Five assistance requests and two raids of the city, all about 琉璃灯罩."""
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(1, 6):
            assistance_request(jurisdiction_code=CITY, title=f"琉璃灯罩外观设计专利被仿冒第{n}件")
        for place in ("城区某灯具批发部", "城区某灯具零售店"):
            inspection_create(
                case,
                actor=city.officers[0],
                started_at=raid_start(),
                place=place,
                officers=city.officers[:2],
                findings="发现标有他人注册商标的琉璃灯罩。",
                signature="signed",
                certificates_shown=True,
                persons_present=[{"name": "赵六", "role": "witness"}],
            )


def test_the_count_and_facets_are_the_same_on_every_page(requests_and_raids, make_user):
    """A branch-centre user pages through a word that raids share: every page gives the same
    count, which equals the facets' total and the number of hits the pages hold together."""
    user = make_user(Role.CENTRE_HEAD, CITY)
    pages = [search_for_user(user, q="琉璃灯罩", page=page, page_size=2) for page in (1, 2, 3)]
    assert {page.count for page in pages} == {5}
    assert {tuple(sorted(page.facets["type"].items())) for page in pages} == {(("assistance_request", 5),)}
    assert sum(len(page.hits) for page in pages) == 5
    assert {hit.type for page in pages for hit in page.hits} == {"assistance_request"}


def test_a_hit_the_index_kept_after_a_deletion_is_dropped_and_the_index_healed(any_backend, make_user):
    """A request deleted behind the index's back (no service, no signal): the page that meets its
    stale document leaves it out, and the index forgets it, so later counts are exact."""
    request = assistance_request(jurisdiction_code=ZEZHOU, title="仿冒灯具外观设计专利")
    from casemgmt.search.services import search_document_sync

    search_document_sync(key="assistance_request", pk=request.pk)
    AssistanceRequest.objects.filter(pk=request.pk).delete()
    user = make_user(Role.CENTRE_HEAD, ZEZHOU)
    assert search_for_user(user, q="仿冒灯具").hits == []
    assert any_backend.type_counts().get("assistance_request", 0) == 0
