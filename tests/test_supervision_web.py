"""The staff pages of agency supervision (双随机、一公开, issue 10) and its public pages: the
directories with their filters, forms, .xlsx import (every bad row reported, nothing written) and
export; inspection items and annual plans with their class rules and filing; a spot-check task's
page — the draw started from it with its progress, the plain-language explanation of the recorded
draw, the 核验 button finding a match or the differences — the teams, the redraw of one slot; the
result entered on a phone page by an assigned inspector only; the follow-up; the public results
without personal data; search and navigation. Every page reads through the selectors (another
county's records are 404) and writes through the services."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.search.services import search_for_user
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from enforcement.supervision.models import Agency, AnnualPlan, InspectorConflict, SpotCheck, TargetResult
from enforcement.supervision.services import spot_checks as services
from enforcement.supervision.services.imports import AGENCY_COLUMNS

from . import supervision_factories as sf
from .factories import CITY, GAOPING, ZEZHOU, UserFactory, _rng, jurisdiction

pytestmark = pytest.mark.django_db

URBAN = "140502"  # 城区


class World:
    """The city bureau (head, officer, legal reviewer, auditor), six inspectors who are city
    officers stationed in three counties, eight B-class agencies there, and a filed city plan
    drawing four of them with teams of two."""

    def __init__(self):
        city = jurisdiction(CITY)
        self.head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=city)
        self.officer = UserFactory(role=Role.OFFICER, jurisdiction=city)
        self.reviewer = UserFactory(role=Role.LEGAL_REVIEWER, jurisdiction=city)
        self.auditor = UserFactory(role=Role.AUDITOR, jurisdiction=city)
        counties = [ZEZHOU, GAOPING, URBAN]
        self.agencies = [sf.agency(counties[n % 3], risk_class="B") for n in range(8)]
        self.inspectors = [
            sf.inspector(UserFactory(role=Role.OFFICER, jurisdiction=city), jurisdiction_code=counties[n % 3])
            for n in range(6)
        ]
        self.plan = sf.annual_plan(CITY, counts={"B": 4})

    def task(self) -> SpotCheck:
        return services.spot_check_create(
            actor=self.officer, plan=self.plan, title="2026年第一批专利代理机构双随机抽查"
        )

    def drawn(self) -> SpotCheck:
        task = self.task()
        services.spot_check_draw_start(task, actor=self.officer)
        services.spot_check_draw_run(task.pk)
        task.refresh_from_db()
        return task

    def inspecting(self) -> SpotCheck:
        task = fire_transition(self.drawn(), "confirm", actor=self.head, reason="核对无误")
        return fire_transition(task, "start_inspection", actor=self.officer, reason="开始检查")


@pytest.fixture
def world():
    return World()


def page(client, user, url, status=200, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def history(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(TransitionLog.objects.filter(content_type=content_type, object_id=obj.pk).order_by("at", "id"))


def member_and_outsider(world, target):
    team = set(target.team.values_list("inspector_id", flat=True))
    member = next(i.user for i in world.inspectors if i.pk in team)
    outsider = next(i.user for i in world.inspectors if i.pk not in team)
    return member, outsider


# --- who sees which page ---------------------------------------------------------------------------


def test_the_directories_and_plans_render_for_staff_and_oversight_and_are_404_for_other_roles(client, world):
    agency, inspector = world.agencies[0], world.inspectors[0]
    urls = [
        reverse("web:supervision-agencies"),
        reverse("web:supervision-agency", args=[agency.pk]),
        reverse("web:supervision-inspectors"),
        reverse("web:supervision-inspector", args=[inspector.pk]),
        reverse("web:supervision-items"),
        reverse("web:supervision-plans"),
        reverse("web:supervision-plan", args=[world.plan.pk]),
    ]
    for user in (world.officer, world.head, world.reviewer, world.auditor):
        for url in urls:
            page(client, user, url)
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    for url in urls:
        page(client, clerk, url, 404)


def test_writing_pages_are_the_staffs_and_read_only_roles_get_the_403_page(client, world):
    agency = world.agencies[0]
    urls = [
        reverse("web:supervision-agency-create"),
        reverse("web:supervision-agency-edit", args=[agency.pk]),
        reverse("web:supervision-agency-import"),
        reverse("web:supervision-inspector-create"),
        reverse("web:supervision-inspector-import"),
        reverse("web:supervision-plan-create"),
        reverse("web:supervision-spot-check-create"),
    ]
    for url in urls:
        page(client, world.officer, url)
        page(client, world.auditor, url, 403)
        page(client, world.reviewer, url, 403)
    # The item list is the city's: a county bureau reads it but does not keep it.
    county_head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    page(client, world.head, reverse("web:supervision-item-create"))
    page(client, county_head, reverse("web:supervision-items"))
    page(client, county_head, reverse("web:supervision-item-create"), 403)


def test_another_countys_records_are_404_and_lists_show_only_the_users_county(client, world):
    zezhou = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    gaoping_agency = next(a for a in world.agencies if a.jurisdiction_id == GAOPING)
    zezhou_agency = next(a for a in world.agencies if a.jurisdiction_id == ZEZHOU)
    gaoping_inspector = sf.inspector(jurisdiction_code=GAOPING)
    gaoping_plan = sf.annual_plan(GAOPING)
    for url in [
        reverse("web:supervision-agency", args=[gaoping_agency.pk]),
        reverse("web:supervision-agency-edit", args=[gaoping_agency.pk]),
        reverse("web:supervision-inspector", args=[gaoping_inspector.pk]),
        reverse("web:supervision-inspector-edit", args=[gaoping_inspector.pk]),
        reverse("web:supervision-plan", args=[gaoping_plan.pk]),
        reverse("web:supervision-plan-edit", args=[gaoping_plan.pk]),
        reverse("web:supervision-spot-check", args=[world.task().pk]),  # the city's task, not drawn for them
    ]:
        page(client, zezhou, url, 404)
    listed = page(client, zezhou, reverse("web:supervision-agencies"))
    assert zezhou_agency.name in listed and gaoping_agency.name not in listed
    # A refused write is a 404 as well, and writes nothing.
    client.force_login(zezhou)
    before = TransitionLog.objects.count()
    response = client.post(reverse("web:supervision-agency-edit", args=[gaoping_agency.pk]), {"name": "x"})
    assert response.status_code == 404 and TransitionLog.objects.count() == before


def test_the_navigation_offers_the_directories_and_plans_to_officers_and_heads(client, world):
    home = page(client, world.officer, "/")
    for name, label in [
        ("web:supervision-agencies", "检查对象名录"),
        ("web:supervision-inspectors", "检查人员名录"),
        ("web:supervision-plans", "抽查计划"),
    ]:
        assert f'href="{reverse(name)}"' in home and label in home
    assert reverse("web:supervision-agencies") not in page(client, world.reviewer, "/")


# --- agencies and inspectors --------------------------------------------------------------------------


def agency_form(**values) -> dict:
    return {
        "name": "晋城市网页测试专利代理事务所",
        "kind": "patent_agency",
        "credit_code": make_credit_code(_rng, ZEZHOU),
        "jurisdiction": ZEZHOU,
        "status": "active",
        "risk_class": "C",
        **values,
    }


def test_an_agency_is_registered_and_edited_through_the_forms_with_one_history_row_each(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("web:supervision-agency-create"), agency_form())
    agency = Agency.objects.get(name="晋城市网页测试专利代理事务所")
    assert response.status_code == 302 and response["Location"] == agency.get_absolute_url()
    assert [row.transition for row in history(agency)] == ["create"]

    url = reverse("web:supervision-agency-edit", args=[agency.pk])
    refused = client.post(url, agency_form(credit_code=agency.credit_code, risk_class="D"))
    assert refused.status_code == 400 and "修改信用风险分类须填写分类依据。" in refused.content.decode()
    assert len(history(agency)) == 1
    response = client.post(
        url,
        agency_form(credit_code=agency.credit_code, risk_class="D", risk_reason="被投诉两次", reason="年度复评"),
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.risk_class == "D" and len(history(agency)) == 2
    detail = page(client, world.officer, agency.get_absolute_url())
    assert "年度复评" in detail and "被投诉两次" in detail


def test_a_duplicate_code_is_refused_next_to_its_field(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("web:supervision-agency-create"), agency_form(credit_code=world.agencies[0].credit_code)
    )
    assert response.status_code == 400
    assert "该统一社会信用代码的检查对象已登记。" in response.content.decode()


def test_the_agency_list_filters_and_links_the_export_of_the_filtered_list(client, world):
    sf.agency(ZEZHOU, name="晋城市筛选测试商标代理有限公司", risk_class="D", kind="trademark_agency")
    listed = page(client, world.officer, reverse("web:supervision-agencies"), risk_class="D", jurisdiction=ZEZHOU)
    assert "晋城市筛选测试商标代理有限公司" in listed and world.agencies[0].name not in listed
    assert "/api/agencies/?format=xlsx&amp;jurisdiction=140525&amp;risk_class=D" in listed
    client.force_login(world.officer)
    export = client.get("/api/agencies/", {"format": "xlsx", "jurisdiction": ZEZHOU, "risk_class": "D"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def sheet(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append([column.header for column in AGENCY_COLUMNS])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("检查对象.xlsx", buffer.getvalue())


def test_an_import_with_bad_rows_shows_each_bad_row_and_imports_nothing(client, world):
    good = [
        "晋城市导入测试专利代理事务所",
        "专利代理机构",
        make_credit_code(_rng, ZEZHOU),
        "",
        "泽州县",
        "",
        "正常经营",
        "A",
    ]
    bad_code = ["晋城市导入测试二号事务所", "专利代理机构", "91140500MA0KXXXXX1", "", "泽州县", "", "正常经营", "B"]
    bad_county = [
        "晋城市导入测试三号事务所",
        "专利代理机构",
        make_credit_code(_rng, ZEZHOU),
        "",
        "太原市",
        "",
        "正常经营",
        "E",
    ]
    client.force_login(world.officer)
    before = Agency.objects.count()
    response = client.post(reverse("web:supervision-agency-import"), {"file": sheet([good, bad_code, bad_county])})
    text = response.content.decode()
    assert response.status_code == 400
    assert "表格有误，未导入任何数据" in text
    assert "第 3 行" in text and "第 4 行" in text and "第 2 行" not in text
    assert "未知的县（市、区）：太原市。" in text and "信用风险分类须为 A、B、C、D 之一。" in text
    assert "所在县（市、区）" in text  # the column, as the sheet names it
    assert Agency.objects.count() == before

    response = client.post(reverse("web:supervision-agency-import"), {"file": sheet([good])})
    assert response.status_code == 200 and "data-created>1<" in response.content.decode()
    assert Agency.objects.get(name="晋城市导入测试专利代理事务所").risk_class == "A"


def test_a_conflict_is_declared_on_the_inspectors_page(client, world):
    inspector, agency = world.inspectors[0], world.agencies[3]
    url = reverse("web:supervision-inspector-conflict", args=[inspector.pk])
    client.force_login(world.officer)
    refused = client.post(url, {"agency": agency.pk})
    assert refused.status_code == 400 and "回避理由" in refused.content.decode()
    response = client.post(url, {"agency": agency.pk, "reason": "配偶在该机构执业"})
    assert response.status_code == 302
    assert InspectorConflict.objects.filter(inspector=inspector, agency=agency).exists()
    shown = page(client, world.officer, reverse("web:supervision-inspector", args=[inspector.pk]))
    assert "配偶在该机构执业" in shown and agency.name in shown
    # By code, an agency of another county the declarer cannot list.
    zezhou_head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    county_inspector = sf.inspector(jurisdiction_code=ZEZHOU)
    gaoping = next(a for a in world.agencies if a.jurisdiction_id == GAOPING)
    client.force_login(zezhou_head)
    response = client.post(
        reverse("web:supervision-inspector-conflict", args=[county_inspector.pk]),
        {"credit_code": gaoping.credit_code, "reason": "曾在该机构任职"},
    )
    assert response.status_code == 302
    assert InspectorConflict.objects.filter(inspector=county_inspector, agency=gaoping).exists()


def test_an_officer_is_put_on_the_inspector_list_and_taken_off_with_a_reason(client, world):
    officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(CITY), certificate_number="14050012345")
    client.force_login(world.head)
    response = client.post(reverse("web:supervision-inspector-create"), {"user": officer.pk, "specialities": "商标"})
    assert response.status_code == 302
    inspector = officer.inspector
    assert inspector.certificate_number == "14050012345"
    url = reverse("web:supervision-inspector-edit", args=[inspector.pk])
    body = {"certificate_number": "14050012345", "specialities": "商标"}
    refused = client.post(url, body)  # active unticked, no reason
    assert refused.status_code == 400 and "调整检查人员在册状态须填写理由。" in refused.content.decode()
    assert client.post(url, body | {"reason": "调离执法岗位"}).status_code == 302
    inspector.refresh_from_db()
    assert inspector.active is False


# --- items and plans ----------------------------------------------------------------------------------


def test_a_plan_is_drawn_up_with_its_class_rules_as_a_formset_and_filed(client, world):
    items = [sf.inspection_item(), sf.inspection_item(kind="key")]
    body = {
        "jurisdiction": CITY,
        "year": "2026",
        "title": "2026年度网页测试抽查计划",
        "items": [item.pk for item in items],
        "team_size": "2",
        "exclude_same_county": "on",
        "rounding": "ceil",
        "rules-TOTAL_FORMS": "4",
        "rules-INITIAL_FORMS": "4",
        "rules-0-risk_class": "A",
        "rules-0-percent": "5",
        "rules-1-risk_class": "B",
        "rules-1-percent": "",
        "rules-2-risk_class": "C",
        "rules-2-count": "3",
        "rules-3-risk_class": "D",
        "rules-3-percent": "50",
        "rules-3-count": "2",
    }
    client.force_login(world.head)
    refused = client.post(reverse("web:supervision-plan-create"), body)
    assert refused.status_code == 400 and "D类须设置抽查比例或抽查数量之一。" in refused.content.decode()
    response = client.post(reverse("web:supervision-plan-create"), body | {"rules-3-count": ""})
    plan = AnnualPlan.objects.get(title="2026年度网页测试抽查计划")
    assert response.status_code == 302
    assert [(r.risk_class, r.ratio, r.count) for r in plan.class_rules.order_by("risk_class")] == [
        ("A", Decimal("0.05"), None),
        ("C", None, 3),
        ("D", Decimal("0.5"), None),
    ]
    shown = page(client, world.head, reverse("web:supervision-plan", args=[plan.pk]))
    assert "符合条件户数的 5%" in shown and "3户" in shown

    file_url = reverse("web:supervision-plan-file", args=[plan.pk])
    assert client.post(file_url, {"filed_with": "山西省市场监督管理局"}).status_code == 400
    response = client.post(file_url, {"filed_with": "山西省市场监督管理局", "filing_number": "晋市监备〔2026〕9号"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_filed and plan.filing_number == "晋市监备〔2026〕9号"
    # Filed: its rules are fixed (409 on the form, nothing written).
    before = len(history(plan))
    edit = body | {"rules-3-count": "", "rules-0-percent": "10"}
    response = client.post(reverse("web:supervision-plan-edit", args=[plan.pk]), edit)
    assert response.status_code == 409 and "抽查规则不能再修改" in response.content.decode()
    assert len(history(plan)) == before


# --- a spot-check task --------------------------------------------------------------------------------


def test_the_draw_is_started_from_the_task_page_which_shows_its_progress_then_explains_it(client, world):
    task = world.task()
    client.force_login(world.officer)
    shown = page(client, world.officer, task.get_absolute_url())
    assert "开始随机抽取" in shown
    response = client.post(reverse("web:supervision-spot-check-draw", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    # The draw runs as a Celery task after the commit: meanwhile the page polls its progress.
    running = page(client, world.officer, task.get_absolute_url())
    assert f'data-draw-status-url="/api/spot-checks/{task.pk}/draw-status/"' in running
    assert "<progress" in running and task.commitment in running
    assert task.sealed_seed not in running
    status = client.get(f"/api/spot-checks/{task.pk}/draw-status/").json()
    assert (status["draw_status"], status["seed"]) == ("running", None)
    # Neither the generic page shows the sealed seed.
    generic = page(client, world.officer, reverse("web:object-detail", args=["spot_check", task.pk]))
    assert task.sealed_seed not in generic and "抽查任务办理" in generic

    services.spot_check_draw_run(task.pk)
    task.refresh_from_db()
    done = page(client, world.officer, task.get_absolute_url())
    assert "data-draw-status-url" not in done
    assert "这次抽取是怎样进行的" in done
    assert task.seed in done and task.inputs_hash in done and task.commitment in done
    assert "⌈4 × 2 ÷ 6⌉ + 1 = 3" in done  # the load bound with this draw's numbers
    assert "核验抽取结果" in done and "HMAC-SHA256" in done
    for target in task.targets.select_related("agency"):
        assert target.agency.name in done


def test_the_explanation_says_why_a_target_could_not_be_staffed(client):
    """泽州县's own plan draws from its two inspectors only; one declared a conflict with the
    agency drawn, so its team cannot be formed: the page names the agency and the reason."""
    agency = sf.agency(ZEZHOU, name="泽州县无人可派测试商标代理有限公司", risk_class="D")
    first = sf.inspector(jurisdiction_code=ZEZHOU, conflicts=[agency])
    sf.inspector(jurisdiction_code=ZEZHOU)
    plan = sf.annual_plan(ZEZHOU, counts={"D": 1}, exclude_same_county=False)
    task = services.spot_check_create(actor=first.user, plan=plan, title="泽州县抽查")
    services.spot_check_draw_start(task, actor=first.user)
    services.spot_check_draw_run(task.pk)
    shown = page(client, first.user, reverse("web:supervision-spot-check", args=[task.pk]))
    assert "1</b> 户未能派员" in shown
    assert "<b>泽州县无人可派测试商标代理有限公司</b>：可用检查人员不足" in shown


def test_the_verify_button_finds_a_match_or_lists_the_differences(client, world):
    task = world.drawn()
    url = reverse("web:supervision-spot-check-verify", args=[task.pk])
    shown = page(client, world.auditor, url)
    assert 'data-verification="match"' in shown and "核验一致" in shown

    output = json.loads(task.output)
    output["targets"][0][0] = (
        world.agencies[-1].pk if output["targets"][0][0] != world.agencies[-1].pk else world.agencies[0].pk
    )
    SpotCheck.objects.filter(pk=task.pk).update(output=json.dumps(output))
    shown = page(client, world.auditor, url)
    assert 'data-verification="differ"' in shown and "核验发现不一致" in shown

    draft = world.task()
    page(client, world.auditor, reverse("web:supervision-spot-check-verify", args=[draft.pk]), 409)


def test_a_conflicted_inspectors_slot_is_redrawn_from_the_task_page(client, world):
    task = fire_transition(world.drawn(), "confirm", actor=world.head, reason="核对无误")
    target = task.targets.order_by("position").first()
    link = target.team.order_by("slot").first()
    url = reverse("web:supervision-spot-check-redraw", args=[task.pk, target.pk])
    client.force_login(world.officer)
    refused = client.post(url, {"inspector": link.inspector_id})
    assert refused.status_code == 400 and not task.targets.filter(redraws__isnull=False).exists()
    response = client.post(url, {"inspector": link.inspector_id, "reason": "近亲属在该机构执业"})
    assert response.status_code == 302
    assert InspectorConflict.objects.filter(inspector_id=link.inspector_id, agency=target.agency).exists()
    link.refresh_from_db()
    assert link.inspector_id != target.redraws.get().old_inspector_id
    shown = page(client, world.officer, task.get_absolute_url())
    assert "回避重抽（第1名第1次）" in shown
    verified = page(client, world.officer, reverse("web:supervision-spot-check-verify", args=[task.pk]))
    assert 'data-verification="match"' in verified and "1 次回避重抽也已逐一重算" in verified


def result_body(world, **extra) -> dict:
    return {
        "checked_on": timezone.localdate().isoformat(),
        "items": list(world.plan.items.values_list("pk", flat=True)),
        "finding": "no_problem",
        **extra,
    }


def test_only_an_inspector_of_the_targets_team_enters_its_result_on_the_phone_page(client, world):
    task = world.inspecting()
    target = task.targets.filter(unstaffed_reason="").order_by("position").first()
    member, outsider = member_and_outsider(world, target)
    url = reverse("web:supervision-spot-check-result", args=[task.pk, target.pk])

    # Another inspector of the list (who may see the task), the head, the officer: the 403 page.
    for user in (outsider, world.head, world.officer):
        page(client, user, url, 403)
        client.force_login(user)
        assert client.post(url, result_body(world)).status_code == 403
    assert not TargetResult.objects.filter(target=target).exists()
    # Someone who may not see the task at all: 404.
    page(client, UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU)), url, 404)

    form = page(client, member, url)
    assert target.agency.name in form and 'name="finding"' in form and 'type="checkbox"' in form
    shown = page(client, member, task.get_absolute_url())
    assert f'data-enter-result="{target.pk}"' in shown

    client.force_login(member)
    refused = client.post(url, result_body(world, finding="rectification", description="未公示收费标准"))
    assert refused.status_code == 400 and "责令整改须填写整改期限。" in refused.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        url, result_body(world, finding="rectification", description="未公示收费标准", rectification_due=due)
    )
    assert response.status_code == 302
    result = TargetResult.objects.get(target=target)
    assert (result.finding, result.entered_by) == ("rectification", member)
    assert [row.transition for row in history(task)][-1] == "result_enter"
    # Entered once: the page says so, a second post is a conflict.
    assert "该对象的检查结果已录入。" in page(client, member, url)
    assert client.post(url, result_body(world)).status_code == 409

    # The follow-up: the team or the head.
    follow_url = reverse("web:supervision-spot-check-follow-up", args=[task.pk, target.pk])
    page(client, outsider, follow_url, 403)
    client.force_login(world.head)
    response = client.post(follow_url, {"rectified_on": timezone.localdate().isoformat(), "note": "已整改"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.rectified_on == timezone.localdate()
    today = timezone.localdate()  # the note is shown as written: its date in Chinese, not ISO
    assert result.follow_up_note == f"{today.year}年{today.month}月{today.day}日 {world.head.display_name}：已整改"


# --- public pages, search ------------------------------------------------------------------------------


def published(world) -> SpotCheck:
    from enforcement.supervision.services.results import target_result_enter

    task = world.inspecting()
    for target in task.targets.filter(unstaffed_reason=""):
        member, _ = member_and_outsider(world, target)
        target_result_enter(task, target, actor=member, **result_body(world))
    task = fire_transition(task, "complete_results", actor=world.officer, reason="录入完毕")
    return fire_transition(task, "publish", actor=world.reviewer, reason="公示")


def test_the_public_pages_show_published_results_and_the_draw_record_without_personal_data(client, world):
    draft_task = world.drawn()
    task = published(world)
    listing = client.get(reverse("public_spot_checks:list")).content.decode()
    detail = client.get(reverse("public_spot_checks:detail", args=[task.pk])).content.decode()
    for target in task.targets.select_related("agency"):
        assert target.agency.name in listing and target.agency.name in detail
    assert "未发现问题" in detail
    assert task.seed in detail and task.commitment in detail and task.inputs_hash in detail
    assert task.algorithm_version in detail and "HMAC-SHA256" in detail
    assert f"/api/public/spot-check-results/{task.pk}/record/" in detail
    for inspector in world.inspectors:
        assert inspector.user.display_name not in detail and inspector.certificate_number not in detail
    assert client.get(reverse("public_spot_checks:detail", args=[draft_task.pk])).status_code == 404
    searched = client.get(reverse("public_spot_checks:list"), {"q": task.targets.first().agency.credit_code})
    assert searched.status_code == 200 and "查询结果：共 1 条" in searched.content.decode()
    assert "双随机抽查结果公示" in client.get(reverse("public:portal")).content.decode()


def test_agencies_and_spot_checks_are_searched_within_the_users_jurisdiction(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        zezhou_agency = services_agency(world, ZEZHOU, "晋城市检索测试泽州专利代理事务所")
        gaoping_agency = services_agency(world, GAOPING, "晋城市检索测试高平专利代理事务所")
        task = world.task()
    city = search_for_user(world.officer, q="检索测试")
    assert {(hit.type, hit.id) for hit in city.hits} == {("agency", zezhou_agency.pk), ("agency", gaoping_agency.pk)}
    county = search_for_user(UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU)), q="检索测试")
    assert [(hit.type, hit.id) for hit in county.hits] == [("agency", zezhou_agency.pk)]
    found = search_for_user(world.officer, q="第一批专利代理机构")
    assert ("spot_check", task.pk) in {(hit.type, hit.id) for hit in found.hits}
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    assert search_for_user(clerk, q="检索测试").count == 0


def services_agency(world, county: str, name: str) -> Agency:
    from enforcement.supervision.services.directory import agency_create

    return agency_create(
        actor=world.officer,
        name=name,
        kind="patent_agency",
        credit_code=make_credit_code(_rng, county),
        jurisdiction=jurisdiction(county),
    )
