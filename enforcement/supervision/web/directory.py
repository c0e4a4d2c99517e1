"""Staff pages of the two directories of 双随机: inspection objects (检查对象名录: agencies) and
inspectors (检查人员名录) with their declared conflicts (回避), each with an .xlsx import that
reports every bad row and an export of the filtered list (the API's sheet, which imports back).

Reads go through the selectors (a county's staff see their county, another county's record is the
404 page); writes through the services, whose refusals are shown on the form (400/409)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casemgmt.errors import DomainError, Forbidden, Invalid
from casemgmt.org.scoping import assignable_jurisdictions
from casemgmt.parties.validation import clean_credit_code

from ..models import SpotCheckTarget, TargetInspector
from ..models.choices import AgencyKind, AgencyStatus, RiskClass
from ..selectors import agencies_visible_to, inspectors_visible_to, spot_checks_visible_to
from ..services import directory as services
from ..services import imports
from .common import PAGE_SIZE, history_rows, require_reader, show_refusal, visible
from .forms import (
    AgencyForm,
    ConflictForm,
    InspectorCreateForm,
    InspectorEditForm,
    SheetImportForm,
    county_choices,
)


def _may_write(user) -> bool:
    return services.directory_writers(None, user)


def _require_writer(user, message: str) -> None:
    require_reader(user)
    if not _may_write(user):
        raise Forbidden(message)


def _query(request) -> str:
    """The search words of a list (a NUL, which no name holds and PostgreSQL refuses, dropped)."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:60]


def _choice(value: str, choices) -> str:
    return value if value in choices else ""


# --- agencies ----------------------------------------------------------------------------------------


@login_required
@require_safe
def agency_list(request):
    """检查对象名录: filter by name or code, county, kind, business status and risk class."""
    require_reader(request.user)
    queryset = agencies_visible_to(request.user)
    counties = list(county_choices(request.user))
    filters = {
        "q": _query(request),
        "jurisdiction": _choice(request.GET.get("jurisdiction", ""), {c.code for c in counties}),
        "kind": _choice(request.GET.get("kind", ""), AgencyKind.values),
        "status": _choice(request.GET.get("status", ""), AgencyStatus.values),
        "risk_class": _choice(request.GET.get("risk_class", ""), RiskClass.values),
    }
    by_class = dict(queryset.order_by().values_list("risk_class").annotate(n=Count("pk")))
    if filters["q"]:
        queryset = queryset.filter(Q(name__icontains=filters["q"]) | Q(credit_code__istartswith=filters["q"].upper()))
    for name in ("jurisdiction", "kind", "status", "risk_class"):
        if filters[name]:
            queryset = queryset.filter(**{f"{name}_id" if name == "jurisdiction" else name: filters[name]})
    page = Paginator(queryset.order_by("jurisdiction_id", "name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = {name: value for name, value in filters.items() if value}
    return render(
        request,
        "supervision/agency_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(chosen),
            "counties": counties if len(counties) > 1 else [],
            "kinds": AgencyKind.choices,
            "statuses": AgencyStatus.choices,
            "risk_classes": [(value, label, by_class.get(value, 0)) for value, label in RiskClass.choices],
            "total": sum(by_class.values()),
            "export_url": f"{reverse('agency-list')}?{urlencode({'format': 'xlsx', **chosen})}",
            "may_write": _may_write(request.user),
        },
    )


@login_required
@require_safe
def agency_detail(request, pk):
    agency = visible(agencies_visible_to(request.user), pk)
    tasks = spot_checks_visible_to(request.user)
    drawn = (
        SpotCheckTarget.objects.filter(agency=agency, spot_check__in=tasks)
        .select_related("spot_check", "result")
        .order_by("-spot_check__created_at")
    )
    return render(
        request,
        "supervision/agency_detail.html",
        {
            "agency": agency,
            "branches": agencies_visible_to(request.user).filter(parent=agency),
            "conflicts": agency.conflicts.select_related("inspector__user", "inspector__jurisdiction").order_by(
                "declared_on", "pk"
            ),
            "drawn": drawn,
            "history": history_rows(agency),
            "may_write": _may_write(request.user),
        },
    )


def _parent(form, user):
    """The head office named by its code: one the user sees (an Invalid on the field if not)."""
    code = (form.cleaned_data.get("parent_code") or "").strip()
    if not code:
        return None
    try:
        code = clean_credit_code(code)
    except ValueError as exc:
        raise Invalid("输入有误。", {"parent_code": [str(exc)]}) from None
    parent = agencies_visible_to(user).filter(credit_code=code).first()
    if parent is None:
        raise Invalid("输入有误。", {"parent_code": ["未找到该所属机构（须已登记在本辖区名录中）。"]})
    return parent


# The service names the head office "parent"; the form asks for its code.
AGENCY_NAMES = {"parent": "parent_code"}


def _agency_form_page(request, form, *, agency=None, status=200):
    return render(request, "supervision/agency_form.html", {"form": form, "agency": agency}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agency_create(request):
    _require_writer(request.user, "您无权登记检查对象。")
    if request.method == "GET":
        return _agency_form_page(request, AgencyForm(user=request.user))
    form = AgencyForm(request.POST, user=request.user)
    if not form.is_valid():
        return _agency_form_page(request, form, status=400)
    try:
        agency = services.agency_create(actor=request.user, **form.service_values(_parent(form, request.user)))
    except DomainError as exc:
        status = show_refusal(form, exc, rename=AGENCY_NAMES)
        return _agency_form_page(request, form, status=status)
    messages.success(request, f"已登记检查对象：{agency.name}。")
    return redirect(agency.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request, pk):
    agency = visible(agencies_visible_to(request.user), pk)
    _require_writer(request.user, "您无权修改检查对象。")
    if request.method == "GET":
        return _agency_form_page(request, AgencyForm(user=request.user, instance=agency), agency=agency)
    form = AgencyForm(request.POST, user=request.user, instance=agency)
    if not form.is_valid():
        return _agency_form_page(request, form, agency=agency, status=400)
    try:
        services.agency_update(
            agency,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
            **form.service_values(_parent(form, request.user)),
        )
    except DomainError as exc:
        status = show_refusal(form, exc, rename=AGENCY_NAMES)
        return _agency_form_page(request, form, agency=agency, status=status)
    messages.success(request, "已保存检查对象信息。")
    return redirect(agency.get_absolute_url())


# --- the .xlsx imports ----------------------------------------------------------------------------


IMPORTS = {
    "agencies": {
        "importer": imports.agencies_import,
        "columns": imports.AGENCY_COLUMNS,
        "title": "导入检查对象名录",
        "list": "web:supervision-agencies",
        "list_label": "检查对象名录",
        "template_url": "agency-import-template",
        "export_url": "agency-list",
        "forbidden": "您无权导入检查对象。",
    },
    "inspectors": {
        "importer": imports.inspectors_import,
        "columns": imports.INSPECTOR_COLUMNS,
        "title": "导入检查人员名录",
        "list": "web:supervision-inspectors",
        "list_label": "检查人员名录",
        "template_url": "inspector-import-template",
        "export_url": "inspector-list",
        "forbidden": "您无权导入检查人员。",
    },
}


def _labels_of(columns) -> dict:
    return {column.field: column.header for column in columns}


def _rejected_rows(errors: dict, columns) -> list[dict]:
    """The import's row-by-row report as the page shows it: row number, column, message."""
    labels = _labels_of(columns)
    rows = []
    for entry in errors.get("rows", []):
        problems = [
            (labels.get(name, "" if name == "non_field_errors" else name), str(message))
            for name, messages_ in entry.get("errors", {}).items()
            for message in messages_
        ]
        rows.append({"row": entry.get("row"), "problems": problems})
    return rows


def _import(request, kind: str):
    spec = IMPORTS[kind]
    _require_writer(request.user, spec["forbidden"])
    context = {"spec": spec, "kind": kind, "max_mb": imports.MAX_BYTES // 1024 // 1024}
    if request.method == "GET":
        return render(request, "supervision/import.html", {**context, "form": SheetImportForm()})
    form = SheetImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "supervision/import.html", {**context, "form": form}, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > imports.MAX_BYTES:
        form.add_error("file", f"文件过大（不能超过{imports.MAX_BYTES // 1024 // 1024}MB）。")
        return render(request, "supervision/import.html", {**context, "form": form}, status=400)
    dry_run = form.cleaned_data["dry_run"]
    try:
        report = spec["importer"](upload.read(), actor=request.user, dry_run=dry_run, file_name=upload.name or "")
    except imports.SheetRejected as exc:
        errors = exc.field_errors()
        for message in errors.get("file", []):
            form.add_error("file", str(message))
        context.update(form=form, rejected=_rejected_rows(errors, spec["columns"]), file_name=upload.name)
        return render(request, "supervision/import.html", context, status=400)
    except DomainError as exc:
        status = show_refusal(form, exc)
        return render(request, "supervision/import.html", {**context, "form": form}, status=status)
    context.update(form=SheetImportForm(), report=report.as_dict(), file_name=upload.name)
    if not dry_run:
        messages.success(
            request,
            f"已导入：新增 {report.count('created')} 条，更新 {report.count('updated')} 条，"
            f"未变 {report.count('unchanged')} 条。",
        )
    return render(request, "supervision/import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_import(request):
    """Upload the agency sheet: all rows or none; a bad sheet lists every bad row."""
    return _import(request, "agencies")


@login_required
@require_http_methods(["GET", "POST"])
def inspector_import(request):
    return _import(request, "inspectors")


# --- inspectors ------------------------------------------------------------------------------------


@login_required
@require_safe
def inspector_list(request):
    """检查人员名录: filter by name, account or certificate number, county, on the list or not."""
    require_reader(request.user)
    queryset = inspectors_visible_to(request.user).annotate(n_conflicts=Count("conflicts", distinct=True))
    places = list(assignable_jurisdictions(request.user).order_by("code"))
    filters = {
        "q": _query(request),
        "jurisdiction": _choice(request.GET.get("jurisdiction", ""), {j.code for j in places}),
        "active": _choice(request.GET.get("active", ""), {"1", "0"}),
    }
    if filters["q"]:
        q = filters["q"]
        queryset = queryset.filter(
            Q(user__full_name__icontains=q) | Q(user__username__iexact=q) | Q(certificate_number__iexact=q)
        )
    if filters["jurisdiction"]:
        queryset = queryset.filter(jurisdiction_id=filters["jurisdiction"])
    if filters["active"]:
        queryset = queryset.filter(active=filters["active"] == "1")
    chosen = {name: value for name, value in filters.items() if value}
    api_filters = {
        **chosen,
        **({"active": "true" if chosen["active"] == "1" else "false"} if "active" in chosen else {}),
    }
    page = Paginator(queryset.order_by("jurisdiction_id", "user__full_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "supervision/inspector_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(chosen),
            "jurisdictions": places if len(places) > 1 else [],
            "export_url": f"{reverse('inspector-list')}?{urlencode({'format': 'xlsx', **api_filters})}",
            "may_write": _may_write(request.user),
        },
    )


def _inspector_page(request, inspector, *, conflict_form=None, status=200):
    tasks = spot_checks_visible_to(request.user)
    slots = (
        TargetInspector.objects.filter(inspector=inspector, target__spot_check__in=tasks)
        .select_related("target__agency", "target__spot_check", "target__result")
        .order_by("-target__spot_check__created_at", "target__position")
    )
    may_write = _may_write(request.user)
    if conflict_form is None and may_write:
        conflict_form = ConflictForm(agencies=_conflict_agencies(request.user))
    return render(
        request,
        "supervision/inspector_detail.html",
        {
            "inspector": inspector,
            "conflicts": inspector.conflicts.all(),
            "slots": slots,
            "history": history_rows(inspector),
            "may_write": may_write,
            "conflict_form": conflict_form,
        },
        status=status,
    )


def _conflict_agencies(user):
    return agencies_visible_to(user).order_by("jurisdiction_id", "name")


@login_required
@require_safe
def inspector_detail(request, pk):
    """One inspector: their details, declared conflicts (with the form to declare one) and the
    spot-checks they were drawn for."""
    return _inspector_page(request, visible(inspectors_visible_to(request.user), pk))


@login_required
@require_POST
def inspector_conflict(request, pk):
    """登记回避: the inspector may not inspect this agency (added, never withdrawn)."""
    inspector = visible(inspectors_visible_to(request.user), pk)
    form = ConflictForm(request.POST, agencies=_conflict_agencies(request.user))
    if not form.is_valid():
        return _inspector_page(request, inspector, conflict_form=form, status=400)
    data = form.cleaned_data
    agency = data.get("agency")
    if agency is None:
        agency = services.agency_by_credit_code(data.get("credit_code", ""))
    try:
        services.inspector_conflict_declare(
            inspector, actor=request.user, agency=agency, reason=data["reason"], declared_on=data.get("declared_on")
        )
    except DomainError as exc:
        status = show_refusal(form, exc)
        return _inspector_page(request, inspector, conflict_form=form, status=status)
    messages.success(request, f"已登记回避：{inspector.name} 回避 {agency.name}。")
    return redirect(reverse("web:supervision-inspector", args=[inspector.pk]) + "#conflicts")


@login_required
@require_http_methods(["GET", "POST"])
def inspector_create(request):
    _require_writer(request.user, "您无权登记检查人员。")
    if request.method == "GET":
        form = InspectorCreateForm(user=request.user)
        return render(request, "supervision/inspector_form.html", {"form": form})
    form = InspectorCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "supervision/inspector_form.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        inspector = services.inspector_create(
            actor=request.user,
            user=data["user"],
            certificate_number=data.get("certificate_number") or "",
            specialities=data.get("specialities") or "",
        )
    except DomainError as exc:
        status = show_refusal(form, exc)
        return render(request, "supervision/inspector_form.html", {"form": form}, status=status)
    messages.success(request, f"已将 {inspector.name} 列入检查人员名录。")
    return redirect("web:supervision-inspector", inspector.pk)


@login_required
@require_http_methods(["GET", "POST"])
def inspector_edit(request, pk):
    inspector = visible(inspectors_visible_to(request.user), pk)
    _require_writer(request.user, "您无权修改检查人员。")
    context = {"inspector": inspector}
    if request.method == "GET":
        form = InspectorEditForm(instance=inspector)
        return render(request, "supervision/inspector_form.html", {**context, "form": form})
    form = InspectorEditForm(request.POST, instance=inspector)
    if not form.is_valid():
        return render(request, "supervision/inspector_form.html", {**context, "form": form}, status=400)
    data = dict(form.cleaned_data)
    reason = data.pop("reason", "")
    try:
        services.inspector_update(inspector, actor=request.user, reason=reason, **data)
    except DomainError as exc:
        status = show_refusal(form, exc)
        return render(request, "supervision/inspector_form.html", {**context, "form": form}, status=status)
    messages.success(request, "已保存检查人员信息。")
    return redirect("web:supervision-inspector", inspector.pk)
