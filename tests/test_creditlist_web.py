"""The serious-dishonesty list's HTML pages (creditlist/web): a credit officer proposes a party
picked from a penalty decision, the registry or anew; the entry's page shows its grounds, measures,
listing and early removal applications to the bureau's staff and nobody else; the counter
application; the public list and entry pages show only entries published now (removed, revoked
and expired ones are 404 and absent), the online application with its tracking code and the
status lookup; a partner agency's account is sent to the page about the partner API."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.parties.models import Party
from casemgmt.search.services import search_for_user
from casemgmt.workflow.selectors import history_of
from creditlist.models import CreditEntry, EarlyRemovalApplication
from creditlist.services.entries import credit_entries_expire
from enforcement.services.decisions import penalty_payment_record

from . import enforcement_factories as ef
from .creditlist_factories import (
    LISTING_PATH,
    advance,
    backdate_listing,
    credit_bureau,
    published_entry,
    repeat_offence,
    step,
    years_ago,
)
from .factories import CITY, ZEZHOU, UserFactory, jurisdiction
from .publication_factories import decided_case, org_party_with_address, person
from .uploads import png_bytes, upload

pytestmark = pytest.mark.django_db
State = CreditEntry.State
PROPOSE = "/credit/propose/"


@pytest.fixture
def city():
    return credit_bureau(CITY)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def entry_url(entry) -> str:
    return f"/w/credit_entry/{entry.pk}/"


# --- proposing --------------------------------------------------------------------------------------


def test_a_credit_officer_proposes_the_party_of_a_penalty_decision_found_by_name(city):
    decided = decided_case(city.staff)
    decision = decided.decision
    client = signed_in(city.credit)

    page = client.get(PROPOSE, {"q": decided.party["name"]})
    assert page.status_code == 200
    assert f'value="decision:{decision.pk}"' in text(page) and decision.number_text in text(page)
    assert "联合惩戒措施" in text(page)

    response = client.post(
        PROPOSE,
        {
            "pick": f"decision:{decision.pk}",
            "ground": "refusal_to_perform",
            "matched_rule": "当事人有履行能力，逾期不缴纳罚款，经催告仍不履行。",
            "facts": "罚款五万元至今未缴纳。",
            "reason": "执法机构移交",
        },
    )
    entry = CreditEntry.objects.get(penalty_decision=decision, ground__code="refusal_to_perform")
    assert response.status_code == 302 and response["Location"] == entry_url(entry)
    assert entry.state == State.CANDIDATE and entry.source == "manual" and entry.party == decision.party
    assert entry.created_by == city.credit and entry.jurisdiction_id == CITY
    assert [row.transition for row in history_of(entry)] == ["create"]
    assert "执法机构移交" in history_of(entry).get().reason


def test_a_party_is_picked_from_the_registry_or_registered_anew(city):
    client = signed_in(city.credit)
    known = Party.objects.create(kind="organization", name="晋城市某商标代理有限公司", credit_code="91140500MA0K000013")
    body = {"ground": "malicious_trademark_filing", "matched_rule": "恶意申请注册商标46件，经国家知识产权局认定。"}

    page = client.get(PROPOSE, {"q": "商标代理"})
    assert f'value="party:{known.pk}"' in text(page)
    assert client.post(PROPOSE, body | {"pick": f"party:{known.pk}"}).status_code == 302
    assert CreditEntry.objects.get(party=known).ground.code == "malicious_trademark_filing"

    new = org_party_with_address()
    fields = {f"party.{key}": value for key, value in new.items()}
    assert client.post(PROPOSE, body | {"pick": "new"} | fields).status_code == 302
    entry = CreditEntry.objects.get(party__credit_code=new["credit_code"])
    assert entry.party.name == new["name"]


def test_a_refused_proposal_is_shown_on_the_form_and_writes_nothing(city):
    client = signed_in(city.credit)
    party = Party.objects.create(kind="organization", name="晋城市某贸易有限公司", credit_code="91140500MA0K00002X")
    pick = {"pick": f"party:{party.pk}", "matched_rule": "五年内两次商标侵权。"}

    missing = client.post(PROPOSE, pick | {"matched_rule": ""})
    assert missing.status_code == 400 and "请选择列入事由" in text(missing) and "请写明认定" in text(missing)
    # This ground rests on a penalty decision: the service refuses, the form says why.
    needs_decision = client.post(PROPOSE, pick | {"ground": "intentional_infringement"})
    assert needs_decision.status_code == 400 and "须依据行政处罚决定" in text(needs_decision)
    bad_party = client.post(PROPOSE, {"pick": "new", "party.kind": "organization", "party.name": "某公司", "ground": "abnormal_patent_application", "matched_rule": "x"})  # fmt: skip
    assert bad_party.status_code == 400 and "统一社会信用代码" in text(bad_party)
    assert not CreditEntry.objects.exists()
    assert not Party.objects.filter(name="某公司").exists()

    client.post(PROPOSE, pick | {"ground": "malicious_trademark_filing"})
    duplicate = client.post(PROPOSE, pick | {"ground": "malicious_trademark_filing"})
    assert duplicate.status_code == 409 and "已因同一事由" in text(duplicate)
    assert CreditEntry.objects.count() == 1


def test_only_credit_officers_propose_and_only_on_their_own_bureaus_decisions(city):
    decided = decided_case(city.staff)
    for user in (
        city.staff.officers[0],
        city.head,
        city.reviewer,
        UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY)),
    ):
        assert signed_in(user).get(PROPOSE).status_code == 403, user.role
    county = credit_bureau(ZEZHOU)
    client = signed_in(county.credit)
    assert f"decision:{decided.decision.pk}" not in text(client.get(PROPOSE, {"q": decided.party["name"]}))
    response = client.post(
        PROPOSE, {"pick": f"decision:{decided.decision.pk}", "ground": "refusal_to_perform", "matched_rule": "x"}
    )
    assert response.status_code == 400 and "未找到该处罚决定" in text(response)
    assert not CreditEntry.objects.exists()


def test_credit_officers_find_the_propose_page_and_their_queues_in_the_navigation(city):
    nav = text(signed_in(city.credit).get("/"))
    assert f'href="{PROPOSE}"' in nav and "提出列入建议" in nav and "陈述申辩期" in nav
    assert "提出列入建议" not in text(signed_in(city.staff.officers[0]).get("/"))
    assert "待审查同意列入" in text(signed_in(city.head).get("/"))


# --- the entry's page ---------------------------------------------------------------------------------


def test_the_entry_page_shows_grounds_measures_listing_and_the_decision_document(city):
    _, entry = published_entry(city)
    page = text(signed_in(city.credit).get(entry_url(entry)))
    assert 'data-object-panel="credit-entry"' in page
    assert entry.ground.name in page and "第六十条第二款" in page  # the ground's legal basis
    assert "五年内" in entry.matched_rule and entry.matched_rule.split("\n")[0][:20] in page
    for measure in entry.measures.all():
        assert measure.name in page
    assert reverse("web:document-print", args=[entry.listing_document_id]) in page
    until = entry.listing_until
    assert entry.listing_number in page and f"{until.year}年{until.month}月{until.day}日" in page
    assert "列入满一年" in page and "不符合" in page  # eligibility now: less than a year on the list
    assert reverse("web:credit-removal-counter", args=[entry.pk]) in page  # the counter form, for this officer
    assert reverse("public_credit:detail", args=[entry.pk]) in page


def test_the_bureaus_staff_read_the_entry_and_nobody_else(city):
    entry = repeat_offence(city).entry
    readers = [city.credit, city.head, city.reviewer, city.staff.officers[0]]
    readers.append(UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY)))
    for user in readers:
        assert signed_in(user).get(entry_url(entry)).status_code == 200, user.role
        assert signed_in(user).get("/w/credit_entry/").status_code == 200, user.role
    county = credit_bureau(ZEZHOU)
    assert signed_in(county.credit).get(entry_url(entry)).status_code == 404
    assert entry.party.name not in text(signed_in(county.credit).get("/w/credit_entry/"))
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    assert signed_in(clerk).get(entry_url(entry)).status_code == 404
    assert signed_in(county.credit).get(f"/w/credit_entry/{entry.pk}/transition/notify/").status_code == 404


def test_staff_search_finds_entries_for_those_who_may_read_them(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = repeat_offence(city).entry
    page = text(signed_in(city.credit).get("/search/", {"q": entry.party.name, "type": "credit_entry"}))
    assert entry_url(entry) in page
    county = credit_bureau(ZEZHOU)
    assert entry_url(entry) not in text(signed_in(county.credit).get("/search/", {"q": entry.party.name}))
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    assert search_for_user(clerk, q=entry.party.name, types=["credit_entry"]).count == 0


# --- the counter application ---------------------------------------------------------------------------


def _counter_body(**fields):
    return {
        "applicant_name": "王建国",
        "contact_phone": "13903561234",
        "statement": "已缴清罚款并整改，申请提前移出。",
        "effects_statement": "已召回侵权商品并登报致歉。",
        "attachments": [upload("整改报告.png", png_bytes())],
    } | fields


def test_a_counter_application_in_the_first_year_is_refused_at_once_with_the_reason(city):
    _, entry = published_entry(city)
    url = reverse("web:credit-removal-counter", args=[entry.pk])
    client = signed_in(city.credit)
    page = client.get(url)
    assert page.status_code == 200 and "列入满一年" in text(page)

    response = client.post(url, _counter_body())
    assert response.status_code == 302 and response["Location"] == entry_url(entry)
    application = EarlyRemovalApplication.objects.get(entry=entry)
    assert application.channel == "counter" and application.status == "refused"
    assert application.created_by == city.credit and application.proofs.count() == 1
    page = text(client.get(entry_url(entry)))
    assert application.tracking_code in page and "不予提前移出" in page and "列入满一年：不符合" in page
    assert CreditEntry.objects.get(pk=entry.pk).state == State.PUBLISHED


def settle(offence, cb) -> None:
    """Serve the second decision and pay its fine in full (the obligations are fulfilled)."""
    case = ef.advance(offence.second.case, cb.staff, "serve", "start_execution")
    decision = case.penalty_decision
    penalty_payment_record(
        decision, actor=cb.staff.officers[0], amount=decision.amount_payable, paid_on=timezone.localdate()
    )


def test_an_eligible_counter_application_sends_the_entry_to_review(city):
    offence, entry = published_entry(city)
    entry = backdate_listing(entry, listed_on=years_ago(1, days=3))
    settle(offence, city)
    url = reverse("web:credit-removal-counter", args=[entry.pk])
    response = signed_in(city.credit).post(url, _counter_body(attachments=[]))
    assert response.status_code == 302
    entry = CreditEntry.objects.get(pk=entry.pk)
    assert entry.state == State.REMOVAL_REQUESTED
    page = text(signed_in(city.reviewer).get(entry_url(entry)))
    assert "审查中" in page and "待审查人员核实" in page and 'data-transition="refuse_removal"' in page
    # An application is already under review: the form says so and refuses another.
    again = signed_in(city.credit).post(url, _counter_body(attachments=[]))
    assert again.status_code == 409 and "正在审查" in text(again)


def test_the_counter_form_is_the_bureaus_credit_officers_and_checks_its_input(city):
    _, entry = published_entry(city)
    url = reverse("web:credit-removal-counter", args=[entry.pk])
    assert signed_in(credit_bureau(ZEZHOU).credit).post(url, _counter_body()).status_code == 404
    assert signed_in(city.reviewer).get(url).status_code == 403
    bad = signed_in(city.credit).post(url, _counter_body(statement="", contact_phone="12"))
    assert bad.status_code == 400 and "请填写申请理由" in text(bad) and "电话" in text(bad)
    assert not EarlyRemovalApplication.objects.exists()


# --- the public pages ----------------------------------------------------------------------------------


def test_the_public_list_shows_published_entries_only_and_a_person_by_name_only(city):
    candidate = repeat_offence(city).entry
    listed = advance(repeat_offence(city).entry, city, *LISTING_PATH[:-1])
    _, published = published_entry(city)
    individual = person("赵某某")
    _, person_entry = published_entry(city, party=individual)

    page = text(Client().get("/public/credit-list/"))
    assert "共 2 条" in page
    assert published.party.name in page and published.party.credit_code in page and "赵某某" in page
    for hidden in (candidate, listed):
        assert f'data-credit-entry="{hidden.pk}"' not in page
        assert Client().get(f"/public/credit-list/{hidden.pk}/").status_code == 404
    for secret in (individual["id_number"], individual["address"], individual["phone"]):
        assert secret not in page
    detail = Client().get(f"/public/credit-list/{person_entry.pk}/")
    assert detail.status_code == 200 and "赵某某" in text(detail)
    assert individual["id_number"] not in text(detail) and individual["address"] not in text(detail)

    found = text(Client().get("/public/credit-list/", {"q": published.party.credit_code}))
    assert "查询结果：共 1 条" in found and f'data-credit-entry="{published.pk}"' in found
    assert "查询结果：共 0 条" in text(Client().get("/public/credit-list/", {"q": individual["id_number"]}))
    page = text(Client().get(f"/public/credit-list/{published.pk}/"))
    assert published.listing_number in page and published.ground.legal_basis[:20] in page
    assert reverse("public_credit:apply", args=[published.pk]) in page


@pytest.mark.parametrize("ending", ["approve_removal", "revoke", "expire"])
def test_an_entry_that_left_the_list_is_404_on_the_html_page_and_absent_from_the_list(city, ending):
    offence, entry = published_entry(city)
    _, other = published_entry(city)
    url = f"/public/credit-list/{entry.pk}/"
    assert Client().get(url).status_code == 200
    if ending == "approve_removal":
        entry = backdate_listing(entry, listed_on=years_ago(1, days=2))
        settle(offence, city)
        signed_in(city.credit).post(
            reverse("web:credit-removal-counter", args=[entry.pk]), _counter_body(attachments=[])
        )
        entry = step(CreditEntry.objects.get(pk=entry.pk), city, "approve_removal")
        assert entry.state == State.REMOVED
    elif ending == "revoke":
        entry = step(entry, city, "revoke")
    else:
        backdate_listing(entry, listed_on=years_ago(3, days=1))
        assert Client().get(url).status_code == 404  # gone the day after its last day, before the task runs
        assert credit_entries_expire() == 1
    response = Client().get(url)
    assert response.status_code == 404 and "未找到该名单信息" in text(response)
    assert Client().get(f"{url}apply-removal/").status_code == 404
    page = text(Client().get("/public/credit-list/"))
    assert f'data-credit-entry="{entry.pk}"' not in page and f'data-credit-entry="{other.pk}"' in page
    assert "查询结果：共 0 条" in text(Client().get("/public/credit-list/", {"q": entry.party.credit_code}))


def _online_body(entry, **fields):
    return {
        "party_identifier": entry.party.credit_code,
        "applicant_name": entry.party.name,
        "contact_phone": "139 0356 4321",
        "statement": "申请提前移出。",
        "effects_statement": "已整改并消除影响。",
        "privacy_consent": "true",
        "attachments": [upload("缴款凭证.png", png_bytes())],
    } | fields


def test_the_online_application_gives_a_tracking_code_and_the_status_is_looked_up_with_the_phone(city):
    _, entry = published_entry(city)
    url = f"/public/credit-list/{entry.pk}/apply-removal/"
    client = Client()
    form = client.get(url)
    assert form.status_code == 200 and "个人信息保护告知" in text(form) and entry.listing_number in text(form)

    unticked = {key: value for key, value in _online_body(entry).items() if key != "privacy_consent"}
    refused = client.post(url, unticked | {"party_identifier": "91140500MA0K000000"})
    assert refused.status_code == 400
    assert "请阅读并同意" in text(refused) and "统一社会信用代码（身份证号码）与名单当事人不符" not in text(refused)
    wrong_party = client.post(url, _online_body(entry, party_identifier="91140500MA0K000000"))
    assert wrong_party.status_code == 400 and "与名单当事人不符" in text(wrong_party)
    no_proofs = client.post(url, _online_body(entry, attachments=[]))
    assert no_proofs.status_code == 400 and "请上传证明材料" in text(no_proofs)
    assert not EarlyRemovalApplication.objects.exists()

    done = client.post(url, _online_body(entry), follow=True)
    application = EarlyRemovalApplication.objects.get(entry=entry)
    assert done.redirect_chain[-1][0] == reverse("public_credit:apply-done")
    page = text(done)
    assert application.tracking_code in page and "不予提前移出" in page and "列入满一年：不符合" in page
    assert application.channel == "online" and application.proofs.count() == 1

    status = Client().post("/public/credit-list/removal-status/", {"tracking_code": application.tracking_code.lower(), "phone_last4": "4321"})  # fmt: skip
    assert status.status_code == 200 and "不予提前移出" in text(status) and entry.listing_number in text(status)
    wrong = Client().post("/public/credit-list/removal-status/", {"tracking_code": application.tracking_code, "phone_last4": "1234"})  # fmt: skip
    assert wrong.status_code == 404 and "未找到该申请" in text(wrong)
    assert (
        Client().post("/public/credit-list/removal-status/", {"tracking_code": "", "phone_last4": "x"}).status_code
        == 400
    )
    assert Client().get(reverse("public_credit:apply-done")).status_code == 302  # nothing in this session


def test_the_portal_links_to_the_list_and_the_public_pages_are_rate_limited(city, settings):
    home = text(Client().get("/public/"))
    assert reverse("public_credit:list") in home and "严重违法失信名单" in home
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public": "2/min"}}  # fmt: skip
    client = Client()
    assert [client.get("/public/credit-list/").status_code for _ in range(3)] == [200, 200, 429]


# --- partner agencies ----------------------------------------------------------------------------------


def test_a_partner_agency_signed_in_to_the_staff_ui_is_shown_how_to_use_the_partner_api(city):
    partner = UserFactory(role=Role.PARTNER, jurisdiction=jurisdiction(CITY))
    client = signed_in(partner)
    for url in ("/", "/w/credit_entry/", "/search/?q=x", "/deadlines/", PROPOSE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/partner-access/", url
    page = client.get("/partner-access/")
    assert page.status_code == 200
    assert "/api/partner/credit-list/?credit_code=" in text(page) and "联合惩戒" in text(page)
    assert f"令牌有效期 {settings.PARTNER_API_TOKEN_HOURS} 小时" in text(page)
    assert "主导航" not in text(page)
    assert signed_in(city.credit).get("/partner-access/")["Location"] == "/"
    partner.set_password("partner-pass")
    partner.save(update_fields=["password"])
    login = Client().post("/login/", {"username": partner.username, "password": "partner-pass"}, follow=True)
    assert login.redirect_chain[-1][0] == "/partner-access/" and "联合惩戒查询接口" in text(login)
