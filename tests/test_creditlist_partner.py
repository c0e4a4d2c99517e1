"""Partner agencies of joint punishment (the `partner` role): they ask the partner API whether a
party is on the serious-dishonesty list — since when, on which grounds, with which measures — by
统一社会信用代码 or exact name, and fetch the day's changes (JSON or a workbook); every question
is logged. Anonymous callers get 401, other roles 403; a partner sees nothing else of the
system."""

import io

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from casemgmt.demo.users import load_demo_users
from casemgmt.org.models import Role
from casemgmt.org.scoping import visible_jurisdiction_codes
from casemgmt.parties.selectors import parties_visible_to
from creditlist.models import CreditEntry, PartnerQueryLog
from enforcement.publication import penalty_decision_revoke

from .creditlist_factories import credit_bureau, published_entry, repeat_offence
from .factories import CITY, UserFactory, jurisdiction

pytestmark = pytest.mark.django_db
LOOKUP = "/api/partner/credit-list/"
CHANGES = "/api/partner/credit-list/changes/"


@pytest.fixture
def city():
    return credit_bureau(CITY)


@pytest.fixture
def partner():
    return UserFactory(role=Role.PARTNER, full_name="晋城市发展和改革委员会（信用办）", jurisdiction=jurisdiction(CITY))


def token_client(user) -> APIClient:
    """Signs in at the token endpoint, as a partner's system does, and sends the token it got."""
    client = APIClient()
    answer = client.post("/api/auth/token/", {"username": user.username, "password": settings.DEMO_PASSWORD})
    assert answer.status_code == 200, answer.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client


def test_anonymous_callers_get_401_and_other_roles_403(city, partner):
    anonymous = APIClient().get(LOOKUP, {"name": "x"})
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    assert APIClient().get(CHANGES, {"since": timezone.localdate().isoformat()}).status_code == 401
    for staff in (city.credit, city.head, UserFactory(role=Role.ADMINISTRATOR, is_superuser=True)):
        assert token_client(staff).get(LOOKUP, {"name": "x"}).status_code == 403
        assert token_client(staff).get(CHANGES, {"since": timezone.localdate().isoformat()}).status_code == 403
    # A staff session does not open the partner API either (tokens only).
    session = APIClient()
    session.force_login(partner)
    assert session.get(LOOKUP, {"name": "x"}).status_code == 401
    assert token_client(partner).get(LOOKUP, {"name": "x"}).status_code == 200
    assert not PartnerQueryLog.objects.exclude(caller=partner).exists()


def test_a_partner_learns_whether_since_when_on_which_grounds_and_with_which_measures(city, partner):
    offence, entry = published_entry(city)
    client = token_client(partner)

    by_code = client.get(LOOKUP, {"credit_code": entry.party.credit_code.lower()})
    assert by_code.status_code == 200
    body = by_code.json()
    assert body["listed"] is True and len(body["results"]) == 1
    found = body["results"][0]
    assert found["id"] == entry.pk and found["listed_since"] == str(entry.listed_on)
    assert found["listing_until"] == str(entry.listing_until) and found["listing_number"] == entry.listing_number
    assert found["grounds"] == [
        {"code": "intentional_infringement", "name": entry.ground.name, "legal_basis": entry.ground.legal_basis}
    ]
    assert {m["code"] for m in found["measures"]} == set(entry.measures.values_list("code", flat=True))
    assert found["authority"] == "晋城市市场监督管理局"

    by_name = client.get(LOOKUP, {"name": entry.party.name}).json()
    assert by_name["listed"] is True
    assert client.get(LOOKUP, {"name": entry.party.name[:-1]}).json()["listed"] is False  # exact names only
    candidate = repeat_offence(city).entry  # proposed, not listed
    assert client.get(LOOKUP, {"credit_code": candidate.party.credit_code}).json() == {
        "query": {"credit_code": candidate.party.credit_code},
        "listed": False,
        "checked_on": str(timezone.localdate()),
        "results": [],
    }

    logs = list(PartnerQueryLog.objects.order_by("at", "id"))
    assert [(log.endpoint, log.result_ids) for log in logs] == [
        ("lookup", [entry.pk]),
        ("lookup", [entry.pk]),
        ("lookup", []),
        ("lookup", []),
    ]
    assert logs[0].caller == partner and logs[0].caller_name == "晋城市发展和改革委员会（信用办）"
    assert logs[0].params == {"credit_code": entry.party.credit_code} and logs[2].params == {
        "name": entry.party.name[:-1]
    }


def test_a_bad_question_is_refused_and_logged(partner):
    client = token_client(partner)
    assert client.get(LOOKUP).status_code == 400
    assert client.get(LOOKUP, {"credit_code": "123"}).status_code == 400
    assert client.get(LOOKUP, {"credit_code": "91140500MA0K2B3C4D", "name": "x"}).status_code == 400
    assert client.get(CHANGES, {"since": "2026-13-01"}).status_code == 400
    assert client.get(CHANGES, {"since": "2000-01-01"}).status_code == 400
    assert list(PartnerQueryLog.objects.values_list("outcome", flat=True)) == ["invalid"] * 5


def test_the_daily_changes_export_lists_listings_and_removals_as_json_and_a_workbook(city, partner):
    offence, entry = published_entry(city)
    penalty_decision_revoke(offence.second.decision, reason="行政复议决定撤销", actor=city.head)
    repeat_offence(city)  # a candidate: not a change of the list
    client = token_client(partner)
    today = timezone.localdate().isoformat()

    body = client.get(CHANGES, {"since": today}).json()
    assert body["since"] == today and body["count"] == 3
    assert [(row["entry"], row["change"]) for row in body["results"]] == [
        (entry.pk, "list"),
        (entry.pk, "publish"),
        (entry.pk, "revoke"),
    ]
    assert body["results"][2]["change_label"] == "撤销列入" and body["results"][2]["state"] == "revoked"
    assert "行政复议决定撤销" in body["results"][2]["reason"]

    workbook = client.get(CHANGES, {"since": today, "format": "xlsx"})
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert workbook["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("时间", "变动类型代码", "变动") and len(rows) == 4
    assert {row[4] for row in rows[1:]} == {entry.party.name}

    logs = list(PartnerQueryLog.objects.filter(endpoint="changes").order_by("id"))
    assert [(log.params, log.result_ids) for log in logs] == [
        ({"since": today, "format": "json"}, [entry.pk]),
        ({"since": today, "format": "xlsx"}, [entry.pk]),
    ]


def test_the_query_log_is_append_only(partner):
    token_client(partner).get(LOOKUP, {"name": "x"})
    log = PartnerQueryLog.objects.get()
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()
    with pytest.raises(PermissionError):
        PartnerQueryLog.objects.update(outcome="x")
    with pytest.raises(PermissionError):
        PartnerQueryLog.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_of_partner_query_logs(partner):
    from django.db import DatabaseError, connection, transaction

    token_client(partner).get(LOOKUP, {"name": "x"})
    log = PartnerQueryLog.objects.get()

    def refused(sql: str) -> bool:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [log.pk])
        except DatabaseError as exc:
            return "append-only" in str(exc)
        return False

    assert refused("UPDATE creditlist_partnerquerylog SET outcome = 'x' WHERE id = %s")
    assert refused("DELETE FROM creditlist_partnerquerylog WHERE id = %s")


@pytest.mark.parametrize(
    "path",
    [
        "/api/credit-list/",
        "/api/enforcement-cases/",
        "/api/penalty-decisions/",
        "/api/assistance-requests/",
        "/api/parties/",
        "/api/publications/",
        "/api/search/?q=晋城",
        "/api/calendar/deadline/?start=2026-03-02&working_days=5",
        "/api/attachments/?owner_type=credit_entry&owner_id=1",
    ],
)
def test_a_partner_gets_nothing_from_the_staff_api(path, city, partner):
    """Refused (403), or an empty list where the resource's selector answers for the role."""
    _, entry = published_entry(city)
    response = token_client(partner).get(path)
    assert response.status_code in (200, 403), (path, response.status_code)
    if response.status_code == 200:
        assert response.json()["count"] == 0, path


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/credit-list/{pk}/"),
        ("get", "/api/credit-list/{pk}/history/"),
        ("post", "/api/credit-list/{pk}/transitions/revoke/"),
        ("post", "/api/credit-list/{pk}/removal-applications/"),
        ("patch", "/api/credit-list/{pk}/"),
        ("post", "/api/credit-list/"),
    ],
)
def test_a_partner_can_neither_open_nor_change_an_entry_through_the_staff_api(method, path, city, partner):
    _, entry = published_entry(city)
    response = getattr(token_client(partner), method)(path.format(pk=entry.pk), {"reason": "x"}, format="json")
    assert response.status_code in (403, 404), (path, response.status_code)
    assert entry.state == CreditEntry.objects.get(pk=entry.pk).state


def test_a_partner_is_in_no_jurisdiction_and_reads_no_party(partner, city):
    published_entry(city)
    assert visible_jurisdiction_codes(partner) == set()
    assert not partner.sees_whole_city
    assert not parties_visible_to(partner).exists()


def test_the_demo_partner_account_has_the_partner_role():
    users = load_demo_users()
    partner = users["partner"]
    assert partner.role == Role.PARTNER and partner.is_partner and partner.department is None
    assert partner.full_name == "晋城市发展和改革委员会（信用办）" and partner.jurisdiction_id == CITY
    assert partner.check_password("demo-pass-2026") and not partner.is_staff
