"""Public lookup of penalty decisions (DOMAIN §3c/§6, API.md public section): the JSON API under
/api/public/penalty-decisions/ and the pages under /public/penalties/ show only what is published
and within its period, personal data masked; everything else is 404 on every public path, at
once; lookups are rate limited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from casemgmt.publication.masking import PLACEHOLDERS
from casemgmt.publication.models import Publication
from casemgmt.workflow.services import fire_transition
from enforcement.publication import penalty_decision_revoke
from enforcement.services.decisions import penalty_payment_record

from .enforcement_factories import advance, bureau
from .factories import CITY, ZEZHOU
from .publication_factories import (
    BANK_ACCOUNT,
    COMPLAINANT_PHONE,
    PERSON_ADDRESS,
    REPRESENTATIVE_PHONE,
    decided_case,
    person,
    publish,
    published_case,
)

URL = "/api/public/penalty-decisions/"
PAGES = "/public/penalties/"


def rates(settings, **scopes):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes},
    }


@pytest.fixture(autouse=True)
def generous_rates(settings):
    rates(settings, public="1000/min")


@pytest.fixture
def city(db):
    return bureau(CITY)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def secrets_of(decided) -> list[str]:
    return [
        decided.representative_id,
        REPRESENTATIVE_PHONE,
        decided.complainant["id_number"],
        decided.complainant["name"],
        COMPLAINANT_PHONE,
        PERSON_ADDRESS,
        BANK_ACCOUNT,
    ]


def test_from_decision_to_publication_to_withdrawal_every_public_path_follows_at_once(api, client, city):
    """The Must-show: a decided case's publication is invisible while pending; once approved the
    public finds it by credit code with the natural persons' ID numbers and phones masked;
    withdrawn, it is gone from the list and 404 on the detail API and both pages, immediately."""
    decided = decided_case(city)
    publication = decided.publication
    code = decided.party["credit_code"]
    assert ids(api.get(URL, {"q": code})) == []
    assert api.get(f"{URL}{publication.pk}/").status_code == 404
    assert client.get(f"{PAGES}{publication.pk}/").status_code == 404

    publish(publication, city)
    assert ids(api.get(URL, {"q": code})) == [publication.pk]
    detail = api.get(f"{URL}{publication.pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["number"] == decided.decision.number_text and body["credit_code"] == code
    assert body["party"] == decided.party["name"] and body["authority"] == "晋城市市场监督管理局"
    assert body["decided_on"] == decided.decision.decided_on.isoformat()
    assert body["public_from"] == timezone.localdate().isoformat()
    assert PLACEHOLDERS["id_number"] in body["published_text"] and PLACEHOLDERS["phone"] in body["published_text"]
    assert "source_text" not in body and "masked_spans" not in body
    raw = detail.content.decode()
    for secret in secrets_of(decided):
        assert secret not in raw, secret
    page = client.get(f"{PAGES}{publication.pk}/")
    assert page.status_code == 200 and code in page.content.decode()
    for secret in secrets_of(decided):
        assert secret not in page.content.decode(), secret
    assert f"{PAGES}{publication.pk}/" in client.get(PAGES, {"q": code}).content.decode()

    fire_transition(publication, "withdraw", actor=city.reviewer, payload={"public_reason": "该决定已被依法撤销。"})
    assert ids(api.get(URL, {"q": code})) == []
    assert ids(api.get(URL)) == []
    gone = api.get(f"{URL}{publication.pk}/")
    assert gone.status_code == 404
    assert gone.json()["withdrawal_reason"] == "该决定已被依法撤销。"
    assert decided.party["name"] not in gone.content.decode() and code not in gone.content.decode()
    page = client.get(f"{PAGES}{publication.pk}/")
    assert page.status_code == 404 and "已撤回公示" in page.content.decode()
    assert code not in page.content.decode()
    listing = client.get(PAGES, {"q": code})
    assert listing.status_code == 200 and f"{PAGES}{publication.pk}/" not in listing.content.decode()


def test_through_the_api_a_closed_case_is_published_and_found_by_credit_code(api, city):
    """The API path of the issue's Must-show from the decision on: served, paid, closed, the
    reviewer publishes through the staff API, the public API finds it with personal data masked."""
    decided = decided_case(city)
    case = advance(decided.case, city, "serve", "start_execution")
    penalty_payment_record(
        case.penalty_decision, actor=city.officers[0], amount=Decimal("50000.00"), paid_on=timezone.localdate()
    )
    closed = api.as_user(city.head).post(
        f"/api/enforcement-cases/{case.pk}/transitions/close/", {"closing_report": "执行完毕。"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    published = api.as_user(city.reviewer).post(
        f"/api/publications/{decided.publication.pk}/transitions/publish/", {}, format="json"
    )
    assert published.status_code == 200 and published.json()["state"] == "published"

    api.force_authenticate(None)
    found = api.get(URL, {"q": decided.party["credit_code"]}).json()["results"]
    assert [row["number"] for row in found] == [decided.decision.number_text]
    text = api.get(found[0]["url"].replace("/public/penalties/", URL)).json()["published_text"]
    assert decided.representative_id not in text and REPRESENTATIVE_PHONE not in text
    assert PLACEHOLDERS["id_number"] in text and PLACEHOLDERS["phone"] in text


def test_the_public_searches_by_name_number_words_violation_and_date(api, city):
    one = published_case(city)
    two = published_case(bureau(ZEZHOU), party=person("孙八"), violation_type="销售假冒专利标识的产品")
    pending = decided_case(city)
    assert set(ids(api.get(URL))) == {one.publication.pk, two.publication.pk}
    assert ids(api.get(URL, {"q": one.party["name"]})) == [one.publication.pk]
    assert ids(api.get(URL, {"q": one.decision.number_text})) == [one.publication.pk]
    assert ids(api.get(URL, {"q": one.party["credit_code"].lower()})) == [one.publication.pk]
    assert ids(api.get(URL, {"q": "孙八 专利标识"})) == [two.publication.pk]
    assert ids(api.get(URL, {"q": pending.party["name"]})) == []
    assert ids(api.get(URL, {"violation_type": "专利"})) == [two.publication.pk]
    today = timezone.localdate()
    assert len(ids(api.get(URL, {"date_from": today.isoformat(), "date_to": today.isoformat()}))) == 2
    assert ids(api.get(URL, {"date_to": (today - dt.timedelta(days=1)).isoformat()})) == []
    # The masked parts are not searchable: neither the raw ID number nor the complainant's name.
    assert ids(api.get(URL, {"q": one.representative_id})) == []
    assert ids(api.get(URL, {"q": one.complainant["name"]})) == []


def test_bad_lookups_are_400_with_field_errors_never_500(api, client, db):
    assert api.get(URL, {"date_from": "2026-02-30"}).json()["errors"]["date_from"]
    response = api.get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.status_code == 400 and "date_to" in response.json()["errors"]
    assert api.get(URL, {"q": "专" * 101}).status_code == 400
    assert api.get(URL, {"q": "a\x00b"}).status_code == 400
    assert api.get(f"{URL}99999999999999999999999/").status_code == 404
    assert api.get(f"{URL}0/").status_code == 404
    assert client.get(PAGES, {"date_from": "not-a-date"}).status_code == 400
    assert client.get(f"{PAGES}99999999999999999999999/").status_code == 404


def test_items_out_of_their_period_ended_or_never_published_are_404_without_notice(api, client, city):
    expired = published_case(city).publication
    Publication.objects.filter(pk=expired.pk).update(public_until=timezone.localdate() - dt.timedelta(days=1))
    pending = decided_case(city).publication
    withdrawn_unpublished = decided_case(city).publication
    fire_transition(withdrawn_unpublished, "withdraw", actor=city.reviewer, payload={"public_reason": "撤销。"})
    for publication in (expired, pending, withdrawn_unpublished):
        response = api.get(f"{URL}{publication.pk}/")
        assert response.status_code == 404 and "withdrawal_reason" not in response.json()
        page = client.get(f"{PAGES}{publication.pk}/")
        assert page.status_code == 404 and "未找到该公示信息" in page.content.decode()
    assert ids(api.get(URL)) == []


def test_a_revoked_decision_stays_public_until_withdrawn_then_disappears(api, city):
    decided = published_case(city)
    penalty_decision_revoke(decided.decision, reason="行政复议撤销", actor=city.head)
    # Revocation obliges the reviewer to withdraw within 3 working days; withdrawing removes it.
    assert ids(api.get(URL)) == [decided.publication.pk]
    fire_transition(decided.publication, "withdraw", actor=city.reviewer, payload={"public_reason": "已被撤销。"})
    assert ids(api.get(URL)) == []


def test_a_correction_is_what_the_public_reads_next(api, city):
    publication = published_case(city).publication
    fire_transition(
        publication,
        "correct",
        actor=city.reviewer,
        reason="补正",
        payload={"source_text": publication.source_text.replace("80,000.00", "78,000.00")},
    )
    body = api.get(f"{URL}{publication.pk}/").json()
    assert "78,000.00" in body["published_text"] and body["corrected"] is True and body["version"] == 2


def test_public_lookups_are_rate_limited_per_address(api, client, settings, city):
    publication = published_case(city).publication
    rates(settings, public="3/min")
    cache.clear()
    assert api.get(URL).status_code == 200
    assert api.get(f"{URL}{publication.pk}/").status_code == 200
    assert client.get(PAGES).status_code == 200
    assert api.get(URL).status_code == 429
    page = client.get(f"{PAGES}{publication.pk}/")
    assert page.status_code == 429 and "操作过于频繁" in page.content.decode() and page["Retry-After"]
    assert api.get(URL, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_login_does_not_change_what_the_public_api_answers(api, city):
    pending = decided_case(city).publication
    assert api.as_user(city.head).get(f"{URL}{pending.pk}/").status_code == 404


def test_the_portal_links_to_the_lookup_and_the_search_page_lists_the_latest(client, city):
    publication = published_case(city).publication
    home = client.get("/public/").content.decode()
    assert f'href="{PAGES}"' in home and "行政处罚信息公示" in home
    listing = client.get(PAGES)
    html = listing.content.decode()
    assert listing.status_code == 200 and "最新公示" in html and publication.summary["number"] in html
    assert 'name="viewport"' in html and 'type="search"' in html


def test_the_head_records_a_revocation_through_the_api_and_a_withdrawal_deadline_follows(api, city):
    from rest_framework.test import APIClient

    from casemgmt.calendar.selectors import deadlines_for

    decided = published_case(city)
    staff = APIClient()
    path = f"/api/penalty-decisions/{decided.decision.pk}/revoke/"
    staff.force_authenticate(city.reviewer)
    assert staff.post(path, {"reason": "行政复议决定撤销"}, format="json").status_code == 403
    staff.force_authenticate(city.head)
    assert staff.post(path, {"reason": ""}, format="json").status_code == 400
    response = staff.post(path, {"reason": "晋市政复决〔2026〕3号撤销", "ground": "revoked"}, format="json")
    assert response.status_code == 200, response.content
    kinds = {d.kind: d for d in deadlines_for(decided.publication)}
    assert any("withdraw" in kind for kind in kinds), kinds
    assert staff.post(path, {"reason": "再次登记"}, format="json").status_code == 409


def test_a_repeated_lookup_is_answered_from_the_cache_until_a_publication_changes(
    api, city, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Public answers are cached for everyone alike; any publication transition makes the next
    lookup read the database again, so a withdrawn decision is never served from the cache."""
    publication = published_case(city).publication
    code = publication.summary["credit_code"]
    assert ids(api.get(URL, {"q": code})) == [publication.pk]
    assert api.get(f"{URL}{publication.pk}/").status_code == 200
    with django_assert_num_queries(0):
        assert ids(api.get(URL, {"q": code})) == [publication.pk]
        assert api.get(f"{URL}{publication.pk}/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        fire_transition(publication, "withdraw", actor=city.reviewer, payload={"public_reason": "已撤销。"})

    assert ids(api.get(URL, {"q": code})) == []
    assert api.get(f"{URL}{publication.pk}/").status_code == 404


def test_with_the_cache_off_every_lookup_reads_the_database(api, city, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_CACHE_SECONDS = 0
    publication = published_case(city).publication
    api.get(f"{URL}{publication.pk}/")
    with CaptureQueriesContext(connection) as second:
        assert api.get(f"{URL}{publication.pk}/").status_code == 200
    assert len(second) > 0
