"""Generic pages of every registered workflow type: list, detail and the transition forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.documents.batch import batch_kinds_for
from casemgmt.documents.selectors import documents_for
from casemgmt.errors import Conflict, Invalid
from casemgmt.files.selectors import attachments_for
from casemgmt.workflow import diagrams
from casemgmt.workflow.registry import get_workflow_type
from casemgmt.workflow.selectors import available_transitions
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.transitions import state_choices, transition_specs

from .. import case_lists, list_exports
from ..deadline_rows import deadline_rows
from ..errors import form_refusal
from ..fixes import blocked_actions
from ..forms import other_errors, payload_from_post, transition_form_fields
from ..list_query import list_query
from ..object_links import object_links, object_panels
from ..parties import party_cards
from ..presentation import field_rows
from ..timeline import timeline

PAGE_SIZE = 25


def readable_queryset(user, type_key: str):
    """The workflow type and the user's rows of it; 404 when the role does not read the type."""
    wf = get_workflow_type(type_key)
    if wf is None:
        raise Http404("没有这类业务。")
    queryset = wf.selector(user)
    if queryset.query.is_empty():
        raise Http404("没有这类业务。")
    return wf, queryset


def visible_object(user, type_key: str, pk: int):
    wf, queryset = readable_queryset(user, type_key)
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("未找到，或您无权查看。")
    return wf, obj


@login_required
@require_safe
def object_list(request, type_key):
    """The type's list: filters (state, mine, jurisdiction, deadline), sorting by any column, and
    `?format=xlsx`, the same filtered and sorted rows, all of them, as an Excel file."""
    wf, queryset = readable_queryset(request.user, type_key)
    query = list_query(request.user, wf, queryset, request.GET)
    background = query.matching > list_exports.sync_max_rows()

    if request.GET.get("format") == "xlsx":
        if background:
            messages.info(request, list_exports.BACKGROUND_HINT.format(rows=query.matching))
            params = request.GET.copy()
            params.pop("format", None)
            return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
        return list_exports.export_response(request.user, wf, query.queryset)

    page = Paginator(query.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = case_lists.rows(page.object_list, wf.model)
    export_params = request.GET.copy()
    export_params.pop("page", None)
    export_params.pop("format", None)
    return render(
        request,
        "web/object_list.html",
        {
            "wf": wf,
            "page": page,
            "state": query.state,
            "mine": query.mine,
            "due": query.due,
            "sort": query.sort,
            "columns": case_lists.columns(wf.model),
            "has_parties": bool(case_lists.party_fields(wf.model)),
            "state_filters": [
                (key, label, query.counts.get(key, 0))
                for key, label in state_choices(wf.model).items()
                if query.counts.get(key) or key == query.state
            ],
            "filtered_total": query.filtered_total,
            "total": query.total,
            "jurisdiction": query.jurisdiction,
            "jurisdictions": query.jurisdictions if len(query.jurisdictions) > 1 else [],
            "list_filters": query.list_filters,
            "export_in_background": background,
            "batch_kinds": batch_kinds_for(wf, request.user),
            "export_query": export_params.urlencode(),
        },
    )


def detail_context(request, wf, obj) -> dict:
    """What the object page shows (also rendered by app pages that answer on it, e.g. a refused
    raid action)."""
    user = request.user
    return {
        "wf": wf,
        "obj": obj,
        "fields": field_rows(obj),
        "parties": party_cards(obj, user),
        "actions": available_transitions(obj, user),
        "blocked_actions": blocked_actions(obj, user),
        "links": object_links(obj, user),
        "panels": object_panels(obj, user),
        "timeline": timeline(obj),
        "deadlines": deadline_rows(deadlines_for(obj), with_objects=False),
        "documents": documents_for(obj),
        "attachments": attachments_for(obj),
        "diagram": diagrams.svg(wf.model, current=obj.state, variant=getattr(obj, "workflow_variant", None)),
    }


@login_required
@require_safe
def object_detail(request, type_key, pk):
    wf, obj = visible_object(request.user, type_key, pk)
    return render(request, "web/object_detail.html", detail_context(request, wf, obj))


def _submitted_data(request):
    data = request.POST.copy()
    for key in request.FILES:
        data.setlist(key, request.FILES.getlist(key))
    return data


def _blocked_message(spec, obj, user) -> str:
    """Why a transition the user asked for cannot be fired now (403 when it is never theirs)."""
    if not spec.permission(obj, user):
        raise PermissionDenied(f"您无权执行“{spec.label}”。")
    if not spec.allowed_from(obj.state):
        return f"当前状态“{obj.state_label}”下不能执行“{spec.label}”。"
    return "；".join(c.message for c in spec.conditions if not c(obj))


@login_required
@require_http_methods(["GET", "POST"])
def transition_form(request, type_key, pk, name):
    wf, obj = visible_object(request.user, type_key, pk)
    spec = transition_specs(wf.model).get(name)
    if spec is None:
        raise Http404("没有这个操作。")

    def show(*, data=None, errors=None, blocked="", status=200):
        form_fields = transition_form_fields(spec, obj, request.user, data=data, errors=errors)
        context = {
            "wf": wf,
            "obj": obj,
            "spec": spec,
            "target_label": state_choices(wf.model).get(spec.target, spec.target),
            "form_fields": form_fields,
            "form_errors": other_errors(errors, form_fields),
            "blocked": blocked,
            "multipart": any(f.widget == "file" for f in form_fields),
        }
        return render(request, "web/transition_form.html", context, status=status)

    if request.method == "GET":
        if name not in {t["name"] for t in available_transitions(obj, request.user)}:
            return show(blocked=_blocked_message(spec, obj, request.user) or "当前不能执行此操作。", status=409)
        return show()

    data = _submitted_data(request)
    try:
        obj = fire_transition(
            obj, name, actor=request.user, reason=data.get("reason", ""), payload=payload_from_post(spec, data)
        )
    except Invalid as exc:
        return show(data=data, errors=form_refusal(exc).errors, status=400)
    except Conflict as exc:
        obj.refresh_from_db()
        return show(data=data, blocked=exc.message, status=409)
    messages.success(request, f"已完成“{spec.label}”，当前状态：{obj.state_label}。")
    return redirect(obj.get_absolute_url())
