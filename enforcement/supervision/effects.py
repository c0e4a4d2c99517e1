"""What follows each transition of a spot-check task, in the order it runs (declared with the
kernel by SupervisionConfig.ready; see casemgmt.workflow.effects). Each effect is
``func(spot_check, log, payload)`` and runs inside the transition's transaction."""

from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_cancel, deadline_mark_met, deadline_open
from casemgmt.notifications.services import notification_create
from casemgmt.workflow.effects import declare_effects

from .models import SpotCheck, TargetInspector
from .services.results import publication_working_days

PUBLICATION = "publication"
PUBLICATION_BASIS = "《企业信息公示暂行条例》第六条：抽查检查结果自产生之日起20个工作日内公示"


def draw_recorded(spot_check, log, payload) -> None:
    """The draw is recorded: tell whoever registered the task that it awaits confirmation."""
    user = spot_check.created_by
    if user is None:
        return
    title, url, pk = spot_check.title, spot_check.get_absolute_url(), spot_check.pk
    transaction.on_commit(
        lambda: notification_create(
            recipient=user,
            title="双随机抽取已完成，待机关负责人确认",
            body=f"抽查任务“{title}”的随机抽取已完成，种子已公开。",
            url=url,
            dedupe_key=f"spot-check-drawn:{pk}",
        )
    )


def teams_notified(spot_check, log, payload) -> None:
    """The draw is confirmed: every inspector on a team learns which agencies they inspect."""
    per_user: dict = {}
    links = TargetInspector.objects.filter(target__spot_check=spot_check).select_related(
        "inspector__user", "target__agency"
    )
    for link in links:
        per_user.setdefault(link.inspector.user, []).append(link.target.agency.name)
    title, url, pk = spot_check.title, spot_check.get_absolute_url(), spot_check.pk

    def send():
        for user, names in per_user.items():
            notification_create(
                recipient=user,
                title="您被抽取为双随机抽查检查人员",
                body=f"抽查任务“{title}”：检查对象 {'、'.join(names)}。",
                url=url,
                dedupe_key=f"spot-check-team:{pk}",
            )

    transaction.on_commit(send)


def publication_deadline_opened(spot_check, log, payload) -> None:
    """All results are in: they must be published within 20 working days."""
    deadline_open(
        spot_check,
        kind=PUBLICATION,
        label="抽查结果公示期限",
        legal_basis=PUBLICATION_BASIS,
        start=spot_check.results_entered_on or timezone.localdate(),
        rule=Rule.WORKING_DAYS,
        amount=publication_working_days(),
        responsible=log.actor,
    )


def publication_deadline_met(spot_check, log, payload) -> None:
    for deadline in deadlines_for(spot_check):
        if deadline.kind == PUBLICATION and deadline.is_active:
            deadline_mark_met(deadline, on=max(spot_check.published_on or timezone.localdate(), deadline.start))


def cancelled(spot_check, log, payload) -> None:
    """A cancelled task keeps no running limit and no running draw."""
    for deadline in deadlines_for(spot_check):
        if deadline.is_active:
            deadline_cancel(deadline, reason=f"抽查任务已取消：{log.reason}")
    if spot_check.draw_status == SpotCheck.DrawStatus.RUNNING:
        spot_check.draw_status = SpotCheck.DrawStatus.CANCELLED
        spot_check.draw_error = "抽查任务已取消，抽取结果不予记录。"
        spot_check.save(update_fields=["draw_status", "draw_error", "updated_at"])


def declare() -> None:
    declare_effects(
        SpotCheck,
        {
            "record_draw": [draw_recorded],
            "confirm": [teams_notified],
            "complete_results": [publication_deadline_opened],
            "publish": [publication_deadline_met],
            "cancel": [cancelled],
        },
    )
