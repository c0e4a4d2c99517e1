"""双随机 spot-check tasks (DOMAIN §4, issue 10): the workflow draft → drawn → confirmed →
inspecting → results_entered → published → followed_up, the draw run as a Celery task with its
progress, a draw anyone can verify (tampering with the record is found and described), the
immutability of a confirmed draw, recorded slot redraws, results entered only by the assigned
inspectors, deadlines, jurisdiction scoping and the public results without personal data."""

import datetime as dt
import hashlib
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.sweep import deadlines_scan
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from enforcement.models import EnforcementCase
from enforcement.supervision import draw as spot_draw
from enforcement.supervision.models import InspectorConflict, SlotRedraw, SpotCheck, TargetInspector
from enforcement.supervision.services import redraw as redraw_services
from enforcement.supervision.services import spot_checks as services

from . import supervision_factories as sf
from .factories import CITY, GAOPING, ZEZHOU, UserFactory, jurisdiction

pytestmark = pytest.mark.django_db

URBAN = "140502"  # 城区


class World:
    """The city bureau (head, officers, legal reviewer), six inspectors who are city officers
    stationed in three counties, eight agencies of risk class B in those counties, and a filed
    city plan drawing four of them with teams of two, same-county inspectors excluded."""

    def __init__(self, *, filed: bool = True, count: int = 4, inspectors: int = 6):
        city = jurisdiction(CITY)
        self.head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=city)
        self.officer = UserFactory(role=Role.OFFICER, jurisdiction=city)
        self.reviewer = UserFactory(role=Role.LEGAL_REVIEWER, jurisdiction=city)
        self.auditor = UserFactory(role=Role.AUDITOR, jurisdiction=city)
        counties = [ZEZHOU, GAOPING, URBAN]
        self.agencies = [sf.agency(counties[n % 3], risk_class="B") for n in range(8)]
        self.inspectors = [
            sf.inspector(UserFactory(role=Role.OFFICER, jurisdiction=city), jurisdiction_code=counties[n % 3])
            for n in range(inspectors)
        ]
        self.plan = sf.annual_plan(CITY, counts={"B": count}, filed=filed)

    def task(self, title: str = "2026年第一批专利代理机构双随机抽查") -> SpotCheck:
        return services.spot_check_create(actor=self.officer, plan=self.plan, title=title)

    def drawn(self, **kwargs) -> SpotCheck:
        task = self.task(**kwargs)
        services.spot_check_draw_start(task, actor=self.officer)
        services.spot_check_draw_run(task.pk)  # what the Celery task does after commit
        task.refresh_from_db()
        assert task.state == "drawn", task.draw_error
        return task

    def confirmed(self) -> SpotCheck:
        return fire_transition(self.drawn(), "confirm", actor=self.head, reason="抽取结果经核对无误")

    def inspecting(self) -> SpotCheck:
        return fire_transition(self.confirmed(), "start_inspection", actor=self.officer, reason="开始检查")


@pytest.fixture
def world():
    return World()


def history(obj):
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).order_by("at", "id")
    )


def team_user(task, target):
    return TargetInspector.objects.filter(target=target).select_related("inspector__user").first().inspector.user


def outsider(task, target, world):
    """An inspector on the list but not in this target's team."""
    team = set(target.team.values_list("inspector_id", flat=True))
    return next(i.user for i in world.inspectors if i.pk not in team)


def result_body(world, **extra):
    return {
        "checked_on": timezone.localdate().isoformat(),
        "items": list(world.plan.items.values_list("pk", flat=True)),
        "finding": "no_problem",
        "reason": "现场检查",
    } | extra


# --- the draw as a Celery task ------------------------------------------------------------------------


def test_the_draw_runs_as_a_celery_task_and_its_progress_reaches_100(world, api, django_capture_on_commit_callbacks):
    client = api.as_user(world.officer)
    created = client.post(
        "/api/spot-checks/",
        {"title": "2026年第一批抽查", "plan": world.plan.pk, "reason": "年度计划第一批"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["state"], body["jurisdiction"], body["seed"], body["draw_status"]) == ("draft", CITY, None, "idle")
    pk = body["id"]

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/spot-checks/{pk}/draw/", {"reason": "按计划抽取"}, format="json")
    assert started.status_code == 202, started.content

    status = client.get(f"/api/spot-checks/{pk}/draw-status/").json()
    assert (status["draw_status"], status["progress"], status["state"]) == ("done", 100, "drawn")
    assert status["targets"] == 4 and status["unstaffed"] == 0
    assert hashlib.sha256(status["seed"].encode()).hexdigest() == status["commitment"]

    rows = history(SpotCheck.objects.get(pk=pk))
    assert [r.transition for r in rows] == ["create", "draw_start", "record_draw"]
    assert rows[2].actor_role == "system" and rows[2].source == "draft" and rows[2].target == "drawn"

    targets = client.get(f"/api/spot-checks/{pk}/targets/").json()
    assert len(targets) == 4
    for target in targets:
        assert len(target["team"]) == 2
        counties = {member["jurisdiction"] for member in target["team"]}
        assert target["agency_jurisdiction"] not in counties  # never from the target's county


def test_progress_is_written_while_the_draw_runs(world, monkeypatch):
    task = world.task()
    services.spot_check_draw_start(task, actor=world.officer)
    seen = []
    real_draw = spot_draw.draw

    def observed(*args, progress=None, **kwargs):
        def spy(done, total):
            progress(done, total)
            seen.append(SpotCheck.objects.get(pk=task.pk).draw_progress)

        return real_draw(*args, progress=spy, **kwargs)

    monkeypatch.setattr(spot_draw, "draw", observed)
    services.spot_check_draw_run(task.pk)
    task.refresh_from_db()
    assert seen and seen[-1] == services.PROGRESS_MATCHING[1]
    assert seen == sorted(seen)
    assert (task.draw_status, task.draw_progress) == ("done", 100)


def test_the_seed_stays_secret_until_the_draw_is_recorded(world, api):
    task = world.task()
    services.spot_check_draw_start(task, actor=world.officer)  # the task is queued after commit
    task.refresh_from_db()
    assert task.commitment and task.sealed_seed and not task.seed
    assert spot_draw.commitment(task.sealed_seed) == task.commitment

    client = api.as_user(world.head)
    detail = client.get(f"/api/spot-checks/{task.pk}/").json()
    assert detail["seed"] is None and detail["commitment"] == task.commitment
    assert task.sealed_seed not in json.dumps(detail)
    assert client.get(f"/api/spot-checks/{task.pk}/draw-status/").json()["seed"] is None
    assert client.get(f"/api/spot-checks/{task.pk}/verification/").status_code == 409
    for row in history(task):
        assert task.sealed_seed not in json.dumps([row.payload, row.changes, row.reason], ensure_ascii=False)
    # The frozen inputs are stored with their hash, and not copied into the history.
    assert hashlib.sha256(task.inputs.encode()).hexdigest() == task.inputs_hash
    assert history(task)[-1].payload["agencies"] == 8 and history(task)[-1].payload["inspectors"] == 6

    services.spot_check_draw_run(task.pk)
    task.refresh_from_db()
    assert task.seed == task.sealed_seed


def test_a_draw_that_fails_is_recorded_and_retried_with_the_same_commitment(world, monkeypatch):
    task = world.task()
    services.spot_check_draw_start(task, actor=world.officer)
    task.refresh_from_db()
    commitment, inputs_hash = task.commitment, task.inputs_hash

    def broken(*args, **kwargs):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(spot_draw, "draw", broken)
    services.spot_check_draw_run(task.pk)
    task.refresh_from_db()
    assert (task.state, task.draw_status, task.seed) == ("draft", "failed", "")
    assert "数据库连接中断" in task.draw_error
    failed = history(task)[-1]
    assert (failed.transition, failed.actor_role) == ("draw_failed", "system")

    monkeypatch.undo()
    services.spot_check_draw_start(task, actor=world.officer, reason="重新执行抽取")
    services.spot_check_draw_run(task.pk)
    task.refresh_from_db()
    assert (task.state, task.draw_status, task.commitment, task.inputs_hash) == (
        "drawn",
        "done",
        commitment,
        inputs_hash,
    )
    assert history(task)[-2].payload["retry"] is True


def test_a_running_draw_cannot_be_started_twice(world, api):
    task = world.task()
    client = api.as_user(world.officer)
    assert client.post(f"/api/spot-checks/{task.pk}/draw/", {}, format="json").status_code == 202
    assert client.post(f"/api/spot-checks/{task.pk}/draw/", {}, format="json").status_code == 409


# --- verification ---------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_draw_and_verification_matches(world, api):
    task = world.drawn()
    agencies, inspectors, rules = spot_draw.parse_inputs(task.inputs)
    again = spot_draw.draw(agencies, inspectors, rules, task.seed)
    assert spot_draw.result_to_json(again) == task.output
    other = spot_draw.draw(agencies, inspectors, rules, spot_draw.new_seed())
    assert other.targets  # another seed draws too (usually something else)

    answer = api.as_user(world.auditor).get(f"/api/spot-checks/{task.pk}/verification/")
    assert answer.status_code == 200
    assert answer.json() == {
        "matches": True,
        "commitment": task.commitment,
        "seed": task.seed,
        "algorithm_version": spot_draw.ALGORITHM_VERSION,
        "inputs_hash": task.inputs_hash,
        "redraws": 0,
        "differences": [],
    }
    out = io.StringIO()
    call_command("spot_check_verify", str(task.pk), stdout=out)
    assert "核对一致" in out.getvalue() and task.seed in out.getvalue()


def _remove_one_inspector(task):
    data = json.loads(task.inputs)
    served = json.loads(task.output)["targets"][0][1][0]
    data["inspectors"] = [i for i in data["inspectors"] if i["id"] != served]
    agencies, inspectors, rules = spot_draw.parse_inputs(data)
    return {"inputs": spot_draw.canonical_inputs(agencies, inspectors, rules).decode()}, "输入名单的哈希值与记录不符"


def _change_the_seed(task):
    return {"seed": "0" * 64}, "种子与事先公布的承诺值不符"


def _swap_two_outputs(task):
    data = json.loads(task.output)
    first, second = data["targets"][0][1], data["targets"][1][1]
    a = next(i for i in first if i not in second)
    b = next(i for i in second if i not in first)
    first[first.index(a)], second[second.index(b)] = b, a
    first.sort()
    second.sort()
    return {"output": json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))}, "的检查人员不同"


@pytest.mark.parametrize(
    "tamper",
    [_remove_one_inspector, _change_the_seed, _swap_two_outputs],
    ids=["one-inspector-removed", "seed-changed", "two-outputs-swapped"],
)
def test_tampering_with_the_record_makes_verification_fail_and_say_what_differs(world, api, tamper):
    task = world.confirmed()
    changes, expected = tamper(task)
    SpotCheck.objects.filter(pk=task.pk).update(**changes)  # someone edits the database behind the doors

    answer = api.as_user(world.head).get(f"/api/spot-checks/{task.pk}/verification/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["matches"] is False
    assert any(expected in difference for difference in body["differences"]), body["differences"]

    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("spot_check_verify", str(task.pk), stdout=out)
    assert failed.value.returncode == 1
    assert "核对不一致" in out.getvalue() and expected in out.getvalue()


def test_a_team_changed_behind_the_record_fails_verification(world, api):
    task = world.confirmed()
    link = TargetInspector.objects.filter(target__spot_check=task).first()
    spare = next(i for i in world.inspectors if not link.target.team.filter(inspector=i).exists())
    TargetInspector.objects.filter(pk=link.pk).update(inspector=spare)
    body = api.as_user(world.head).get(f"/api/spot-checks/{task.pk}/verification/").json()
    assert body["matches"] is False
    assert any("现在的检查组与抽取记录" in d for d in body["differences"])


def test_verify_command_refuses_what_cannot_be_verified(world):
    task = world.task()
    with pytest.raises(CommandError) as missing:
        call_command("spot_check_verify", "999999")
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as undrawn:
        call_command("spot_check_verify", str(task.pk))
    assert undrawn.value.returncode == 2


# --- immutability -----------------------------------------------------------------------------------


def test_a_confirmed_draw_is_immutable(world, api):
    task = world.confirmed()
    before = SpotCheck.objects.values("commitment", "seed", "inputs", "inputs_hash", "output").get(pk=task.pk)
    client = api.as_user(world.head)
    rows = len(history(task))

    assert client.post(f"/api/spot-checks/{task.pk}/draw/", {}, format="json").status_code == 409
    for field, value in [("seed", "0" * 64), ("output", "{}"), ("inputs_hash", "0" * 64), ("commitment", "x")]:
        response = client.patch(f"/api/spot-checks/{task.pk}/", {field: value, "reason": "修改"}, format="json")
        assert response.status_code == 409, (field, response.content)
    assert SpotCheck.objects.values("commitment", "seed", "inputs", "inputs_hash", "output").get(pk=task.pk) == before
    assert len(history(task)) == rows

    # The title is not part of the record: it may be corrected, with a reason.
    edited = client.patch(f"/api/spot-checks/{task.pk}/", {"title": "2026年第一批抽查（更正）", "reason": "名称笔误"})
    assert edited.status_code == 200 and edited.json()["title"] == "2026年第一批抽查（更正）"
    assert history(task)[-1].changes[0]["old"] == task.title
    assert client.get(f"/api/spot-checks/{task.pk}/verification/").json()["matches"] is True


def test_before_the_draw_the_record_fields_are_bad_input(world, api):
    task = world.task()
    response = api.as_user(world.officer).patch(f"/api/spot-checks/{task.pk}/", {"seed": "0" * 64}, format="json")
    assert response.status_code == 400 and "seed" in response.json()["errors"]


def test_confirmation_needs_a_filed_plan(api):
    world = World(filed=False)
    task = world.drawn()
    response = api.as_user(world.head).post(f"/api/spot-checks/{task.pk}/transitions/confirm/", {"reason": "确认"})
    assert response.status_code == 409 and "备案" in response.json()["detail"]
    assert api.as_user(world.officer).post(
        f"/api/spot-checks/{task.pk}/transitions/confirm/", {"reason": "确认"}
    ).status_code in (403, 409)


def test_unstaffed_targets_say_why_and_block_confirmation(api):
    world = World(inspectors=2)  # two inspectors cannot serve the agencies of their own counties
    task = world.drawn()
    unstaffed = task.targets.exclude(unstaffed_reason="")
    assert unstaffed.exists()
    for target in unstaffed:
        assert not target.team.exists() and "检查人员" in target.unstaffed_reason
    response = api.as_user(world.head).post(f"/api/spot-checks/{task.pk}/transitions/confirm/", {"reason": "确认"})
    assert response.status_code == 409 and "未能派员" in response.json()["detail"]
    cancelled = api.as_user(world.head).post(f"/api/spot-checks/{task.pk}/transitions/cancel/", {"reason": ""})
    assert cancelled.status_code == 400
    cancelled = api.as_user(world.head).post(
        f"/api/spot-checks/{task.pk}/transitions/cancel/", {"reason": "检查人员不足，补充名录后重新抽取"}
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


def test_cancelling_a_running_draw_stops_it_from_being_recorded(world):
    task = world.task()
    services.spot_check_draw_start(task, actor=world.officer)
    fire_transition(task, "cancel", actor=world.head, reason="计划调整")
    services.spot_check_draw_run(task.pk)
    task.refresh_from_db()
    assert (task.state, task.draw_status, task.seed) == ("cancelled", "cancelled", "")
    assert not task.targets.exists()


# --- slot redraws -------------------------------------------------------------------------------------


def test_a_conflict_found_after_confirmation_redraws_that_slot_only(world, api):
    task = world.confirmed()
    target = task.targets.order_by("position").first()
    before = {t.pk: sorted(t.team.values_list("slot", "inspector_id")) for t in task.targets.all()}
    leaving = target.team.get(slot=1)
    client = api.as_user(world.officer)
    rows = len(history(task))

    response = client.post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/redraw/",
        {"inspector": leaving.inspector_id, "reason": "检查人员配偶在该机构执业"},
        format="json",
    )
    assert response.status_code == 200, response.content
    redraw = SlotRedraw.objects.get(target=target)
    candidates = json.loads(redraw.candidates)
    assert redraw.new_inspector_id in candidates and leaving.inspector_id not in candidates
    assert redraw.new_inspector_id == redraw_services.redraw_choice(task.seed, target.agency_id, 1, 1, candidates)
    assert hashlib.sha256(redraw.candidates.encode()).hexdigest() == redraw.candidates_hash
    assert InspectorConflict.objects.filter(inspector_id=leaving.inspector_id, agency=target.agency).exists()

    after = {t.pk: sorted(t.team.values_list("slot", "inspector_id")) for t in task.targets.all()}
    assert after[target.pk] == sorted([(1, redraw.new_inspector_id), before[target.pk][1]])
    assert {k: v for k, v in after.items() if k != target.pk} == {k: v for k, v in before.items() if k != target.pk}
    assert len(history(task)) == rows + 1 and history(task)[-1].transition == "slot_redraw"
    assert response.json()["redraws"][0]["new_inspector"] == redraw.new_inspector_id

    verification = client.get(f"/api/spot-checks/{task.pk}/verification/").json()
    assert verification["matches"] is True and verification["redraws"] == 1

    SlotRedraw.objects.filter(pk=redraw.pk).update(new_inspector=leaving.inspector_id)
    verification = client.get(f"/api/spot-checks/{task.pk}/verification/").json()
    assert verification["matches"] is False
    assert any("按种子重算应为" in d for d in verification["differences"])


def test_a_redraw_with_nobody_left_leaves_the_target_unstaffed(api):
    world = World(inspectors=3, count=1)
    task = world.confirmed()
    target = task.targets.get()
    link = target.team.first()
    # Three inspectors, one per county: the other two are the team and the one from the
    # target's county, so nobody may take the slot.
    response = api.as_user(world.head).post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/redraw/",
        {"inspector": link.inspector_id, "reason": "曾在该机构任职"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["staffed"] is False and len(response.json()["team"]) == 1
    redraw = SlotRedraw.objects.get(target=target)
    assert (redraw.new_inspector_id, json.loads(redraw.candidates)) == (None, [])
    target.refresh_from_db()
    assert "没有符合条件的检查人员" in target.unstaffed_reason
    assert api.as_user(world.head).get(f"/api/spot-checks/{task.pk}/verification/").json()["matches"] is True
    # The target cannot be inspected; the task's other targets (none here) can still be completed.
    fire_transition(task, "start_inspection", actor=world.officer, reason="开始检查")
    response = api.as_user(team_user(task, target)).post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/", result_body(world), format="json"
    )
    assert response.status_code == 409


def test_a_redraw_is_refused_once_the_target_has_its_result(world, api):
    task = world.inspecting()
    target = task.targets.order_by("position").first()
    user = team_user(task, target)
    assert (
        api.as_user(user)
        .post(f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/", result_body(world), format="json")
        .status_code
        == 201
    )
    response = api.as_user(world.head).post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/redraw/",
        {"inspector": target.team.first().inspector_id, "reason": "回避"},
        format="json",
    )
    assert response.status_code == 409


# --- results ------------------------------------------------------------------------------------------


def test_only_the_assigned_inspectors_enter_a_result(world, api):
    task = world.inspecting()
    target = task.targets.order_by("position").first()
    url = f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/"
    rows = len(history(task))

    other = outsider(task, target, world)
    assert api.as_user(other).post(url, result_body(world), format="json").status_code == 403
    assert api.as_user(world.head).post(url, result_body(world), format="json").status_code == 403
    county = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    assert api.as_user(county).post(url, result_body(world), format="json").status_code == 404
    assert api.as_user(world.auditor).post(url, result_body(world), format="json").status_code == 403
    assert len(history(task)) == rows

    user = team_user(task, target)
    response = api.as_user(user).post(url, result_body(world), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["result"]["finding_label"] == "未发现问题"
    assert len(history(task)) == rows + 1
    assert api.as_user(user).post(url, result_body(world), format="json").status_code == 409
    target.agency.refresh_from_db()
    assert target.agency.last_inspected_on == timezone.localdate()


def test_a_county_officer_drawn_for_a_city_task_sees_it_and_enters_the_result():
    """A city plan draws inspectors from every county: an officer whose account belongs to a county
    sees the city task he is drawn for and enters his target's result; his county colleagues
    who are not drawn still get 404."""
    from rest_framework.test import APIClient

    world = World()
    for inspector in world.inspectors:
        inspector.user.jurisdiction_id = inspector.jurisdiction_id
        inspector.user.save(update_fields=["jurisdiction"])
    task = world.inspecting()
    target = task.targets.order_by("position").first()
    user = team_user(task, target)
    assert user.jurisdiction_id != CITY
    client = APIClient()
    client.force_authenticate(user)
    assert client.get(f"/api/spot-checks/{task.pk}/").status_code == 200
    assert task.pk in [row["id"] for row in client.get("/api/spot-checks/").json()["results"]]
    url = f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/"
    assert client.post(url, result_body(world), format="json").status_code == 201

    colleague = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(user.jurisdiction_id))
    client.force_authenticate(colleague)
    assert client.get(f"/api/spot-checks/{task.pk}/").status_code == 404


def test_results_are_entered_only_while_inspecting(world, api):
    task = world.confirmed()
    target = task.targets.order_by("position").first()
    response = api.as_user(team_user(task, target)).post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/", result_body(world), format="json"
    )
    assert response.status_code == 409


def test_result_input_is_checked(world, api):
    task = world.inspecting()
    target = task.targets.order_by("position").first()
    client = api.as_user(team_user(task, target))
    url = f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/"
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    other_item = sf.inspection_item()
    for body, field in [
        (result_body(world, finding="rectification", description="未按规定公示收费标准"), "rectification_due"),
        (result_body(world, finding="referred", description="超范围执业"), "referred_to"),
        (result_body(world, finding="penalty_case"), "description"),
        (result_body(world, checked_on=tomorrow), "checked_on"),
        (result_body(world, items=[other_item.pk]), "items"),
        (result_body(world, items=[]), "items"),
        (result_body(world, rectification_due=tomorrow), "rectification_due"),
    ]:
        response = client.post(url, body, format="json")
        assert response.status_code == 400, (field, response.content)
        assert field in response.json()["errors"], (field, response.json())
    assert TransitionLog.objects.filter(transition="result_enter").count() == 0


def test_findings_rectification_penalty_case_referral_and_unreachable(world, api):
    task = world.inspecting()
    targets = list(task.targets.order_by("position"))
    today = timezone.localdate()
    due = today + dt.timedelta(days=30)

    def enter(target, **extra):
        user = team_user(task, target)
        response = api.as_user(user).post(
            f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/", result_body(world, **extra), format="json"
        )
        assert response.status_code == 201, response.content
        return user, response.json()["result"]

    inspector, rectification = enter(
        targets[0],
        finding="rectification",
        description="未按规定在住所公示执业许可证",
        rectification_due=due.isoformat(),
    )
    deadline = Deadline.objects.get(kind="rectification", object_id=task.pk)
    assert (deadline.responsible, deadline.rule, deadline.start) == (inspector, "calendar_days", today)
    assert rectification["needs_follow_up"] is True and rectification["rectification_overdue"] is False

    _, penalty = enter(targets[1], finding="penalty_case", description="以不正当手段招揽业务")
    clue = EnforcementCase.objects.get(pk=penalty["clue"])
    assert (clue.state, clue.procedure, clue.kind, clue.clue_source) == (
        "clue",
        "penalty",
        "agency_violation",
        "spot_check",
    )
    assert clue.parties.get().name == targets[1].agency.name

    _, referred = enter(
        targets[2], finding="referred", description="涉嫌应当停止承接新业务", referred_to="山西省知识产权局"
    )
    assert referred["referred_to"] == "山西省知识产权局"
    _, unreachable = enter(targets[3], finding="unreachable", description="登记住所已无该机构")
    assert unreachable["finding_label"].startswith("通过登记的住所")

    # A rectification deadline that passes: the inspector responsible is reminded.
    deadlines_scan(today=deadline.due + dt.timedelta(days=1))
    reminder = Notification.objects.get(recipient=inspector, title__startswith="期限已逾期")
    assert targets[0].agency.name in reminder.body

    # Results complete → 20 working days to publish; the follow-up stays open until rectified.
    client = api.as_user(world.officer)
    done = client.post(f"/api/spot-checks/{task.pk}/transitions/complete_results/", {"reason": "结果已全部录入"})
    assert done.status_code == 200, done.content
    publication = Deadline.objects.get(kind="publication", object_id=task.pk)
    assert (publication.rule, publication.amount, publication.status) == ("working_days", 20, "open")
    published = api.as_user(world.reviewer).post(f"/api/spot-checks/{task.pk}/transitions/publish/", {"reason": "公示"})
    assert published.status_code == 200, published.content
    publication.refresh_from_db()
    assert publication.status == "met"

    client = api.as_user(world.officer)
    blocked = client.post(f"/api/spot-checks/{task.pk}/transitions/complete_follow_up/", {"reason": "完毕"})
    assert blocked.status_code == 409 and "整改" in blocked.json()["detail"]
    follow_up = api.as_user(inspector).post(
        f"/api/spot-checks/{task.pk}/targets/{targets[0].pk}/follow-up/",
        {"rectified_on": today.isoformat(), "note": "复查已整改", "reason": "复查"},
        format="json",
    )
    assert follow_up.status_code == 200, follow_up.content
    assert follow_up.json()["result"]["rectified_on"] == today.isoformat()
    deadline.refresh_from_db()
    assert deadline.status == "met"
    client = api.as_user(world.officer)
    finished = client.post(f"/api/spot-checks/{task.pk}/transitions/complete_follow_up/", {"reason": "完毕"})
    assert finished.status_code == 200 and finished.json()["state"] == "followed_up"


def test_an_order_not_carried_out_becomes_a_penalty_case(world, api):
    task = world.inspecting()
    target = task.targets.order_by("position").first()
    user = team_user(task, target)
    due = timezone.localdate() + dt.timedelta(days=10)
    api.as_user(user).post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/",
        result_body(world, finding="rectification", description="未公示收费标准", rectification_due=due.isoformat()),
        format="json",
    )
    rows = len(history(task))
    response = api.as_user(world.head).post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/follow-up/",
        {"open_case": True, "note": "逾期未整改", "reason": "转立案"},
        format="json",
    )
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["clue"] and result["needs_follow_up"] is False
    assert Deadline.objects.get(kind="rectification", object_id=task.pk).status == "cancelled"
    assert len(history(task)) == rows + 1
    other = outsider(task, target, world)
    assert (
        api.as_user(other)
        .post(f"/api/spot-checks/{task.pk}/targets/{target.pk}/follow-up/", {"note": "x"}, format="json")
        .status_code
        == 403
    )


def test_complete_results_needs_every_staffed_target(world, api):
    task = world.inspecting()
    response = api.as_user(world.officer).post(
        f"/api/spot-checks/{task.pk}/transitions/complete_results/", {"reason": "完毕"}
    )
    assert response.status_code == 409


# --- scoping ------------------------------------------------------------------------------------------


def test_a_county_user_sees_only_its_county_tasks(world, api):
    city_task = world.task()
    county_head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=jurisdiction(ZEZHOU))
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))
    county_plan = sf.annual_plan(ZEZHOU, counts={"B": 1}, exclude_same_county=False)
    county_task = services.spot_check_create(actor=county_officer, plan=county_plan, title="泽州县第一批抽查")

    client = api.as_user(county_head)
    listed = {row["id"] for row in client.get("/api/spot-checks/").json()["results"]}
    assert listed == {county_task.pk}
    for path in ("", "history/", "targets/", "draw-status/", "verification/", "deadlines/", "transitions/"):
        assert client.get(f"/api/spot-checks/{city_task.pk}/{path}").status_code == 404, path
    assert client.post(f"/api/spot-checks/{city_task.pk}/draw/", {}, format="json").status_code == 404
    assert client.post(f"/api/spot-checks/{city_task.pk}/transitions/cancel/", {"reason": "x"}).status_code == 404
    created = api.as_user(county_officer).post(
        "/api/spot-checks/", {"title": "越权登记", "plan": world.plan.pk}, format="json"
    )
    assert created.status_code == 400 and "plan" in created.json()["errors"]

    city = {row["id"] for row in api.as_user(world.head).get("/api/spot-checks/").json()["results"]}
    assert city == {city_task.pk, county_task.pk}


def test_only_bureau_staff_register_and_draw(world, api):
    body = {"title": "抽查", "plan": world.plan.pk}
    assert api.as_user(world.auditor).post("/api/spot-checks/", body, format="json").status_code == 403
    task = world.task()
    assert api.as_user(world.reviewer).post(f"/api/spot-checks/{task.pk}/draw/", {}, format="json").status_code == 403
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(CITY))
    assert api.as_user(clerk).get(f"/api/spot-checks/{task.pk}/").status_code == 404


# --- the public results ----------------------------------------------------------------------------


def _published(world, api):
    task = world.inspecting()
    for target in task.targets.all():
        api.as_user(team_user(task, target)).post(
            f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/", result_body(world), format="json"
        )
    fire_transition(task, "complete_results", actor=world.officer, reason="录入完毕")
    return fire_transition(task, "publish", actor=world.reviewer, reason="公示")


def test_the_public_sees_published_results_only_and_no_person(world, api, client):
    published = _published(world, api)
    hidden = world.drawn(title="2026年第二批抽查")

    rows = client.get("/api/public/spot-check-results/").json()
    assert rows["count"] == 4
    assert {row["spot_check"] for row in rows["results"]} == {published.pk}
    row = rows["results"][0]
    assert row["finding_label"] == "未发现问题" and row["authority"] and row["items"]

    detail = client.get(f"/api/public/spot-check-results/{published.pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert (body["commitment"], body["seed"], body["inputs_hash"]) == (
        published.commitment,
        published.seed,
        published.inputs_hash,
    )
    assert body["algorithm_version"] == spot_draw.ALGORITHM_VERSION and "SHA-256" in body["how_to_check"]
    assert len(body["targets"]) == 4

    text = json.dumps([rows, body], ensure_ascii=False)
    for inspector in world.inspectors:
        assert inspector.user.display_name not in text and inspector.certificate_number not in text
    for person in (world.officer, world.head, world.reviewer):
        assert person.display_name not in text

    record = client.get(body["record_url"]).json()
    assert spot_draw.verify(
        {k: record[k] for k in ("commitment", "seed", "algorithm_version", "inputs", "inputs_hash", "output")}
    ).matches
    assert hashlib.sha256(record["seed"].encode()).hexdigest() == record["commitment"]

    for path in (f"{hidden.pk}/", f"{hidden.pk}/record/", "999999/"):
        assert client.get(f"/api/public/spot-check-results/{path}").status_code == 404


def test_the_public_search_matches_agency_name_credit_code_and_title(world, api, client):
    published = _published(world, api)
    target = published.targets.order_by("position").first()
    agency = target.agency
    by_name = client.get("/api/public/spot-check-results/", {"q": agency.name}).json()
    assert [r["credit_code"] for r in by_name["results"]] == [agency.credit_code]
    by_code = client.get("/api/public/spot-check-results/", {"q": agency.credit_code}).json()
    assert [r["agency_name"] for r in by_code["results"]] == [agency.name]
    by_title = client.get("/api/public/spot-check-results/", {"q": "第一批"}).json()
    assert by_title["count"] == 4
    assert client.get("/api/public/spot-check-results/", {"q": "没有这个机构"}).json()["count"] == 0
    assert client.get("/api/public/spot-check-results/", {"q": "x" * 101}).status_code == 400
    other = world.agencies[-1]
    if not published.targets.filter(agency=other).exists():
        assert client.get("/api/public/spot-check-results/", {"q": other.name}).json()["count"] == 0


def test_the_public_lookup_is_rate_limited(world, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public": "2/min"},
    }
    codes = [client.get("/api/public/spot-check-results/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_plan_without_rules_or_items_cannot_be_drawn(world, api):
    plan = sf.annual_plan(CITY, counts={"B": 1}, items=[])
    task = services.spot_check_create(actor=world.officer, plan=plan, title="无事项的抽查")
    response = api.as_user(world.officer).post(f"/api/spot-checks/{task.pk}/draw/", {}, format="json")
    assert response.status_code == 400 and "plan" in response.json()["errors"]
    task.refresh_from_db()
    assert (task.commitment, task.draw_status) == ("", "idle")


def test_the_task_list_filters_and_exports(world, api):
    drawn = world.drawn()
    draft = world.task(title="2026年第二批抽查")
    client = api.as_user(world.officer)
    assert {r["id"] for r in client.get("/api/spot-checks/", {"state": "drawn"}).json()["results"]} == {drawn.pk}
    assert {r["id"] for r in client.get("/api/spot-checks/", {"plan": world.plan.pk}).json()["results"]} == {
        drawn.pk,
        draft.pk,
    }
    assert client.get("/api/spot-checks/", {"plan": "x"}).status_code == 400
    rows = client.get("/api/spot-checks/", {"state": "drawn"}).json()["results"]
    assert rows[0]["targets_count"] == 4 and rows[0]["unstaffed_count"] == 0
    assert client.get("/api/spot-checks/", {"mine": "1"}).json()["count"] == 2
    inspector = world.inspectors[0].user
    mine = {r["id"] for r in api.as_user(inspector).get("/api/spot-checks/", {"mine": "1"}).json()["results"]}
    served = TargetInspector.objects.filter(target__spot_check=drawn, inspector=world.inspectors[0]).exists()
    assert mine == ({drawn.pk} if served else set())
    assert api.as_user(world.officer).get("/api/spot-checks/", {"needs_follow_up": "1"}).json()["count"] == 0
    export = api.as_user(world.officer).get("/api/spot-checks/?format=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_conflict_declared_in_the_directory_after_confirmation_must_be_redrawn(world, api):
    task = world.confirmed()
    target = task.targets.order_by("position").first()
    link = target.team.order_by("slot").first()
    sf.conflict(link.inspector, target.agency, reason="其子在该机构任专利代理师")  # declared in the directory

    client = api.as_user(world.head)
    listed = client.get(f"/api/spot-checks/{task.pk}/targets/").json()
    flags = {m["inspector"]: m["conflict_declared"] for m in listed[0]["team"]}
    assert flags[link.inspector_id] is True and list(flags.values()).count(True) == 1
    started = client.post(f"/api/spot-checks/{task.pk}/transitions/start_inspection/", {"reason": "开始"})
    assert started.status_code == 409 and "回避" in started.json()["detail"]

    redrawn = client.post(
        f"/api/spot-checks/{task.pk}/targets/{target.pk}/redraw/",
        {"inspector": link.inspector_id, "reason": "其子在该机构任专利代理师"},
        format="json",
    )
    assert redrawn.status_code == 200
    assert InspectorConflict.objects.filter(inspector=link.inspector, agency=target.agency).count() == 1
    started = client.post(f"/api/spot-checks/{task.pk}/transitions/start_inspection/", {"reason": "开始"})
    assert started.status_code == 200, started.content


def test_confirmation_tells_each_inspector_which_agencies_they_inspect(world, django_capture_on_commit_callbacks):
    task = world.drawn()
    with django_capture_on_commit_callbacks(execute=True):
        fire_transition(task, "confirm", actor=world.head, reason="确认")
    for link in TargetInspector.objects.filter(target__spot_check=task).select_related("inspector__user", "target"):
        note = Notification.objects.get(recipient=link.inspector.user, dedupe_key=f"spot-check-team:{task.pk}")
        assert link.target.agency.name in note.body
    idle = [i for i in world.inspectors if not TargetInspector.objects.filter(inspector=i).exists()]
    assert not Notification.objects.filter(recipient__in=[i.user for i in idle]).exists()


def test_the_public_result_page_explains_the_check_without_raw_field_names(world, api, client):
    published = _published(world, api)

    page = client.get(f"/public/spot-checks/{published.pk}/").content.decode()

    assert "核对方法" in page and "下载完整抽取记录（JSON）" in page
    assert "record_url" not in page and "algorithm_version" not in page
