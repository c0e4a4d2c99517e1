"""The staff list's side of the dashboard's links: ``/w/<type_key>/?dash=<measure>&row=<row>&
period=<period>[&jurisdiction=<code>]`` shows exactly the cases the dashboard counted for that
number: the same selector, area, procedure, county and measure (selectors.dashboard_queryset and
measures.MEASURES). A link that names no valid measure, row or period shows no case, never all."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from casemgmt.org.scoping import visible_jurisdiction_codes
from casemgmt.web.list_filters import ListFilter
from enforcement.supervision.models.choices import Finding

from .measures import ROW_MEASURES, Context, parse_measure
from .periods import parse_period
from .rows import get_row, rows_of_type
from .selectors import dashboard_queryset, viewer_jurisdictions

PARAMS = ("dash", "row", "period")


def _row_for(params, type_key):
    """The row the link names, or the type's only row; (row, valid)."""
    if params.get("row"):
        row = get_row(params.get("row"))
        return row, row is not None and row.type_key == type_key
    rows = rows_of_type(type_key)
    return (rows[0] if len(rows) == 1 else None), True


def dashboard_list_filter(params, wf, queryset, user):
    if "dash" not in params:
        return None
    kept = {name: params.get(name, "") for name in PARAMS if params.get(name)}
    parsed = parse_measure(params.get("dash"))
    period = parse_period(params.get("period"))
    row, row_valid = _row_for(params, wf.key)
    measure = parsed[0] if parsed else None
    if (
        measure is None
        or period is None
        or not row_valid
        or (measure.type_keys is not None and wf.key not in measure.type_keys)
        or (measure.name in ROW_MEASURES and row is None)
    ):
        return ListFilter(
            queryset.none(), "统计链接无效，未显示任何记录。", kept, reverse("web:dashboard"), "返回统计看板"
        )

    codes = visible_jurisdiction_codes(user)
    jurisdiction = params.get("jurisdiction", "")
    if jurisdiction and codes is not None and jurisdiction not in codes:
        jurisdiction = ""
    base = dashboard_queryset(user, wf.key, row=row, jurisdiction=jurisdiction)
    if base is None:
        return ListFilter(queryset.none(), "您无权查看这类业务的统计。", kept)
    _, arg = parsed
    now = timezone.now()
    ctx = Context(row=row, period=period, today=timezone.localdate(now), now=now, arg=arg)
    measured = measure.apply(base, ctx)
    label = measure.label
    if arg:
        label = f"{label}：{dict(Finding.choices).get(arg, arg)}"
    county = next((j.name for j in viewer_jurisdictions(user) if j.code == jurisdiction), "")
    parts = [row.label if row else wf.label, "当前" if measure.name == "overdue" else period.label, label]
    if county:
        parts.append(county)
    back = {"period": period.key, **({"jurisdiction": jurisdiction} if jurisdiction else {})}
    return ListFilter(
        queryset.filter(pk__in=measured.values("pk")),
        "统计看板：" + " · ".join(parts),
        kept,
        f"{reverse('web:dashboard')}?{urlencode(back)}",
        "返回统计看板",
    )
