"""Transitions of a spot-check task (thin: services do the work, workflow.py the rules)."""

from django.utils import timezone

from casemgmt.workflow.transitions import workflow_transition

from .. import workflow as wf
from .choices import State


class SpotCheckTransitions:
    @workflow_transition(
        source=State.DRAFT,
        target=State.DRAWN,
        label="完成随机抽取",
        permission=wf.system,
        conditions=[wf.drawn],
    )
    def record_draw(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.DRAWN,
        target=State.CONFIRMED,
        label="确认抽取结果",
        permission=wf.head,
        conditions=[wf.plan_filed, wf.teams_complete, wf.no_conflicts],
    )
    def confirm(self, *, actor, payload):
        self.confirmed_at = timezone.now()

    @workflow_transition(
        source=State.CONFIRMED,
        target=State.INSPECTING,
        label="开始检查",
        permission=wf.planners,
        conditions=[wf.no_conflicts],
    )
    def start_inspection(self, *, actor, payload):
        self.inspection_started_on = timezone.localdate()

    @workflow_transition(
        source=State.INSPECTING,
        target=State.RESULTS_ENTERED,
        label="结果录入完毕",
        permission=wf.planners,
        conditions=[wf.results_complete],
    )
    def complete_results(self, *, actor, payload):
        self.results_entered_on = timezone.localdate()

    @workflow_transition(
        source=State.RESULTS_ENTERED,
        target=State.PUBLISHED,
        label="公示抽查结果",
        permission=wf.publishers,
    )
    def publish(self, *, actor, payload):
        self.published_on = timezone.localdate()

    @workflow_transition(
        source=State.PUBLISHED,
        target=State.FOLLOWED_UP,
        label="后续处置完毕",
        permission=wf.planners,
        conditions=[wf.follow_ups_done],
    )
    def complete_follow_up(self, *, actor, payload):
        self.followed_up_on = timezone.localdate()

    @workflow_transition(
        source=list(wf.CANCELLABLE),
        target=State.CANCELLED,
        label="取消抽查任务",
        permission=wf.head,
        reason_required=True,
    )
    def cancel(self, *, actor, payload):
        pass
