from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .periods import parse_period, period_choices, this_year
from .presentation import charts
from .selectors import dashboard_for, viewer_jurisdictions


@login_required
@require_safe
def dashboard(request):
    """统计看板: the viewer's figures for a period (default this year) and county."""
    asked = request.GET.get("period", "")
    period = parse_period(asked) or this_year()
    jurisdictions = viewer_jurisdictions(request.user)
    jurisdiction = request.GET.get("jurisdiction", "")
    if jurisdiction not in {j.code for j in jurisdictions} or len(jurisdictions) < 2:
        jurisdiction = ""
    board = dashboard_for(request.user, period, jurisdiction=jurisdiction)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "board": board,
            "charts": charts(board),
            "period": period,
            "period_invalid": bool(asked) and parse_period(asked) is None,
            "period_groups": period_choices(),
            "jurisdictions": jurisdictions if len(jurisdictions) > 1 else [],
            "jurisdiction": jurisdiction,
            "county_name": next((j.name for j in jurisdictions if j.code == jurisdiction), ""),
        },
    )
