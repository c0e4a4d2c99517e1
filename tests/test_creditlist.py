"""The serious-dishonesty list (creditlist/, DOMAIN §5): a penalty decision meeting a ground
proposes a candidate; the party is notified and heard; the level above consents; the numbered
listing decision puts it on the list, publication puts it on the public list; it leaves by early
removal after a year, by expiry after three years (nobody acting), or by revocation when the
penalty decision is annulled — and then it is on no public path."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.documents.selectors import documents_for
from casemgmt.errors import Conflict, Forbidden, Invalid, NotFound
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.search.services import search_for_user
from casemgmt.workflow.selectors import available_transitions, history_of
from casemgmt.workflow.services import fire_transition
from creditlist import rules
from creditlist.models import CreditEntry, EarlyRemovalApplication, JointMeasure
from creditlist.selectors import credit_entries_public
from creditlist.services.entries import credit_entries_propose_from_decision
from creditlist.tasks import expire_credit_entries
from enforcement.publication import penalty_decision_revoke
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


@pytest.fixture
def city():
    return credit_bureau(CITY)


def reload(entry: CreditEntry) -> CreditEntry:
    return CreditEntry.objects.get(pk=entry.pk)


def limit(entry, kind):
    found = [d for d in deadlines_for(entry) if d.kind == kind]
    assert len(found) == 1, found
    return found[0]


def public_ids(api) -> set[int]:
    return {row["id"] for row in api.get("/api/public/credit-list/").json()["results"]}


def settle(decided, cb) -> None:
    """Serve the decision and pay the fine in full (the obligations of the penalty are fulfilled)."""
    case = ef.advance(decided.case, cb.staff, "serve", "start_execution")
    decision = case.penalty_decision
    penalty_payment_record(
        decision, actor=cb.staff.officers[0], amount=decision.amount_payable, paid_on=timezone.localdate()
    )


# --- proposal ------------------------------------------------------------------------------------------


def test_a_repeat_trademark_infringement_within_five_years_proposes_a_candidate_naming_the_rule(city):
    party = org_party_with_address()
    first = decided_case(city.staff, party=party)
    assert not CreditEntry.objects.exists()  # a first infringement meets no ground

    # The second act is committed after the first decision: the five years run to the new act.
    second = decided_case(city.staff, party=party, aggravation_confirmed=True, violation_on=timezone.localdate())
    entry = CreditEntry.objects.get()
    assert entry.state == State.CANDIDATE and entry.source == "automatic"
    assert entry.penalty_decision == second.decision and entry.party == second.decision.party
    assert entry.ground.code == "intentional_infringement" and entry.listing_years == 3
    assert entry.jurisdiction_id == CITY
    assert first.decision.number_text in entry.matched_rule and "第六十条第二款" in entry.matched_rule
    created = history_of(entry).get()
    assert created.transition == "create" and created.actor_role == "system"
    assert "五年内再次商标侵权" in created.system_rule and created.reason == entry.matched_rule
    assert Notification.objects.filter(recipient=city.credit, title__contains=party["name"]).exists()

    assert credit_entries_propose_from_decision(second.decision) == []  # once per decision and ground
    assert CreditEntry.objects.count() == 1


def test_a_ground_switched_off_in_the_catalogue_proposes_nothing(city):
    from creditlist.models import CreditGround

    CreditGround.objects.filter(code="intentional_infringement").update(active=False)
    repeat_offence(city)
    assert not CreditEntry.objects.exists()


# --- notice, hearing, consent, listing, publication ----------------------------------------------------


def test_notice_no_objection_listing_and_publication_put_the_entry_on_the_public_list(city, api):
    entry = repeat_offence(city).entry
    entry = step(entry, city, "notify")
    notice = documents_for(entry).get(kind="credit_listing_notice")
    assert notice.number_text == f"晋市监信告〔{timezone.localdate().year}〕1号"
    window = limit(entry, "credit_statement_window")
    assert window.rule == "working_days" and window.amount == 5 and entry.statement_due == window.due

    # No decision while the party's window is open.
    with pytest.raises(Conflict, match="陈述、申辩期限尚未届满"):
        step(entry, city, "submit_for_consent")

    # The window runs out with no objection.
    CreditEntry.objects.filter(pk=entry.pk).update(statement_due=timezone.localdate() - dt.timedelta(days=1))
    entry = advance(reload(entry), city, "submit_for_consent", "record_consent")
    assert entry.consent_authority == "山西省市场监督管理局" and entry.consent_reference
    entry = step(entry, city, "list")
    assert entry.state == State.LISTED and entry.decided_by == city.head
    assert entry.listed_on == timezone.localdate()
    assert entry.listing_until == timezone.localdate() + relativedelta(years=3)
    assert entry.listing_number == f"晋市监信列〔{timezone.localdate().year}〕1号"
    assert documents_for(entry).get(kind="credit_listing_decision").number_text == entry.listing_number
    assert set(entry.measures.values_list("code", flat=True)) == set(
        JointMeasure.objects.filter(applies_by_default=True).values_list("code", flat=True)
    )
    assert limit(entry, "credit_statement_window").status == "met"
    publication_limit = limit(entry, "credit_publication")
    assert publication_limit.amount == 20 and publication_limit.status == "open"
    assert entry.pk not in public_ids(api)  # listed, not yet published

    entry = step(entry, city, "publish")
    assert entry.state == State.PUBLISHED and entry.published_on == timezone.localdate()
    assert limit(entry, "credit_publication").status == "met"
    assert public_ids(api) == {entry.pk}
    detail = api.get(f"/api/public/credit-list/{entry.pk}/").json()
    assert detail["listing_number"] == entry.listing_number and detail["ground"] == entry.ground.name
    assert detail["credit_code"] == entry.party.credit_code and detail["listed_on"] == str(entry.listed_on)
    assert api.get("/api/public/credit-list/", {"q": entry.party.credit_code}).json()["count"] == 1
    assert api.get("/api/public/credit-list/", {"q": entry.listing_number}).json()["count"] == 1
    assert api.get("/api/public/credit-list/", {"q": "不存在的公司"}).json()["count"] == 0
    assert [log.transition for log in history_of(entry)] == [
        "create",
        "notify",
        "submit_for_consent",
        "record_consent",
        "list",
        "publish",
    ]


def test_the_level_above_must_consent_by_default_and_the_setting_switches_it_off(city, settings):
    entry = step(repeat_offence(city).entry, city, "notify")
    entry = step(entry, city, "record_waiver")
    assert entry.consent_required
    with pytest.raises(Conflict, match="上一级同意"):
        step(entry, city, "list")
    assert {t["name"] for t in available_transitions(entry, city.credit)} >= {"submit_for_consent"}

    settings.CREDITLIST_LEVEL_ABOVE_CONSENT = False
    entry = reload(entry)
    assert not entry.consent_required
    with pytest.raises(Conflict, match="无须报上一级同意"):
        step(entry, city, "submit_for_consent")
    assert step(entry, city, "list").state == State.LISTED


def test_the_city_head_may_record_consent_to_a_county_listing(city):
    county = credit_bureau(ZEZHOU)
    entry = advance(repeat_offence(county).entry, county, "notify", "record_waiver", "submit_for_consent")
    assert Notification.objects.filter(recipient=city.head, title__contains="请审查是否同意列入").exists()
    with pytest.raises(Forbidden):
        fire_transition(entry, "record_consent", actor=county.head, payload={"consent_reference": "x"})
    entry = fire_transition(
        entry, "record_consent", actor=city.head, payload={"consent_reference": "晋市监信函〔2026〕9号"}
    )
    assert entry.state == State.CONSENTED and entry.consent_authority == "晋城市市场监督管理局"


def test_an_objection_and_a_hearing_are_answered_before_the_listing(city, settings, clock):
    settings.CREDITLIST_LEVEL_ABOVE_CONSENT = False
    entry = step(repeat_offence(city).entry, city, "notify")
    entry = step(entry, city, "record_objection")
    assert entry.state == State.OBJECTION_REVIEW and entry.objection_received_on == timezone.localdate()
    # A written objection does not cut off the hearing: no listing while the window is open.
    with pytest.raises(Conflict, match="陈述、申辩期限尚未届满"):
        step(entry, city, "list", objection_opinion="申辩理由不成立，不予采纳。")
    clock(f"{entry.statement_due + dt.timedelta(days=1)} 09:00")
    with pytest.raises(Invalid) as refused:
        step(entry, city, "list")
    assert "objection_opinion" in refused.value.errors
    entry = step(entry, city, "list", objection_opinion="申辩理由不成立，不予采纳。")
    assert entry.state == State.LISTED and entry.objection_opinion == "申辩理由不成立，不予采纳。"


def test_after_a_written_objection_the_party_may_still_ask_for_a_hearing_within_the_window(city, settings):
    settings.CREDITLIST_LEVEL_ABOVE_CONSENT = False
    entry = step(repeat_offence(city).entry, city, "notify")
    entry = step(entry, city, "record_objection")
    entry = step(entry, city, "request_hearing")
    assert entry.state == State.HEARING_REQUESTED
    entry = step(entry, city, "hold_hearing")
    # Heard: the listing may be decided now, the window notwithstanding.
    entry = step(entry, city, "list", objection_opinion="经听证，申辩理由不成立。")
    assert entry.state == State.LISTED

    other = step(repeat_offence(city).entry, city, "notify")
    other = step(other, city, "request_hearing")
    assert other.state == State.HEARING_REQUESTED
    with pytest.raises(Conflict):
        step(other, city, "list", objection_opinion="x")
    other = step(other, city, "hold_hearing")
    assert other.state == State.OBJECTION_REVIEW and other.hearing_record
    other = step(other, city, "dismiss")
    assert other.state == State.DISMISSED and other.end_reason == "经审查不符合列入条件。"


def test_a_late_objection_is_refused(city):
    entry = step(repeat_offence(city).entry, city, "notify")
    CreditEntry.objects.filter(pk=entry.pk).update(statement_due=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(Invalid) as late:
        step(reload(entry), city, "record_objection")
    assert "期限已于" in late.value.errors["received_on"][0]


def test_only_the_bureaus_own_staff_in_their_roles_act(city):
    entry = repeat_offence(city).entry
    county = credit_bureau(ZEZHOU)
    with pytest.raises(Forbidden):
        fire_transition(entry, "notify", actor=city.head)  # credit officers serve the notice
    with pytest.raises(Forbidden):
        fire_transition(entry, "notify", actor=UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY)))
    with pytest.raises(NotFound):
        fire_transition(entry, "notify", actor=county.credit)  # another county's: not even seen
    entry = advance(entry, city, "notify", "record_waiver", "submit_for_consent", "record_consent")
    with pytest.raises(Forbidden):
        fire_transition(entry, "list", actor=city.credit)  # the head decides


# --- early removal (信用修复) --------------------------------------------------------------------------


def _online(api, entry, **fields):
    body = {
        "entry": entry.pk,
        "party_identifier": entry.party.credit_code,
        "applicant_name": entry.party.name,
        "contact_phone": "13903561234",
        "statement": "已缴清罚款，停止销售侵权商品并完成整改，申请提前移出。",
        "obligations_statement": "罚没款已全部缴纳。",
        "effects_statement": "已召回并销毁侵权商品，在本地媒体刊登致歉声明。",
        "privacy_consent": "true",
        "attachments": [upload("缴款凭证.png", png_bytes())],
    } | fields
    return api.post("/api/public/credit-removal-applications/", body, format="multipart")


def test_after_a_year_an_eligible_online_application_removes_the_entry(city, api):
    offence, entry = published_entry(city)
    entry = backdate_listing(entry, listed_on=years_ago(1, days=1))
    settle(offence.second, city)

    response = _online(api, entry)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["state"] == "submitted" and body["tracking_code"].startswith("XY")
    assert [c["met"] for c in body["eligibility"]] == [True, True, True, None]
    entry = reload(entry)
    assert entry.state == State.REMOVAL_REQUESTED
    assert entry.pk in public_ids(api)  # still on the list while the application is examined
    application = EarlyRemovalApplication.objects.get(tracking_code=body["tracking_code"])
    assert application.channel == "online" and application.proofs.count() == 1
    assert application.proofs.get().object_id == entry.pk  # stored with the entry: staff open it there
    request_row = history_of(entry).get(transition="request_removal")
    assert request_row.actor_role == "system" and body["tracking_code"] in request_row.reason
    assert history_of(application).get().actor_name == f"申请人 {entry.party.name}（网上申请）"
    assert limit(entry, "credit_removal_decision").amount == 15

    status = api.get(f"/api/public/credit-removal-applications/{body['tracking_code']}/", {"phone_last4": "1234"})
    assert status.status_code == 200 and status.json()["state"] == "submitted"
    wrong = api.get(f"/api/public/credit-removal-applications/{body['tracking_code']}/", {"phone_last4": "0000"})
    assert wrong.status_code == 404

    with pytest.raises(Invalid):
        step(entry, city, "approve_removal", conditions_confirmed=False)
    entry = step(entry, city, "approve_removal")
    assert entry.state == State.REMOVED and entry.ended_on == timezone.localdate()
    assert documents_for(entry).get(kind="credit_removal_decision").number_text.startswith("晋市监信移〔")
    application.refresh_from_db()
    assert application.status == "approved" and application.decided_by == city.head
    assert entry.pk not in public_ids(api)
    assert api.get(f"/api/public/credit-list/{entry.pk}/").status_code == 404
    assert limit(entry, "credit_removal_decision").status == "met"
    assert (
        api.get(f"/api/public/credit-removal-applications/{body['tracking_code']}/", {"phone_last4": "1234"}).json()[
            "state"
        ]
        == "approved"
    )


def test_an_application_in_the_first_year_is_refused_with_the_reason(city, api):
    offence, entry = published_entry(city)
    settle(offence.second, city)
    response = _online(api, entry)
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "refused"
    assert (
        "列入满一年" in body["decision_reason"]
        and f"{rules.early_removal_from(entry.listed_on):%Y年%m月%d日}" in (body["decision_reason"])
    )
    entry = reload(entry)
    assert entry.state == State.PUBLISHED and entry.pk in public_ids(api)
    refusal = history_of(entry).get(transition="removal_application_refused")
    assert refusal.actor_role == "system" and "列入满一年" in refusal.reason
    status = api.get(f"/api/public/credit-removal-applications/{body['tracking_code']}/", {"phone_last4": "1234"})
    assert status.json()["state"] == "refused" and "列入满一年" in status.json()["decision_reason"]


def test_an_application_after_a_new_heavier_penalty_is_refused_with_the_reason(city, api):
    offence, entry = published_entry(city)
    entry = backdate_listing(entry, listed_on=years_ago(1, days=1))
    settle(offence.second, city)
    third = decided_case(  # again, after the listing
        city.staff, party=offence.party, aggravation_confirmed=True, violation_on=timezone.localdate()
    )

    client = api.as_user(city.credit)
    response = client.post(
        f"/api/credit-list/{entry.pk}/removal-applications/",
        {
            "applicant_name": "王建国",
            "contact_phone": "13903561234",
            "statement": "申请提前移出。",
            "effects_statement": "已整改。",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content.decode()
    assert response.json()["status"] == "refused" and response.json()["channel"] == "counter"
    assert third.decision.number_text in response.json()["decision_reason"]
    assert "较重行政处罚" in response.json()["decision_reason"]
    refusal = history_of(entry).get(transition="removal_application_refused")
    assert refusal.actor == city.credit
    assert reload(entry).state == State.PUBLISHED


def test_an_unpaid_fine_is_a_reason_to_refuse(city, api):
    _, entry = published_entry(city)
    entry = backdate_listing(entry, listed_on=years_ago(1, days=1))
    body = _online(api, entry).json()
    assert body["state"] == "refused" and "尚欠罚没款" in body["decision_reason"]


def test_the_online_application_must_name_the_listed_party_and_bring_proofs(city, api):
    _, entry = published_entry(city)
    wrong = _online(api, entry, party_identifier="91140500MA0K000000")
    assert wrong.status_code == 400 and "entry" in wrong.json()["errors"]
    assert _online(api, entry, attachments=[]).status_code == 400
    assert not EarlyRemovalApplication.objects.exists()


def test_a_refused_removal_keeps_the_entry_on_the_list(city, api):
    offence, entry = published_entry(city)
    entry = backdate_listing(entry, listed_on=years_ago(1, days=1))
    settle(offence.second, city)
    tracking = _online(api, entry).json()["tracking_code"]
    entry = step(reload(entry), city, "refuse_removal")
    assert entry.state == State.PUBLISHED and entry.pk in public_ids(api)
    application = EarlyRemovalApplication.objects.get(tracking_code=tracking)
    assert application.status == "refused" and application.decision_reason == "当事人未提交消除不良影响的证明。"


# --- expiry ---------------------------------------------------------------------------------------------


def test_three_years_after_listing_the_entry_expires_with_nobody_acting(city, api):
    _, entry = published_entry(city)
    _, other = published_entry(city)
    entry = backdate_listing(entry, listed_on=years_ago(3, days=1))
    assert entry.listing_until == timezone.localdate() - dt.timedelta(days=1)
    # Off every public path from the day after its last day, before the task has run.
    assert entry.pk not in public_ids(api) and other.pk in public_ids(api)
    assert api.get(f"/api/public/credit-list/{entry.pk}/").status_code == 404

    with pytest.raises(Forbidden):
        fire_transition(entry, "expire", actor=city.head)  # nobody expires an entry by hand
    assert expire_credit_entries.delay().get() == 1
    entry = reload(entry)
    assert entry.state == State.EXPIRED and entry.ended_on == timezone.localdate()
    assert reload(other).state == State.PUBLISHED
    expiry = history_of(entry).get(transition="expire")
    assert expiry.actor is None and expiry.actor_role == "system" and "满三年" in expiry.system_rule
    assert expire_credit_entries.delay().get() == 0  # idempotent


def test_the_expiry_task_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "creditlist.tasks.expire_credit_entries" in tasks


# --- the penalty decision revoked or changed -----------------------------------------------------------


def test_revoking_the_penalty_decision_revokes_the_entry_and_removes_it_from_every_public_path(city, api):
    offence, entry = published_entry(city)
    partner = UserFactory(role=Role.PARTNER, jurisdiction=jurisdiction(CITY))
    assert entry.pk in public_ids(api)

    penalty_decision_revoke(
        offence.second.decision, reason="行政复议决定撤销（晋市政复决〔2026〕3号）", actor=city.head
    )

    entry = reload(entry)
    assert entry.state == State.REVOKED and entry.ended_on == timezone.localdate()
    assert entry.pk not in public_ids(api)
    assert api.get(f"/api/public/credit-list/{entry.pk}/").status_code == 404
    assert api.get("/api/public/credit-list/", {"q": entry.party.name}).json()["count"] == 0
    assert not credit_entries_public().filter(pk=entry.pk).exists()
    lookup = api.as_user(partner).get("/api/partner/credit-list/", {"credit_code": entry.party.credit_code})
    assert lookup.json()["listed"] is False
    revocation = history_of(entry).get(transition="revoke")
    assert revocation.actor is None and revocation.actor_role == "system"
    assert "被撤销" in revocation.system_rule
    assert offence.second.decision.number_text in revocation.reason and "行政复议决定撤销" in revocation.reason
    assert entry.end_reason == revocation.reason
    deadline = limit(entry, "credit_revocation")
    assert deadline.amount == 3 and deadline.status == "met" and deadline.met_at == timezone.localdate()


def test_revoking_the_decision_of_a_candidate_revokes_the_candidate(city):
    offence = repeat_offence(city)
    penalty_decision_revoke(
        offence.second.decision, reason="人民法院判决撤销", actor=city.head, ground="found_unlawful"
    )
    assert reload(offence.entry).state == State.REVOKED


def test_a_changed_decision_is_flagged_for_review_within_three_working_days(city, api):
    offence, entry = published_entry(city)
    penalty_decision_revoke(
        offence.second.decision,
        reason="复议决定变更罚款数额",
        actor=city.head,
        ground="changed",
        changed_text=offence.second.decision.decision_text.replace("50,000.00", "30,000.00"),
    )
    entry = reload(entry)
    assert entry.state == State.PUBLISHED  # whether the ground still holds is for the bureau to tell
    flag = history_of(entry).get(transition="basis_changed")
    assert flag.actor_role == "system" and "变更" in flag.reason
    deadline = limit(entry, "credit_revocation")
    assert deadline.status == "open" and deadline.amount == 3
    entry = step(entry, city, "revoke", reason="变更后的处罚不再属于从重处罚，列入事由不成立。")
    assert entry.state == State.REVOKED and limit(entry, "credit_revocation").status == "met"
    assert entry.pk not in public_ids(api)


# --- proposing by hand, jurisdiction, measures ---------------------------------------------------------


def test_a_credit_officer_proposes_a_party_manually_with_a_ground(city, api):
    client = api.as_user(city.credit)
    code = make_credit_code(random.Random(20261202))
    body = {
        "party": {"kind": "organization", "name": "晋城市某某知识产权代理有限公司", "credit_code": code},
        "ground": "abnormal_patent_application",
        "matched_rule": "国家知识产权局认定该公司提交非正常专利申请312件（国知办函〔2026〕12号）。",
        "facts": "2025年以来代理大量非正常专利申请。",
    }
    response = client.post("/api/credit-list/", body, format="json")
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    assert data["state"] == "candidate" and data["source"] == "manual" and data["jurisdiction"] == CITY
    assert data["ground"] == "abnormal_patent_application" and data["penalty_decision"] is None
    entry = CreditEntry.objects.get(pk=data["id"])
    assert history_of(entry).get().actor == city.credit

    needs_decision = client.post("/api/credit-list/", body | {"ground": "intentional_infringement"}, format="json")
    assert needs_decision.status_code == 400 and "penalty_decision" in needs_decision.json()["errors"]
    again = client.post("/api/credit-list/", body, format="json")
    assert again.status_code == 409
    officer = api.as_user(city.staff.officers[0]).post("/api/credit-list/", body, format="json")
    assert officer.status_code == 403


def test_a_credit_officer_proposes_on_a_decision_of_its_bureau(city, api):
    decided = decided_case(city.staff)
    client = api.as_user(city.credit)
    body = {
        "penalty_decision": decided.decision.pk,
        "ground": "refusal_to_perform",
        "matched_rule": "当事人有履行能力，经催告仍拒不缴纳罚款。",
    }
    response = client.post("/api/credit-list/", body, format="json")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["party_id"] == decided.decision.party_id
    county = credit_bureau(ZEZHOU)
    other = api.as_user(county.credit).post("/api/credit-list/", body, format="json")
    assert other.status_code == 400 and "penalty_decision" in other.json()["errors"]  # not visible to the county


def test_a_county_credit_officer_sees_only_its_countys_entries(city, api):
    county = credit_bureau(ZEZHOU)
    city_entry = repeat_offence(city).entry
    county_entry = repeat_offence(county).entry
    assert county_entry.jurisdiction_id == ZEZHOU

    client = api.as_user(county.credit)
    assert [row["id"] for row in client.get("/api/credit-list/").json()["results"]] == [county_entry.pk]
    assert client.get(f"/api/credit-list/{city_entry.pk}/").status_code == 404
    assert client.get(f"/api/credit-list/{city_entry.pk}/history/").status_code == 404
    assert client.post(f"/api/credit-list/{city_entry.pk}/transitions/notify/", {}).status_code == 404
    assert client.get(f"/api/credit-list/{county_entry.pk}/").status_code == 200

    city_ids = {row["id"] for row in api.as_user(city.credit).get("/api/credit-list/").json()["results"]}
    assert city_ids == {city_entry.pk, county_entry.pk}


def test_the_staff_api_offers_transitions_history_deadlines_documents_and_an_export(city, api):
    entry = repeat_offence(city).entry
    client = api.as_user(city.credit)
    names = {t["name"] for t in client.get(f"/api/credit-list/{entry.pk}/transitions/").json()}
    assert names == {"notify"}
    response = client.post(f"/api/credit-list/{entry.pk}/transitions/notify/", {"reason": "直接送达"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "notified"
    assert [row["transition"] for row in client.get(f"/api/credit-list/{entry.pk}/history/").json()] == [
        "create",
        "notify",
    ]
    assert [d["kind"] for d in client.get(f"/api/credit-list/{entry.pk}/deadlines/").json()] == [
        "credit_statement_window"
    ]
    assert [d["kind"] for d in client.get(f"/api/credit-list/{entry.pk}/documents/").json()] == [
        "credit_listing_notice"
    ]
    export = client.get("/api/credit-list/", {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    state_change = client.patch(f"/api/credit-list/{entry.pk}/", {"state": "published"}, format="json")
    assert reload(entry).state == State.NOTIFIED and state_change.status_code in (200, 400)


def test_measures_are_chosen_at_listing_and_changed_with_history(city, api, settings):
    settings.CREDITLIST_LEVEL_ABOVE_CONSENT = False
    entry = advance(repeat_offence(city).entry, city, "notify", "record_waiver")
    entry = step(entry, city, "list", measures=["key_supervision", "no_awards"])
    assert set(entry.measures.values_list("code", flat=True)) == {"key_supervision", "no_awards"}
    client = api.as_user(city.credit)
    response = client.patch(
        f"/api/credit-list/{entry.pk}/",
        {"measures": ["key_supervision", "funding_strict_review"], "reason": "补充财政资金项目从严审批措施"},
        format="json",
    )
    assert response.status_code == 200, response.content.decode()
    edit = history_of(entry).get(transition="edit")
    assert edit.changes[0]["field"] == "measures" and "对申请财政资金资助项目从严审批" in edit.changes[0]["new"]
    assert edit.reason == "补充财政资金项目从严审批措施"
    fixed = client.patch(f"/api/credit-list/{entry.pk}/", {"ground": "refusal_to_perform"}, format="json")
    assert fixed.status_code == 400


# --- public data, search ---------------------------------------------------------------------------------


def test_the_public_sees_a_natural_persons_name_only(city, api):
    party = person("赵某某")
    _, entry = published_entry(city, party=party)
    detail = api.get(f"/api/public/credit-list/{entry.pk}/").json()
    text = str(detail)
    assert detail["party_name"] == "赵某某" and detail["credit_code"] == "" and detail["legal_representative"] == ""
    assert party["id_number"] not in text and party["address"] not in text and party["phone"] not in text
    assert api.get("/api/public/credit-list/", {"q": party["id_number"]}).json()["count"] == 0


def test_candidates_and_unpublished_entries_are_on_no_public_path(city, api):
    candidate = repeat_offence(city).entry
    assert api.get(f"/api/public/credit-list/{candidate.pk}/").status_code == 404
    assert api.get("/api/public/credit-list/99999999999999999999/").status_code == 404
    assert api.get("/api/public/credit-list/").json()["count"] == 0


def test_entries_are_searchable_by_staff_who_may_see_them(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = repeat_offence(city).entry
    hits = search_for_user(city.credit, q=entry.party.name, types=["credit_entry"])
    assert [(hit.type, hit.id) for hit in hits.hits] == [("credit_entry", entry.pk)]
    county = credit_bureau(ZEZHOU)
    assert search_for_user(county.credit, q=entry.party.name, types=["credit_entry"]).count == 0
    partner = UserFactory(role=Role.PARTNER, jurisdiction=jurisdiction(CITY))
    assert search_for_user(partner, q=entry.party.name).count == 0


def test_listing_periods_come_from_the_ground_catalogue(city):
    from creditlist.models import CreditGround

    CreditGround.objects.filter(code="intentional_infringement").update(listing_years=5)
    entry = advance(repeat_offence(city).entry, city, *LISTING_PATH[:-1])
    assert entry.listing_years == 5 and entry.listing_until == entry.listed_on + relativedelta(years=5)
    assert Decimal(entry.ground.rule_parameters.get("min_fine", "0")) == 0
