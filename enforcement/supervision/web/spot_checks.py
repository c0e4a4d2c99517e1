"""Staff pages of a spot-check task (双随机抽查任务): its page (the draw with its progress and its
plain-language explanation, the 核验 button, the targets with their teams and results, the
transitions, deadlines and history), registering a task, starting the draw, redrawing one slot
of a team after a declared conflict, and — on a page made for a phone — the result entered by an
inspector of the target's team (anyone else: the 403 page) and the follow-up.

Every write is one service call; a refusal the page can show re-renders it with the reasons (400
for bad input, 409 for a state that does not allow it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.errors import Conflict, DomainError, Forbidden, NotFound
from casemgmt.org.models import Role
from casemgmt.web.deadline_rows import deadline_rows
from casemgmt.web.errors import form_refusal
from casemgmt.web.timeline import timeline
from casemgmt.workflow.selectors import available_transitions

from .. import workflow as wf
from ..models import SpotCheckTarget, TargetResult
from ..models.choices import State
from ..public.api import HOW_TO_CHECK
from ..selectors import annual_plans_visible_to, spot_checks_visible_to, targets_with_teams, team_conflicts
from ..services import redraw as redraw_services
from ..services import results as result_services
from ..services import spot_checks as services
from .common import show_refusal, visible
from .explain import explain
from .forms import FollowUpForm, RedrawForm, ResultForm, SpotCheckCreateForm

# While the draw runs the page polls this often (milliseconds).
POLL_MS = 800


def _task(request, pk):
    return visible(spot_checks_visible_to(request.user), pk)


def _target(task, target_id) -> SpotCheckTarget:
    target = targets_with_teams(task).filter(pk=target_id).first()
    if target is None:
        raise NotFound()
    return target


def _result_of(target) -> TargetResult | None:
    try:
        return target.result
    except SpotCheckTarget.result.RelatedObjectDoesNotExist:
        return None


def _target_rows(task, user, *, redraw_forms=None) -> list[dict]:
    """Each target with its team, result and what the user may do with it now."""
    conflicts = team_conflicts(task)
    planner = wf.planners(task, user)
    rows = []
    for target in targets_with_teams(task):
        team = list(target.team.all())
        result = _result_of(target)
        member = any(link.inspector.user_id == user.pk for link in team)
        may_redraw = planner and task.state in redraw_services.REDRAW_STATES and result is None and bool(team)
        rows.append(
            {
                "target": target,
                "team": [(link, (link.inspector_id, target.agency_id) in conflicts) for link in team],
                "redraws": list(target.redraws.all()),
                "result": result,
                "overdue": result is not None and result_services.rectification_overdue(result),
                "is_member": member,
                "may_enter": task.state == State.INSPECTING and target.is_staffed and result is None and member,
                "may_follow_up": result is not None
                and task.state in result_services.FOLLOW_UP_STATES
                and (member or user.role == Role.AGENCY_HEAD),
                "may_redraw": may_redraw,
                "redraw_form": (redraw_forms or {}).get(target.pk) or (RedrawForm(team=team) if may_redraw else None),
            }
        )
    return rows


def _page(request, task, *, verification=None, verify_error="", redraw_forms=None, draw_errors=(), status=200):
    user = request.user
    rows = _target_rows(task, user, redraw_forms=redraw_forms)
    may_draw = (
        wf.planners(task, user)
        and task.state == State.DRAFT
        and (task.draw_status != task.DrawStatus.RUNNING or services._is_stale(task))
    )
    context = {
        "task": task,
        "plan": task.plan,
        # An inspector of another county drawn for a city task sees the task, not the city's plan.
        "plan_visible": annual_plans_visible_to(user).filter(pk=task.plan_id).exists(),
        "actions": available_transitions(task, user),
        "may_draw": may_draw,
        "draw_errors": list(draw_errors),
        "running": task.draw_status == task.DrawStatus.RUNNING,
        "status_url": reverse("spot-check-draw-status", args=[task.pk]),
        "poll_ms": POLL_MS,
        "explanation": explain(task, [row["target"] for row in rows]),
        "how_to_check": HOW_TO_CHECK,
        "record_url": reverse("spot-check-record", args=[task.pk]) if task.is_drawn else "",
        "public_url": reverse("public_spot_checks:detail", args=[task.pk]) if task.is_public else "",
        "verification": verification,
        "verify_error": verify_error,
        "rows": rows,
        "my_rows": [row for row in rows if row["may_enter"]],
        "deadlines": deadline_rows(deadlines_for(task), with_objects=False),
        "timeline": timeline(task),
        "generic_url": reverse("web:object-detail", args=["spot_check", task.pk]),
    }
    return render(request, "supervision/spot_check.html", context, status=status)


@login_required
@require_safe
def spot_check_detail(request, pk):
    """The task's page: draw, explanation, teams and results, and what the user may do."""
    return _page(request, _task(request, pk))


@login_required
@require_safe
def spot_check_verify(request, pk):
    """核验抽取结果: re-runs the recorded draw from the record alone and shows what differs."""
    task = _task(request, pk)
    try:
        verification = services.spot_check_verify(task)
    except Conflict as exc:
        return _page(request, task, verify_error=exc.message, status=409)
    return _page(request, task, verification=verification)


@login_required
@require_POST
def spot_check_draw(request, pk):
    """开始随机抽取: freezes the inputs and publishes the commitment; the draw runs as a task and
    the page shows its progress."""
    task = _task(request, pk)
    try:
        services.spot_check_draw_start(task, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        refusal = form_refusal(exc)
        task.refresh_from_db()
        return _page(request, task, draw_errors=refusal.messages, status=refusal.status)
    messages.success(request, "已公布种子承诺值并固定输入名单，正在随机抽取。")
    return redirect(reverse("web:supervision-spot-check", args=[task.pk]) + "#draw")


@login_required
@require_POST
def spot_check_redraw(request, pk, target_id):
    """登记回避并重抽: the conflicted inspector's slot only, reproducibly, and recorded."""
    task = _task(request, pk)
    target = _target(task, target_id)
    team = list(target.team.all())
    form = RedrawForm(request.POST, team=team)
    if form.is_valid():
        try:
            redraw = redraw_services.slot_redraw(
                task,
                target,
                actor=request.user,
                inspector=form.cleaned_data["inspector"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            status = show_refusal(form, exc)
        else:
            new = redraw.new_inspector.name if redraw.new_inspector_id else "无人可派（该对象暂未能派员）"
            messages.success(request, f"已登记回避并重抽：{redraw.old_inspector.name} → {new}。")
            return redirect(reverse("web:supervision-spot-check", args=[task.pk]) + f"#target-{target.pk}")
    else:
        status = 400
    task.refresh_from_db()
    return _page(request, task, redraw_forms={target.pk: form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def spot_check_create(request):
    """登记抽查任务 under an annual plan of the user's jurisdiction."""
    if not wf.planners(None, request.user):
        raise Forbidden("只有执法人员或机关负责人可以登记抽查任务。")
    plans = annual_plans_visible_to(request.user).order_by("-year", "jurisdiction_id", "pk")
    if request.method == "GET":
        initial = {}
        if request.GET.get("plan", "").isdigit():
            initial["plan"] = int(request.GET["plan"])
        form = SpotCheckCreateForm(plans=plans, initial=initial)
        return render(request, "supervision/spot_check_form.html", {"form": form})
    form = SpotCheckCreateForm(request.POST, plans=plans)
    if not form.is_valid():
        return render(request, "supervision/spot_check_form.html", {"form": form}, status=400)
    try:
        task = services.spot_check_create(actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        status = show_refusal(form, exc)
        return render(request, "supervision/spot_check_form.html", {"form": form}, status=status)
    messages.success(request, "已登记抽查任务。下一步：开始随机抽取。")
    return redirect(task.get_absolute_url())


# --- on site: results and follow-ups --------------------------------------------------------------------


def _require_member(target, user) -> None:
    if not result_services.is_team_member(target, user):
        raise Forbidden("只有该检查对象的检查组成员可以录入检查结果。")


def _result_page(request, task, target, form=None, *, status=200):
    result = _result_of(target)
    refusal = ""
    if result is not None:
        refusal = "该对象的检查结果已录入。"
    elif task.state != State.INSPECTING:
        refusal = f"抽查任务{task.state_label}，不能录入检查结果（须在“检查中”）。"
    elif not target.is_staffed:
        refusal = "该对象未能派员，不能录入检查结果。"
    if form is None and not refusal:
        form = ResultForm(plan=task.plan)
    return render(
        request,
        "supervision/result_form.html",
        {"task": task, "target": target, "result": result, "form": form, "refusal": refusal},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_result(request, pk, target_id):
    """录入检查结果, made for a phone on site: only the inspectors of this target's team."""
    task = _task(request, pk)
    target = _target(task, target_id)
    _require_member(target, request.user)
    if request.method == "GET":
        return _result_page(request, task, target)
    form = ResultForm(request.POST, plan=task.plan)
    if not form.is_valid():
        return _result_page(request, task, target, form, status=400)
    try:
        result = result_services.target_result_enter(task, target, actor=request.user, **form.service_values())
    except DomainError as exc:
        status = show_refusal(form, exc)
        task.refresh_from_db()
        return _result_page(request, task, _target(task, target.pk), form, status=status)
    messages.success(request, f"已录入检查结果：{target.agency.name}，{result.get_finding_display()}。")
    return redirect(reverse("web:supervision-spot-check", args=[task.pk]) + f"#target-{target.pk}")


def _follow_up_page(request, task, target, form=None, *, status=200):
    return render(
        request,
        "supervision/follow_up_form.html",
        {"task": task, "target": target, "result": _result_of(target), "form": form or FollowUpForm()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_follow_up(request, pk, target_id):
    """登记后续处置: the rectification carried out, a note, or the conversion into a penalty case
    (the target's team or the bureau's head)."""
    task = _task(request, pk)
    target = _target(task, target_id)
    if not (request.user.role == Role.AGENCY_HEAD or result_services.is_team_member(target, request.user)):
        raise Forbidden("只有该检查对象的检查组成员或机关负责人可以登记后续处置。")
    if request.method == "GET":
        return _follow_up_page(request, task, target)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _follow_up_page(request, task, target, form, status=400)
    try:
        result_services.target_follow_up_record(task, target, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        status = show_refusal(form, exc)
        return _follow_up_page(request, task, _target(task, target.pk), form, status=status)
    messages.success(request, f"已登记后续处置：{target.agency.name}。")
    return redirect(reverse("web:supervision-spot-check", args=[task.pk]) + f"#target-{target.pk}")
