"""Results of a spot-check (检查结果), entered by the inspectors assigned to the target, and their
follow-ups. Each is one audited write with one history row on the task.

Findings and what follows them:
* no_problem — nothing;
* rectification — a rectification order: a kernel deadline (calendar days up to the date the
  inspector set) on the task, with the inspector responsible, so the deadline scan warns them
  when it is near and when it passed; the follow-up records when it was carried out (the
  deadline is met) or turns it into a penalty case;
* unreachable — not reachable at the registered address (for the abnormal-operation list);
* penalty_case — a clue of the penalty procedure is registered (enforcement_case_create, clue
  source 双随机抽查发现) and linked;
* referred — referred to the authority competent for suspension or revocation, named.
The agency's last inspection date moves to the inspection date."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.services import deadline_cancel, deadline_mark_met, deadline_open
from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.org.models import Role
from casemgmt.workflow.steps import audited_write

from ..documents import issue_result_notice
from ..models import InspectorConflict, SpotCheckTarget, TargetResult
from ..models.choices import Finding, State

RECTIFICATION = "rectification"
RECTIFICATION_BASIS = "《专利代理条例》《专利代理管理办法》《商标法》：责令限期改正"
MAX_RECTIFICATION_DAYS = 366
FOLLOW_UP_STATES = (State.INSPECTING, State.RESULTS_ENTERED, State.PUBLISHED)
NEEDS_DESCRIPTION = {Finding.RECTIFICATION, Finding.UNREACHABLE, Finding.PENALTY_CASE, Finding.REFERRED}


def is_team_member(target: SpotCheckTarget, user) -> bool:
    """Whether the user serves on the target's team (as an inspector of the directory)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return False
    return target.team.filter(inspector__user_id=user.pk).exists()


def _team_of(target):
    return lambda spot_check, user: bool(user and user.is_active) and is_team_member(target, user)


def _team_or_head(target):
    def allowed(spot_check, user) -> bool:
        if not user or not user.is_active:
            return False
        return user.role == Role.AGENCY_HEAD or is_team_member(target, user)

    return allowed


def _target_of(spot_check, target) -> SpotCheckTarget:
    pk = getattr(target, "pk", target)
    found = (
        SpotCheckTarget.objects.select_related("agency").filter(pk=pk, spot_check_id=spot_check.pk).first()
        if isinstance(pk, int)
        else None
    )
    if found is None:
        raise NotFound()
    return found


def _date(value, name: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            errors[name] = ["日期格式应为 YYYY-MM-DD。"]
            return None
    if not isinstance(value, dt.date):
        errors[name] = ["请填写日期。"]
        return None
    return value


def _text(value, name: str, limit: int, errors: dict) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit:
        errors[name] = [f"不能超过{limit}个字。"]
    return text


def _items(plan, items, errors: dict) -> list:
    ids = []
    for item in items or []:
        pk = getattr(item, "pk", item)
        if isinstance(pk, bool) or not isinstance(pk, int):
            errors["items"] = ["检查事项编号无效。"]
            return []
        ids.append(pk)
    if not ids:
        errors["items"] = ["请选择本次检查的事项。"]
        return []
    found = list(plan.items.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        errors["items"] = ["只能选择年度计划中的抽查事项。"]
    return found


def target_result_enter(
    spot_check,
    target,
    *,
    actor,
    checked_on,
    items,
    finding: str,
    description: str = "",
    rectification_due=None,
    referred_to: str = "",
    reason: str = "",
) -> TargetResult:
    """Enter the result of one target. Only an inspector of that target's team may (Forbidden);
    someone who may not see the task gets NotFound; only while the task is being inspected and
    once per target (Conflict); bad input is Invalid. One history row on the task."""
    target = _target_of(spot_check, target)
    agency = target.agency
    finding_label = Finding(finding).label if finding in Finding.values else ""
    with audited_write(
        spot_check,
        "result_enter",
        "录入检查结果",
        actor=actor,
        permission=_team_of(target),
        reason=reason or f"录入检查结果：{agency.name}，{finding_label or '—'}",
        forbidden="只有该检查对象的检查组成员可以录入检查结果。",
    ) as write:
        locked = write.obj
        if locked.state != State.INSPECTING:
            raise Conflict(f"抽查任务{locked.state_label}，不能录入检查结果（须在“检查中”）。")
        target = SpotCheckTarget.objects.select_for_update().select_related("agency").get(pk=target.pk)
        if not target.is_staffed:
            raise Conflict("该对象未能派员，不能录入检查结果。")
        if TargetResult.objects.filter(target=target).exists():
            raise Conflict("该对象的检查结果已录入。")
        if InspectorConflict.objects.filter(inspector__user_id=actor.pk, agency_id=target.agency_id).exists():
            raise Conflict("您已申报回避该检查对象，请先登记回避并重抽检查人员。")

        errors: dict = {}
        today = timezone.localdate()
        checked = _date(checked_on, "checked_on", errors)
        if checked is None and "checked_on" not in errors:
            errors["checked_on"] = ["请填写检查日期。"]
        elif checked is not None:
            started = locked.inspection_started_on
            if checked > today:
                errors["checked_on"] = ["检查日期不能晚于今天。"]
            elif started and checked < started:
                errors["checked_on"] = [f"检查日期不能早于开始检查的日期（{started:%Y-%m-%d}）。"]
        chosen_items = _items(locked.plan, items, errors)
        if finding not in Finding.values:
            errors["finding"] = ["请选择检查结果。"]
        text = _text(description, "description", 5000, errors)
        if finding in NEEDS_DESCRIPTION and not text and "description" not in errors:
            errors["description"] = ["请填写检查发现的情况。"]
        due = _date(rectification_due, "rectification_due", errors)
        authority = _text(referred_to, "referred_to", 200, errors)
        if finding == Finding.RECTIFICATION:
            if due is None and "rectification_due" not in errors:
                errors["rectification_due"] = ["责令整改须填写整改期限。"]
            elif due is not None and checked is not None:
                if due <= checked or due < today:
                    errors["rectification_due"] = ["整改期限须晚于检查日期，且不能早于今天。"]
                elif (due - checked).days > MAX_RECTIFICATION_DAYS:
                    errors["rectification_due"] = [f"整改期限不能超过{MAX_RECTIFICATION_DAYS}天。"]
        elif due is not None:
            errors["rectification_due"] = ["只有责令整改才填写整改期限。"]
        if finding == Finding.REFERRED:
            if not authority and "referred_to" not in errors:
                errors["referred_to"] = ["请填写移送的机关。"]
        elif authority:
            errors["referred_to"] = ["只有移送有权机关处理才填写移送机关。"]
        if errors:
            raise Invalid("输入有误。", errors)

        result = TargetResult.objects.create(
            target=target,
            checked_on=checked,
            finding=finding,
            description=text,
            rectification_due=due,
            referred_to=authority,
            entered_by=actor,
        )
        result.items_checked.set(chosen_items)
        if finding == Finding.RECTIFICATION:
            result.rectification_deadline = deadline_open(
                locked,
                kind=RECTIFICATION,
                label=f"整改期限：{agency.name}"[:120],
                legal_basis=RECTIFICATION_BASIS,
                start=checked,
                rule=Rule.CALENDAR_DAYS,
                amount=(due - checked).days,
                responsible=actor,
            )
            result.save(update_fields=["rectification_deadline"])
        elif finding == Finding.PENALTY_CASE:
            result.clue = _open_case(locked, target, actor=actor, on=checked, facts=text)
            result.save(update_fields=["clue"])
        if agency.last_inspected_on is None or agency.last_inspected_on < checked:
            write.edit(agency, last_inspected_on=checked)
        issue_result_notice(locked, result, actor=actor)
        write.record(
            target=target.pk,
            agency=agency.pk,
            agency_name=agency.name,
            finding=finding,
            items=[item.code for item in chosen_items],
            checked_on=checked,
            rectification_due=due,
            referred_to=authority,
            clue=result.clue_id,
        )
    return result


def _open_case(spot_check, target, *, actor, on: dt.date, facts: str):
    """Register the clue of a penalty case against the agency (enforcement workflow)."""
    from enforcement.services.cases import enforcement_case_create

    agency = target.agency
    party = {"kind": "organization", "name": agency.name, "credit_code": agency.credit_code}
    if agency.address:
        party["address"] = agency.address
    return enforcement_case_create(
        actor=actor,
        procedure="penalty",
        jurisdiction=spot_check.jurisdiction,
        kind="agency_violation",
        clue_source="spot_check",
        title=f"双随机抽查发现{agency.name}涉嫌违法"[:200],
        facts=(
            f"{on:%Y年%m月%d日}，在双随机抽查任务“{spot_check.title}”中对{agency.name}"
            f"（统一社会信用代码 {agency.credit_code}）进行检查，发现：{facts}"
        ),
        received_on=on,
        parties=[{"role": "respondent", "party": party}],
        reason=f"双随机抽查发现违法线索：{spot_check.title}",
    )


def target_follow_up_record(
    spot_check,
    target,
    *,
    actor,
    rectified_on=None,
    note: str = "",
    open_case: bool = False,
    reason: str = "",
) -> TargetResult:
    """Record a follow-up of a result: the rectification carried out (its deadline is met), a
    note, and/or — for an order not carried out, or an unreachable agency — the conversion into
    a penalty case (a clue; an open rectification deadline is cancelled). The target's team or
    the bureau's head. One history row on the task."""
    target = _target_of(spot_check, target)
    agency = target.agency
    with audited_write(
        spot_check,
        "follow_up_record",
        "登记后续处置",
        actor=actor,
        permission=_team_or_head(target),
        reason=reason or f"登记后续处置：{agency.name}",
        forbidden="只有该检查对象的检查组成员或机关负责人可以登记后续处置。",
    ) as write:
        locked = write.obj
        if locked.state not in FOLLOW_UP_STATES:
            raise Conflict(f"抽查任务{locked.state_label}，不能登记后续处置。")
        result = TargetResult.objects.select_for_update().filter(target=target).first()
        if result is None:
            raise Conflict("该对象尚未录入检查结果。")

        errors: dict = {}
        today = timezone.localdate()
        done_on = _date(rectified_on, "rectified_on", errors)
        text = _text(note, "note", 5000, errors)
        if not isinstance(open_case, bool):
            errors["open_case"] = ["须为是或否。"]
        if done_on is None and not text and not open_case and not errors:
            errors["non_field_errors"] = ["请填写整改完成日期、后续处置情况或转为行政处罚案件。"]
        if done_on is not None:
            if result.finding != Finding.RECTIFICATION:
                errors["rectified_on"] = ["只有责令整改的对象才登记整改完成日期。"]
            elif done_on < result.checked_on or done_on > today:
                errors["rectified_on"] = ["整改完成日期须在检查日期之后，且不能晚于今天。"]
            elif open_case:
                errors["open_case"] = ["已整改完毕的，不再转为行政处罚案件。"]
        if errors:
            raise Invalid("输入有误。", errors)
        if done_on is not None and (result.rectified_on is not None or result.clue_id is not None):
            raise Conflict("该对象的整改已登记完毕或已转为行政处罚案件。")
        if open_case and result.clue_id is not None:
            raise Conflict("该对象已转为行政处罚案件。")
        if open_case and result.finding in (Finding.NO_PROBLEM, Finding.REFERRED):
            raise Conflict("检查未发现问题或已移送有权机关的，不在此转为行政处罚案件。")

        if done_on is not None:
            write.edit(result, rectified_on=done_on)
            deadline = result.rectification_deadline
            if deadline is not None and deadline.is_active:
                deadline_mark_met(deadline, on=max(done_on, deadline.start))
        if open_case:
            facts = text or result.description
            if result.finding == Finding.RECTIFICATION:
                due = result.rectification_due
                facts = f"责令于{due.year}年{due.month}月{due.day}日前整改，逾期未整改。{facts}"
            clue = _open_case(locked, target, actor=actor, on=today, facts=facts)
            write.edit(result, clue=clue)
            deadline = result.rectification_deadline
            if deadline is not None and deadline.is_active:
                deadline_cancel(deadline, reason="未按期整改，已转为行政处罚案件")
        if text:
            stamp = f"{today.year}年{today.month}月{today.day}日 {actor.display_name}：{text}"  # shown as is
            combined = f"{result.follow_up_note}\n{stamp}" if result.follow_up_note else stamp
            write.edit(result, follow_up_note=combined)
        write.record(
            target=target.pk, agency=agency.pk, agency_name=agency.name, rectified_on=done_on, clue=result.clue_id
        )
    return result


def rectification_overdue(result: TargetResult, today: dt.date | None = None) -> bool:
    """A rectification order past its due date and neither carried out nor converted."""
    if not result.needs_follow_up or result.rectification_due is None:
        return False
    deadline = result.rectification_deadline
    due = deadline.due if deadline is not None else result.rectification_due
    return due < (today or timezone.localdate())


def publication_working_days() -> int:
    """Results are published within this many working days (信息公示: 20 工作日)."""
    return settings.SPOT_CHECK_PUBLICATION_WORKING_DAYS
