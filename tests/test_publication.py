"""The publication pipeline (casemgmt/publication, DOMAIN §3c) and its use for penalty decisions:
a decided case enters it pending with its summary and masked text, a reviewer publishes it
within 20 working days, it is corrected with versions kept, withdrawn within 3 working days of
a revocation, expired by the periodic task, ended by credit repair; minors' and warning-only
decisions never enter it."""

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.errors import Conflict, Forbidden, Invalid, NotFound
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_id_number
from casemgmt.publication.masking import ADDRESS, PLACEHOLDERS, published_equals_source_apart_from_masks
from casemgmt.publication.models import Publication, PublicationVersion
from casemgmt.publication.selectors import publications_public, publications_searchable_by
from casemgmt.publication.tasks import expire_publications
from casemgmt.search.services import search_for_user
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.registry import get_workflow_type
from casemgmt.workflow.selectors import awaiting_user, history_of
from casemgmt.workflow.services import fire_transition
from enforcement.models import PenaltyDecision
from enforcement.publication import penalty_decision_revoke
from enforcement.services.decisions import penalty_payment_record

from .enforcement_factories import advance, bureau
from .factories import CITY, ZEZHOU
from .publication_factories import (
    BANK_ACCOUNT,
    COMPLAINANT_PHONE,
    ORG_ADDRESS,
    PERSON_ADDRESS,
    REPRESENTATIVE_PHONE,
    decided_case,
    person,
    publish,
    published_case,
)

State = Publication.State


@pytest.fixture
def city(db):
    return bureau(CITY)


def limit(publication, kind):
    found = [d for d in deadlines_for(publication) if d.kind == kind]
    assert len(found) == 1, found
    return found[0]


def reload(publication):
    return Publication.objects.get(pk=publication.pk)


# --- entering the pipeline -------------------------------------------------------------------------------


def test_a_penalty_decision_enters_the_pipeline_pending_with_summary_and_masked_text(city):
    decided = decided_case(city)
    publication, decision = decided.publication, decided.decision
    assert publication.state == State.PENDING and publication.jurisdiction_id == CITY
    assert publication.subject == decision
    assert publication.summary | {"decided_on": None} == {
        "number": decision.number_text,
        "party": decided.party["name"],
        "party_kind": "organization",
        "credit_code": decided.party["credit_code"],
        "legal_representative": "王建国",
        "category": "商标侵权",
        "violation_type": "销售侵犯注册商标专用权的商品",
        "legal_basis": "《中华人民共和国商标法》第六十条第二款",
        "penalty": decision.penalty_summary,
        "authority": "晋城市市场监督管理局",
        "decided_on": None,
    }
    assert publication.summary["decided_on"] == decision.decided_on.isoformat()
    # The source is the text as served; the published text hides every personal datum in it.
    assert publication.source_text == decision.decision_text
    text = publication.published_text
    for secret in (
        decided.representative_id,
        REPRESENTATIVE_PHONE,
        decided.complainant["id_number"],
        COMPLAINANT_PHONE,
        PERSON_ADDRESS,
        BANK_ACCOUNT,
        decided.complainant["name"],
    ):
        assert secret in publication.source_text and secret not in text, secret
    assert f"投诉人赵某（身份证号码{PLACEHOLDERS['id_number']}" in text
    # What the public is entitled to read stays: the party, its code and registered address.
    for public in (decided.party["name"], decided.party["credit_code"], ORG_ADDRESS, "罚款人民币50,000.00元"):
        assert public in text
    assert published_equals_source_apart_from_masks(publication.source_text, text, publication.masked_spans)
    assert [log.transition for log in history_of(publication)] == ["create"]


def test_entering_the_pipeline_opens_the_20_working_day_limit_and_tells_the_reviewers(city):
    decided = decided_case(city)
    deadline = limit(decided.publication, "publication")
    assert deadline.rule == Rule.WORKING_DAYS and deadline.amount == 20
    assert deadline.start == decided.decision.decided_on
    assert deadline.due == compute_due(decided.decision.decided_on, Rule.WORKING_DAYS, 20).due
    assert Notification.objects.filter(recipient=city.reviewer, title__startswith="待审核公示").count() == 1
    assert not Notification.objects.filter(recipient=city.officers[0], title__startswith="待审核公示").exists()


def test_a_warning_only_decision_is_not_published_and_the_case_says_why(city):
    decided = decided_case(city, warning=True, fine_amount="0", confiscated_items="", order_to_stop=False)
    assert decided.decision.warning_only
    assert decided.publication is None and not Publication.objects.exists()
    step = history_of(decided.case).filter(transition="publication_not_required").get()
    assert "仅给予警告" in step.reason


def test_a_minors_case_is_not_published(city):
    decided = decided_case(city, party=person("钱小七", is_minor=True))
    assert decided.publication is None and not Publication.objects.exists()
    assert "未成年人" in history_of(decided.case).get(transition="publication_not_required").reason


def test_a_natural_person_party_keeps_its_name_but_not_its_id_number_address_or_phone(city):
    party = person("孙八", phone="13803569876")
    decided = decided_case(city, party=party)
    publication = decided.publication
    assert publication.summary["party"] == "孙八" and publication.summary["credit_code"] == ""
    text = publication.published_text
    assert text.startswith("当事人：孙八，公民身份号码：［身份证号码已隐去］，住址：［住址已隐去］。")
    assert party["id_number"] not in publication.search_text
    assert party["id_number"] not in str(publication.summary)


def test_persons_present_at_an_inspection_are_masked_but_the_legal_representative_is_not(city):
    from enforcement.models import Inspection, InspectionPerson

    witness_id = make_id_number(random.Random(7))

    def raid(case):
        inspection = Inspection.objects.create(
            case=case,
            jurisdiction=case.jurisdiction,
            started_at=timezone.now(),
            place="城区眼镜市场",
            findings="现场查获侵权镜片。",
            signature="signed",
            recorded_by=city.officers[0],
        )
        for name, role, id_number in (
            ("周九", "witness", witness_id),
            ("吴十", "staff", ""),
            ("王建国", "principal", ""),
        ):
            InspectionPerson.objects.create(inspection=inspection, name=name, role=role, id_number=id_number)

    decided = decided_case(
        city,
        before_decision=raid,
        text=lambda text: (
            text + f"\n现场检查时，见证人周九（{witness_id}号）、店员吴十在场，法定代表人王建国签字确认。"
        ),
    )
    text = decided.publication.published_text
    assert "见证人周某（［身份证号码已隐去］号）、店员吴某在场，法定代表人王建国签字确认。" in text
    assert witness_id not in text and "周九" not in text


# --- publishing ----------------------------------------------------------------------------------------------


def test_a_reviewer_publishes_it_the_limit_is_met_and_the_first_version_is_kept(city):
    decided = decided_case(city)
    publication = publish(decided.publication, city)
    today = timezone.localdate()
    assert publication.state == State.PUBLISHED and publication.reviewer == city.reviewer
    assert publication.public_from == today
    # Confiscation besides the fine: published for three years.
    assert publication.period_months == 36 and publication.public_until == today + relativedelta(years=3)
    deadline = limit(publication, "publication")
    assert deadline.status == "met" and deadline.met_at == today
    version = PublicationVersion.objects.get(publication=publication)
    assert version.number == 1 and version.published_text == publication.published_text
    assert publications_public("penalty_decision").filter(pk=publication.pk).exists()


def test_a_low_fine_alone_is_published_for_three_months_and_the_threshold_is_a_setting(city, settings):
    low = decided_case(city, fine_amount="5000.00", confiscated_items="")
    assert low.publication.period_months == 3
    settings.PUBLICATION_LOW_FINE_ORGANIZATION = "1000"
    higher = decided_case(city, fine_amount="5000.00", confiscated_items="")
    assert higher.publication.period_months == 36
    settings.PUBLICATION_SHORT_PERIOD_MONTHS = 6
    settings.PUBLICATION_LOW_FINE_ORGANIZATION = "100000"
    assert decided_case(city, fine_amount="5000.00", confiscated_items="").publication.period_months == 6


def test_only_the_bureaus_reviewers_and_head_may_publish(city):
    publication = decided_case(city).publication
    with pytest.raises(Forbidden):
        fire_transition(publication, "publish", actor=city.officers[0])
    county = bureau(ZEZHOU)
    with pytest.raises(NotFound):
        fire_transition(publication, "publish", actor=county.reviewer)
    county_publication = decided_case(county).publication
    # The city's reviewer sees the county's items but does not publish in the county bureau's name.
    with pytest.raises(Forbidden):
        fire_transition(county_publication, "publish", actor=city.reviewer)
    assert fire_transition(publication, "publish", actor=city.head).state == State.PUBLISHED


def test_a_text_that_no_longer_equals_the_decision_apart_from_masks_is_refused(city):
    publication = decided_case(city).publication
    Publication.objects.filter(pk=publication.pk).update(published_text=publication.published_text + "（补充）")
    with pytest.raises(Conflict, match="不一致"):
        publish(reload(publication), city)
    assert reload(publication).state == State.PENDING
    assert not PublicationVersion.objects.exists()


def test_the_reviewer_masks_a_missed_name_and_releases_a_false_hit_before_publishing(city):
    # A product's label read as health data (健康状况) is a false hit the reviewer may release.
    label = "涉案镜片包装标注“改善视力健康状况”字样"
    publication = decided_case(city, text=lambda written: f"{written}\n{label}。").publication
    assert label not in publication.published_text
    updated = fire_transition(
        publication,
        "remask",
        actor=city.reviewer,
        payload={"mask_terms": "王建国", "keep_terms": [label]},
    )
    assert updated.state == State.PENDING
    assert "王建国" not in updated.published_text and PLACEHOLDERS["other"] in updated.published_text
    assert label in updated.published_text
    assert published_equals_source_apart_from_masks(updated.source_text, updated.published_text, updated.masked_spans)


def test_no_kept_term_releases_an_id_number_phone_bank_account_or_a_persons_address(city):
    """Not even a reviewer's: the text keeps showing placeholders where they were."""
    decided = decided_case(city)
    personal = [
        decided.complainant["id_number"],
        decided.representative_id,
        COMPLAINANT_PHONE,
        REPRESENTATIVE_PHONE,
        BANK_ACCOUNT,
        PERSON_ADDRESS,
    ]
    updated = fire_transition(
        decided.publication,
        "remask",
        actor=city.reviewer,
        payload={"keep_terms": [*personal, f"家住{PERSON_ADDRESS}", f"银行账号{BANK_ACCOUNT}收取货款"]},
    )
    for value in personal:
        assert value not in updated.published_text
    assert updated.published_text == decided.publication.published_text


def test_a_one_character_term_is_refused_and_nothing_changes(city):
    publication = decided_case(city).publication
    before = publication.published_text
    with pytest.raises(Invalid) as refused:
        fire_transition(publication, "remask", actor=city.reviewer, payload={"mask_terms": "王\n李四"})
    assert "mask_terms" in refused.value.errors
    assert reload(publication).published_text == before
    assert history_of(publication).count() == 1


# --- texts published under older masking rules ---------------------------------------------------------------


def published_under_an_older_rule(city):
    """A publication whose public text still shows the person's address, as texts did before kept
    terms stopped releasing addresses (written straight to the row: the old rule is gone)."""
    publication = published_case(city).publication
    leaked = publication.published_text.replace(PLACEHOLDERS[ADDRESS], PERSON_ADDRESS)
    assert PERSON_ADDRESS in leaked
    Publication.objects.filter(pk=publication.pk).update(published_text=leaked)
    return reload(publication)


def test_remask_publications_masks_an_old_public_text_again_as_a_new_version_by_the_system(city):
    leaking = published_under_an_older_rule(city)
    untouched = published_case(city).publication

    out = io.StringIO()
    call_command("remask_publications", "--dry-run", stdout=out)
    assert f"1 条（{leaking.pk}）" in out.getvalue()
    assert PERSON_ADDRESS in reload(leaking).published_text  # a dry run changes nothing

    call_command("remask_publications", stdout=io.StringIO())

    remasked = reload(leaking)
    assert PERSON_ADDRESS not in remasked.published_text
    assert PLACEHOLDERS[ADDRESS] in remasked.published_text
    assert published_equals_source_apart_from_masks(
        remasked.source_text, remasked.published_text, remasked.masked_spans
    )
    assert (remasked.state, remasked.version, remasked.is_corrected) == (State.PUBLISHED, 2, True)
    assert remasked.search_text and PERSON_ADDRESS not in remasked.search_text
    step = history_of(remasked).get(transition="apply_current_masking")
    assert step.actor_id is None
    assert "屏蔽规则更新" in step.reason
    version = PublicationVersion.objects.get(publication=remasked, number=2)
    assert version.published_text == remasked.published_text and version.created_by is None
    assert Notification.objects.filter(recipient=city.reviewer, title__contains="重新屏蔽").exists()
    public = publications_public().get(pk=remasked.pk)
    assert PERSON_ADDRESS not in public.published_text

    assert reload(untouched).version == 1
    assert not history_of(untouched).filter(transition="apply_current_masking").exists()
    again = io.StringIO()
    call_command("remask_publications", stdout=again)
    assert "0 条" in again.getvalue()  # nothing left to re-mask: a second run is a no-op


def test_the_system_remask_is_refused_for_a_text_that_already_meets_the_rules_and_for_people(city):
    publication = published_case(city).publication
    with pytest.raises(Conflict):
        fire_transition(publication, "apply_current_masking", actor=SystemActor("测试"), reason="重新屏蔽")
    leaking = published_under_an_older_rule(city)
    with pytest.raises(Forbidden):
        fire_transition(leaking, "apply_current_masking", actor=city.reviewer, reason="重新屏蔽")
    assert reload(leaking).version == 1


# --- correction --------------------------------------------------------------------------------------------


def test_a_correction_stays_published_and_keeps_every_version(city):
    publication = published_case(city).publication
    corrected_text = publication.source_text.replace("违法经营额80,000.00元", "违法经营额78,000.00元")
    corrected = fire_transition(
        publication,
        "correct",
        actor=city.reviewer,
        reason="决定书笔误已依法补正",
        payload={"source_text": corrected_text},
    )
    assert corrected.state == State.PUBLISHED and corrected.version == 2
    assert "78,000.00" in corrected.published_text and "80,000.00" not in corrected.published_text
    versions = list(PublicationVersion.objects.filter(publication=publication).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "80,000.00" in versions[0].published_text and versions[1].reason == "决定书笔误已依法补正"
    with pytest.raises(PermissionError):
        versions[0].delete()


def test_a_correction_needs_a_reason(city):
    publication = published_case(city).publication
    with pytest.raises(Invalid) as refused:
        fire_transition(publication, "correct", actor=city.reviewer, payload={"mask_terms": "王建国"})
    assert "reason" in refused.value.errors
    assert reload(publication).version == 1


# --- withdrawal --------------------------------------------------------------------------------------------


def test_withdrawal_needs_a_public_reason_which_is_masked_too(city):
    decided = published_case(city)
    publication = decided.publication
    with pytest.raises(Invalid) as refused:
        fire_transition(publication, "withdraw", actor=city.reviewer, payload={"public_reason": "  "})
    assert "public_reason" in refused.value.errors
    withdrawn = fire_transition(
        publication,
        "withdraw",
        actor=city.reviewer,
        payload={"public_reason": f"经投诉人{decided.complainant['name']}申请复议，该决定已被撤销。"},
    )
    assert withdrawn.state == State.WITHDRAWN and withdrawn.ended_on == timezone.localdate()
    assert withdrawn.withdrawal_reason == "经投诉人赵某申请复议，该决定已被撤销。"
    assert not publications_public().filter(pk=publication.pk).exists()


def test_a_pending_item_withdrawn_is_no_longer_due_for_publication(city):
    publication = decided_case(city).publication
    fire_transition(publication, "withdraw", actor=city.reviewer, payload={"public_reason": "决定已撤销。"})
    assert limit(publication, "publication").status == "cancelled"


def test_revoking_a_decision_requires_withdrawal_within_3_working_days(city):
    decided = published_case(city)
    publication = decided.publication
    returned = penalty_decision_revoke(
        decided.decision, reason="行政复议决定撤销（晋市复决〔2026〕3号）", actor=city.head
    )
    assert returned.pk == publication.pk
    publication = reload(publication)
    assert publication.withdrawal_required_on == timezone.localdate()
    assert "撤销" in publication.withdrawal_required_reason
    deadline = limit(publication, "publication_withdrawal")
    assert deadline.due == compute_due(timezone.localdate(), Rule.WORKING_DAYS, 3).due
    assert Notification.objects.filter(recipient=city.reviewer, title__startswith="应撤回公示").exists()
    assert history_of(decided.case).filter(transition="revoke_penalty_decision").exists()
    # It waits in the reviewer's tasks, cannot be corrected any more, and is withdrawn in time.
    assert publication in dict((wf.key, objs) for wf, objs in awaiting_user(city.reviewer))["publication"]
    with pytest.raises(Conflict):
        fire_transition(publication, "correct", actor=city.reviewer, reason="x", payload={})
    fire_transition(publication, "withdraw", actor=city.reviewer, payload={"public_reason": "该决定已被依法撤销。"})
    assert limit(publication, "publication_withdrawal").status == "met"


def test_a_pending_item_of_a_revoked_decision_cannot_be_published(city):
    decided = decided_case(city)
    penalty_decision_revoke(decided.decision, reason="本机关发现决定适用依据错误，决定撤销。", actor=city.head)
    with pytest.raises(Conflict, match="撤销"):
        publish(reload(decided.publication), city)


def test_a_revocation_is_recorded_once_by_the_head_with_a_reason(city):
    decided = published_case(city)
    logs = TransitionLog.objects.count()
    with pytest.raises(Forbidden):
        penalty_decision_revoke(decided.decision, reason="撤销", actor=city.officers[0])
    with pytest.raises(Invalid) as refused:
        penalty_decision_revoke(decided.decision, reason=" ", actor=city.head)
    assert "reason" in refused.value.errors
    with pytest.raises(NotFound):
        penalty_decision_revoke(decided.decision, reason="撤销", actor=bureau(ZEZHOU).head)
    assert TransitionLog.objects.count() == logs and reload(decided.publication).withdrawal_required_on is None
    penalty_decision_revoke(decided.decision, reason="法院判决撤销", actor=city.head, ground="revoked")
    with pytest.raises(Conflict):
        penalty_decision_revoke(decided.decision, reason="再次撤销", actor=city.head)


# --- expiry and credit repair --------------------------------------------------------------------------------


def test_the_periodic_task_expires_what_has_run_its_period(city):
    publication = published_case(city).publication
    other = published_case(city).publication
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Publication.objects.filter(pk=publication.pk).update(public_until=yesterday)
    # Off every public path from the day after its last day, before the task has run.
    assert not publications_public().filter(pk=publication.pk).exists()
    assert expire_publications.delay().get() == 1
    assert reload(publication).state == State.EXPIRED and reload(other).state == State.PUBLISHED
    expiry = history_of(publication).get(transition="expire")
    assert expiry.actor is None and expiry.source == State.PUBLISHED
    assert expire_publications.delay().get() == 0


def test_nobody_may_expire_a_publication_by_hand(city):
    publication = published_case(city).publication
    Publication.objects.filter(pk=publication.pk).update(public_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(Forbidden):
        fire_transition(reload(publication), "expire", actor=city.head)


def test_credit_repair_ends_publication_after_six_months_once_the_fine_is_paid(city):
    decided = published_case(city)
    publication = decided.publication
    with pytest.raises(Conflict, match="最短期限"):
        fire_transition(publication, "end_by_repair", actor=city.reviewer, reason="信用修复申请")
    Publication.objects.filter(pk=publication.pk).update(
        public_from=timezone.localdate() - relativedelta(months=6, days=1)
    )
    with pytest.raises(Conflict, match="义务"):
        fire_transition(reload(publication), "end_by_repair", actor=city.reviewer, reason="信用修复申请")
    case = advance(decided.case, city, "serve", "start_execution")
    decision = PenaltyDecision.objects.get(case=case)
    penalty_payment_record(decision, actor=city.officers[0], amount=Decimal("50000.00"), paid_on=timezone.localdate())
    ended = fire_transition(reload(publication), "end_by_repair", actor=city.reviewer, reason="当事人已履行全部义务")
    assert ended.state == State.ENDED_BY_REPAIR
    assert not publications_public().filter(pk=publication.pk).exists()


# --- staff side: tasks, pages, API, search -------------------------------------------------------------------------


def test_pending_publications_wait_in_the_reviewers_tasks_and_queue(city):
    publication = decided_case(city).publication
    tasks = {wf.key: objects for wf, objects in awaiting_user(city.reviewer)}
    assert tasks["publication"] == [publication]
    assert "publication" in {wf.key for wf, _ in awaiting_user(city.head)}
    assert "publication" not in {wf.key for wf, _ in awaiting_user(city.officers[0])}
    queues = get_workflow_type("publication").queues
    assert [(q.label, q.params, Role.LEGAL_REVIEWER in q.roles) for q in queues] == [
        ("待审核公示", {"state": "pending"}, True)
    ]
    publish(publication, city)
    assert "publication" not in {wf.key for wf, _ in awaiting_user(city.reviewer)}


def test_the_staff_page_shows_the_source_next_to_the_masked_text_and_publishes(client, city):
    decided = decided_case(city)
    publication = decided.publication
    client.force_login(city.reviewer)
    page = client.get(f"/w/publication/{publication.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "决定书原文（送达文本）" in html and "公示文本（已屏蔽个人信息）" in html
    assert decided.representative_id in html and PLACEHOLDERS["id_number"] in html
    assert 'data-transition="publish"' in html
    response = client.post(f"/w/publication/{publication.pk}/transition/publish/", {"reason": ""})
    assert response.status_code == 302 and reload(publication).state == State.PUBLISHED


def test_staff_outside_market_supervision_do_not_see_publications(city, make_user):
    decided_case(city)
    assert not publications_searchable_by(make_user(Role.INTAKE_CLERK)).exists()
    assert publications_searchable_by(make_user(Role.AUDITOR)).count() == 1
    assert not publications_searchable_by(AnonymousUser()).exists()


def test_the_staff_api_reads_publications_and_fires_their_transitions(api, city):
    decided = decided_case(city)
    publication = decided.publication
    client = api.as_user(city.reviewer)
    listed = client.get("/api/publications/", {"state": "pending"}).json()
    assert [row["id"] for row in listed["results"]] == [publication.pk]
    detail = client.get(f"/api/publications/{publication.pk}/").json()
    assert detail["state"] == "pending" and detail["state_label"] == "待审核公示" and detail["jurisdiction"] == CITY
    assert detail["source_text"] == decided.decision.decision_text
    assert {"text": decided.representative_id, "category": "id_number"}.items() <= next(
        m for m in detail["masked"] if m["text"] == decided.representative_id
    ).items()
    transitions = client.get(f"/api/publications/{publication.pk}/transitions/").json()
    assert {t["name"] for t in transitions} == {"publish", "remask", "withdraw"}
    assert client.post("/api/publications/", {}, format="json").status_code == 403
    assert client.patch(f"/api/publications/{publication.pk}/", {"state": "published"}).status_code == 403
    assert reload(publication).state == State.PENDING
    fired = client.post(f"/api/publications/{publication.pk}/transitions/publish/", {}, format="json")
    assert fired.status_code == 200 and fired.json()["state"] == "published"
    assert detail["public_url"] == "" and fired.json()["public_url"] == f"/public/penalties/{publication.pk}/"
    assert [v["number"] for v in fired.json()["versions"]] == [1]
    refused = client.post(f"/api/publications/{publication.pk}/transitions/publish/", {}, format="json")
    assert refused.status_code == 409
    withdrawn = client.post(f"/api/publications/{publication.pk}/transitions/withdraw/", {}, format="json")
    assert withdrawn.status_code == 400 and "public_reason" in withdrawn.json()["errors"]
    assert (
        api.as_user(city.officers[0])
        .post(f"/api/publications/{publication.pk}/transitions/withdraw/", {"public_reason": "撤销"}, format="json")
        .status_code
        == 403
    )


def test_staff_search_finds_a_publication_only_while_it_is_public(city, django_capture_on_commit_callbacks):
    """Only the masked text is indexed, and only while the item is public."""
    with django_capture_on_commit_callbacks(execute=True):
        decided = decided_case(city)
    code = decided.party["credit_code"]

    def found(q):
        result = search_for_user(city.reviewer, q=q, types=["publication"])
        return [hit.id for hit in result.hits]

    assert found(code) == []
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(decided.publication, city)
    assert found(code) == [publication.pk]
    assert found(decided.representative_id) == []
    with django_capture_on_commit_callbacks(execute=True):
        fire_transition(publication, "withdraw", actor=city.reviewer, payload={"public_reason": "决定已撤销。"})
    assert found(code) == []
