import math

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casemgmt.org.models import Jurisdiction
from casemgmt.search.api import SearchParamsSerializer
from casemgmt.search.backends.base import MAX_RESULT_WINDOW, SearchUnavailable
from casemgmt.search.registry import get_searchable, searchable_types
from casemgmt.search.services import search_for_user
from casemgmt.workflow.registry import get_workflow_type, workflow_types
from casemgmt.workflow.transitions import state_choices

from ..forms import flatten_errors
from ..presentation import state_family

PAGE_SIZE = 20
FILTERS = ("type", "state", "jurisdiction", "violation_type", "date_from", "date_to")


def _state_labels() -> dict[str, str]:
    labels = {}
    for wf in workflow_types():
        for key, label in state_choices(wf.model).items():
            labels.setdefault(key, str(label))
    return labels


def _query_string(params: dict, **changes) -> str:
    merged = {key: value for key, value in {**params, **changes}.items() if value not in (None, "")}
    query = QueryDict(mutable=True)
    for key, value in merged.items():
        query[key] = value
    return "?" + query.urlencode()


def _facets(facets: dict, params: dict) -> list[dict]:
    """Facet groups as filter links; clicking the active value again removes the filter."""
    state_labels = _state_labels()
    codes = list(facets.get("jurisdiction", {}))
    jurisdiction_names = dict(Jurisdiction.objects.filter(code__in=codes).values_list("code", "name"))

    def label(kind, key):
        if kind == "type":
            entry = get_searchable(key)
            return entry.label if entry else key
        if kind == "state":
            return state_labels.get(key, key)
        if kind == "jurisdiction":
            return jurisdiction_names.get(key, key)
        return key  # violation types are counted by their label

    groups = []
    for kind, title in (
        ("type", "类型"),
        ("violation_type", "违法行为类型"),
        ("state", "状态"),
        ("jurisdiction", "区划"),
    ):
        values = sorted(facets.get(kind, {}).items(), key=lambda item: -item[1])
        if not values:
            continue
        items = []
        for key, count in values:
            active = params.get(kind) == key
            items.append(
                {
                    "label": label(kind, key),
                    "count": count,
                    "active": active,
                    "url": _query_string(params, **{kind: "" if active else key, "page": ""}),
                }
            )
        groups.append({"title": title, "items": items})
    years = sorted(facets.get("year", {}).items(), reverse=True)
    if years:
        items = []
        for year, count in years:
            span = {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
            active = all(params.get(key) == value for key, value in span.items())
            changes = {"date_from": "", "date_to": ""} if active else span
            items.append(
                {
                    "label": f"{year}年",
                    "count": count,
                    "active": active,
                    "url": _query_string(params, **changes, page=""),
                }
            )
        groups.append({"title": "年份", "items": items})
    return groups


@login_required
@require_safe
def search(request):
    q = request.GET.get("q", "").strip()
    # One value per filter on this page: the facet links set or clear exactly one.
    params = {"q": q, **{key: request.GET.get(key, "").strip() for key in FILTERS}}
    context = {"q": q, "params": params, "types": [(e.key, e.label) for e in searchable_types()]}
    if not q:
        return render(request, "web/search.html", context)

    serializer = SearchParamsSerializer(
        data={**{k: v for k, v in params.items() if v}, "page": request.GET.get("page") or 1, "page_size": PAGE_SIZE}
    )
    if not serializer.is_valid():
        context["errors"] = {key: flatten_errors(value) for key, value in serializer.errors.items()}
        return render(request, "web/search.html", context, status=400)
    data = serializer.validated_data
    try:
        result = search_for_user(
            request.user,
            q=data["q"],
            types=data.get("type") or None,
            states=data.get("state") or None,
            jurisdictions=data.get("jurisdiction") or None,
            violation_types=data.get("violation_type") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            page=data["page"],
            page_size=PAGE_SIZE,
        )
    except SearchUnavailable:
        context["errors"] = {"q": ["检索服务暂时不可用，请稍后再试；案件办理不受影响。"]}
        return render(request, "web/search.html", context, status=503)
    num_pages = max(1, math.ceil(min(result.count, MAX_RESULT_WINDOW) / PAGE_SIZE))
    hits = []
    for hit in result.hits:
        wf = get_workflow_type(hit.type)
        entry = get_searchable(hit.type)
        hits.append(
            {
                "hit": hit,
                "type_label": entry.label if entry else hit.type,
                "family": state_family(wf.model, hit.state) if wf else "active",
            }
        )
    page = data["page"]
    context.update(
        {
            "result": result,
            "hits": hits,
            "facets": _facets(result.facets, params),
            "page_number": page,
            "num_pages": num_pages,
            "previous_url": _query_string(params, page=page - 1) if page > 1 else "",
            "next_url": _query_string(params, page=page + 1) if page < num_pages else "",
        }
    )
    return render(request, "web/search.html", context)
