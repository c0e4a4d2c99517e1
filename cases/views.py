"""Staff pages of the branch centre beyond the generic workflow pages."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from casemgmt.org.models import Role, User
from casemgmt.org.scoping import scope_queryset

from .selectors import mediations_visible_to, sessions_between

WEEKDAYS = "一二三四五六日"


def _week_start(value: str | None) -> dt.date:
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


@login_required
@require_safe
def mediation_calendar(request):
    """调解日程: a week of mediation sessions, for one mediator or every mediator the user sees."""
    if mediations_visible_to(request.user).query.is_empty():
        raise Http404("没有这类业务。")
    monday = _week_start(request.GET.get("week"))
    sunday = monday + dt.timedelta(days=6)
    mediators = scope_queryset(User.objects.filter(role=Role.HANDLER, is_active=True), request.user)
    chosen = request.GET.get("mediator", "")
    if chosen == "" and request.user.role == Role.HANDLER:
        chosen = str(request.user.pk)
    mediator = mediators.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    sessions = list(sessions_between(request.user, monday, sunday, mediator=mediator))
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        days.append(
            {
                "date": day,
                "weekday": WEEKDAYS[offset],
                "is_today": day == timezone.localdate(),
                "sessions": [s for s in sessions if timezone.localtime(s.starts_at).date() == day],
            }
        )
    return render(
        request,
        "cases/mediation_calendar.html",
        {
            "days": days,
            "monday": monday,
            "sunday": sunday,
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "mediators": mediators.order_by("full_name", "username"),
            "mediator": mediator,
            "session_count": len(sessions),
        },
    )
