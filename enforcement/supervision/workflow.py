"""Who may act on a spot-check task, and the conditions of its transitions (pure)."""

from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow, SystemOnly
from casemgmt.workflow.transitions import Condition

from .models.choices import State

# The bureau's supervision staff plan and draw; its head confirms; results are published by the
# head or the legal reviewer.
STAFF = (Role.OFFICER, Role.AGENCY_HEAD)
planners = Allow(*STAFF)
head = Allow(Role.AGENCY_HEAD)
publishers = Allow(Role.AGENCY_HEAD, Role.LEGAL_REVIEWER)
system = SystemOnly()

# The public sees a task's results from publication on.
PUBLIC_STATES = (State.PUBLISHED, State.FOLLOWED_UP)
# A task can be called off until its inspections have started.
CANCELLABLE = (State.DRAFT, State.DRAWN, State.CONFIRMED)


def _every_target_has_a_team(spot_check) -> bool:
    # A target is staffed while it has no reason for being unstaffed (the draw's, or a redraw's
    # that found nobody eligible); an unstaffed one has no team or an incomplete one.
    targets = spot_check.targets
    return not (targets.exclude(unstaffed_reason="").exists() or targets.filter(team__isnull=True).exists())


def _every_staffed_target_has_a_result(spot_check) -> bool:
    return not spot_check.targets.filter(unstaffed_reason="", result__isnull=True).exists()


def _no_open_follow_up(spot_check) -> bool:
    # A rectification order is followed up when it was carried out or turned into a penalty case.
    return not spot_check.targets.filter(
        result__finding="rectification", result__rectified_on__isnull=True, result__clue__isnull=True
    ).exists()


def _no_conflicted_member(spot_check) -> bool:
    # A conflict (回避) declared in the directory after the draw: that slot must be redrawn first.
    from django.db.models import F

    from .models import TargetInspector

    return not TargetInspector.objects.filter(
        target__spot_check=spot_check, inspector__conflicts__agency_id=F("target__agency_id")
    ).exists()


def _drawn(spot_check) -> bool:
    return bool(spot_check.seed) and spot_check.draw_status == "done"


def _plan_filed(spot_check) -> bool:
    return spot_check.plan.filed_on is not None


drawn = Condition(_drawn, "抽取尚未完成。")
plan_filed = Condition(_plan_filed, "年度抽查计划尚未报上级机关备案，不能确认抽取结果。")
teams_complete = Condition(_every_target_has_a_team, "有抽中对象未能派员，请先处理（登记回避重抽或取消任务）。")
results_complete = Condition(_every_staffed_target_has_a_result, "还有抽中对象没有录入检查结果。")
no_conflicts = Condition(
    _no_conflicted_member, "有检查人员已申报回避其被派往的检查对象，请先登记回避并重抽该检查人员。"
)
follow_ups_done = Condition(_no_open_follow_up, "还有责令整改的对象尚未整改完毕。")
