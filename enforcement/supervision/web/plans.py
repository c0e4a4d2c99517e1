"""Staff pages of the inspection-item list (抽查事项清单, the city's) and the annual plans (年度抽查
计划): lists, create and edit (a plan's class rules as a formset, one row per risk class), the
filing with the level above (报上级备案), and a plan's page with its tasks and the form that
registers the next one. Writes through the services; refusals shown on the form (400/409)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.errors import DomainError, Forbidden

from ..models.choices import ItemKind
from ..selectors import annual_plans_visible_to, inspection_items_visible_to, spot_checks_visible_to
from ..services import plans as services
from ..services.directory import directory_writers
from .common import history_rows, require_reader, show_refusal, visible
from .forms import AnnualPlanForm, InspectionItemForm, PlanFilingForm, SpotCheckCreateForm, class_rule_formset

# --- inspection items --------------------------------------------------------------------------------


@login_required
@require_safe
def item_list(request):
    """抽查事项清单: the city's general and key items, in use or not."""
    require_reader(request.user)
    items = inspection_items_visible_to(request.user).annotate(n_plans=Count("plans")).order_by("-active", "code")
    kind = request.GET.get("kind", "")
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "supervision/item_list.html",
        {
            "items": items,
            "kind": kind,
            "kinds": ItemKind.choices,
            "may_write": services.city_staff(None, request.user),
            # The API's sheet of the same filter (every row, masked by role like every export).
            "export_url": f"{reverse('inspection-item-list')}?{urlencode({'format': 'xlsx', **({'kind': kind} if kind else {})})}",
        },
    )


def _item_page(request, form, *, item=None, status=200):
    return render(request, "supervision/item_form.html", {"form": form, "item": item}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    require_reader(request.user)
    if not services.city_staff(None, request.user):
        raise Forbidden("抽查事项清单由市局监管人员维护。")
    if request.method == "GET":
        return _item_page(request, InspectionItemForm())
    form = InspectionItemForm(request.POST)
    if not form.is_valid():
        return _item_page(request, form, status=400)
    try:
        item = services.inspection_item_create(actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        return _item_page(request, form, status=show_refusal(form, exc))
    messages.success(request, f"已登记抽查事项：{item}。")
    return redirect("web:supervision-items")


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = visible(inspection_items_visible_to(request.user), pk)
    if not services.city_staff(item, request.user):
        raise Forbidden("抽查事项清单由市局监管人员维护。")
    if request.method == "GET":
        return _item_page(request, InspectionItemForm(instance=item), item=item)
    form = InspectionItemForm(request.POST, instance=item)
    if not form.is_valid():
        return _item_page(request, form, item=item, status=400)
    data = dict(form.cleaned_data)
    reason = data.pop("reason", "")
    try:
        services.inspection_item_update(item, actor=request.user, reason=reason, **data)
    except DomainError as exc:
        return _item_page(request, form, item=item, status=show_refusal(form, exc))
    messages.success(request, f"已保存抽查事项：{item.code}。")
    return redirect("web:supervision-items")


# --- annual plans ----------------------------------------------------------------------------------


@login_required
@require_safe
def plan_list(request):
    require_reader(request.user)
    plans = annual_plans_visible_to(request.user).annotate(n_tasks=Count("spot_checks", distinct=True))
    return render(
        request,
        "supervision/plan_list.html",
        {
            "plans": plans.order_by("-year", "jurisdiction_id", "pk"),
            "may_write": directory_writers(None, request.user),
            "export_url": f"{reverse('annual-plan-list')}?format=xlsx",
        },
    )


@login_required
@require_safe
def plan_detail(request, pk):
    return _plan_page(request, visible(annual_plans_visible_to(request.user), pk))


def _plan_page(request, plan, *, filing_form=None, task_form=None, status=200):
    may_write = directory_writers(plan, request.user)
    if may_write and not plan.is_filed and filing_form is None:
        filing_form = PlanFilingForm(initial={"filed_with": _level_above(plan)})
    if may_write and task_form is None:
        task_form = SpotCheckCreateForm(
            plans=annual_plans_visible_to(request.user),
            initial={"plan": plan.pk, "title": f"{plan.year}年专利商标代理机构双随机抽查"},
        )
    tasks = spot_checks_visible_to(request.user).filter(plan=plan).order_by("-created_at", "-pk")
    return render(
        request,
        "supervision/plan_detail.html",
        {
            "plan": plan,
            "rules": [(rule, services.rules_text([rule]).split(" ", 1)[1]) for rule in plan.class_rules.all()],
            "items": plan.items.order_by("code"),
            "tasks": tasks,
            "history": history_rows(plan),
            "may_write": may_write,
            "filing_form": filing_form,
            "task_form": task_form,
        },
        status=status,
    )


def _level_above(plan) -> str:
    """Where a plan is filed: a county's with the city bureau, the city's with the province."""
    if plan.jurisdiction.parent_id:
        from casemgmt.org.models import Department

        department = Department.objects.filter(
            jurisdiction_id=plan.jurisdiction.parent_id, kind=Department.Kind.MARKET_SUPERVISION
        ).first()
        if department is not None:
            return department.name
    return "山西省市场监督管理局"


def _plan_form_page(request, form, rules, *, plan=None, rule_errors=(), status=200):
    errors = [error for rule in rules.forms for error in rule.non_field_errors()] + list(rules.non_form_errors())
    return render(
        request,
        "supervision/plan_form.html",
        {"form": form, "rules": rules, "plan": plan, "rule_errors": errors + list(rule_errors), "skip": ["reason"]},
        status=status,
    )


def _plan_values(form, rules) -> dict:
    data = dict(form.cleaned_data)
    data.pop("reason", None)
    data["items"] = list(data["items"])
    data["class_rules"] = [rule for row in rules.forms if (rule := row.rule())]
    return data


def _refused(request, form, rules, exc, *, plan=None):
    """The service's refusal on the form; its messages about the class rules under the rows."""
    aside = {"class_rules": []}
    status = show_refusal(form, exc, aside=aside)
    return _plan_form_page(request, form, rules, plan=plan, rule_errors=aside["class_rules"], status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require_reader(request.user)
    if not directory_writers(None, request.user):
        raise Forbidden("您无权制定抽查计划。")
    if request.method == "GET":
        return _plan_form_page(request, AnnualPlanForm(user=request.user), class_rule_formset())
    form = AnnualPlanForm(request.POST, user=request.user)
    rules = class_rule_formset(request.POST)
    if not (form.is_valid() & rules.is_valid()):
        return _plan_form_page(request, form, rules, status=400)
    try:
        plan = services.annual_plan_create(
            actor=request.user, reason=form.cleaned_data.get("reason", ""), **_plan_values(form, rules)
        )
    except DomainError as exc:
        return _refused(request, form, rules, exc)
    messages.success(request, f"已制定年度抽查计划：{plan.title}。报上级机关备案后即可确认抽取结果。")
    return redirect("web:supervision-plan", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = visible(annual_plans_visible_to(request.user), pk)
    if not directory_writers(plan, request.user):
        raise Forbidden("您无权修改抽查计划。")
    if request.method == "GET":
        form = AnnualPlanForm(user=request.user, instance=plan)
        return _plan_form_page(request, form, class_rule_formset(plan=plan), plan=plan)
    form = AnnualPlanForm(request.POST, user=request.user, instance=plan)
    rules = class_rule_formset(request.POST, plan=plan)
    if not (form.is_valid() & rules.is_valid()):
        return _plan_form_page(request, form, rules, plan=plan, status=400)
    try:
        services.annual_plan_update(
            plan, actor=request.user, reason=form.cleaned_data.get("reason", ""), **_plan_values(form, rules)
        )
    except DomainError as exc:
        return _refused(request, form, rules, exc, plan=plan)
    messages.success(request, "已保存年度抽查计划。")
    return redirect("web:supervision-plan", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_file(request, pk):
    """报上级备案: the filing authority, number and date; the plan's rules are fixed from then on."""
    plan = visible(annual_plans_visible_to(request.user), pk)
    if not directory_writers(plan, request.user):
        raise Forbidden("您无权为该计划办理备案。")
    if request.method == "GET":
        return _plan_page(request, plan)
    form = PlanFilingForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, plan, filing_form=form, status=400)
    try:
        services.annual_plan_file(plan, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        status = show_refusal(form, exc)
        return _plan_page(request, plan, filing_form=form, status=status)
    messages.success(request, "已登记报上级机关备案，计划的抽查规则自此不能再修改。")
    return redirect("web:supervision-plan", plan.pk)
