from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casemgmt.calendar.selectors import my_deadlines
from casemgmt.notifications.selectors import notifications_for
from casemgmt.workflow.selectors import awaiting_user

from ..deadline_rows import URGENCY_ORDER, deadline_rows, with_objects

# The dashboard shows the most pressing few; the full lists have their own pages.
TASKS_SHOWN_PER_TYPE = 10
DEADLINES_SHOWN = 6
NOTIFICATIONS_SHOWN = 6


@login_required
@require_safe
def home(request):
    user = request.user
    rows = deadline_rows(with_objects(my_deadlines(user)))
    rows.sort(key=lambda row: URGENCY_ORDER.get(row.urgency, len(URGENCY_ORDER)))
    tasks = [(wf, objects[:TASKS_SHOWN_PER_TYPE], len(objects)) for wf, objects in awaiting_user(user)]
    return render(
        request,
        "web/home.html",
        {
            "tasks": tasks,
            "task_count": sum(total for _, _, total in tasks),
            "overdue_count": sum(1 for row in rows if row.urgency == "overdue"),
            "due_soon_count": sum(1 for row in rows if row.urgency == "due_soon"),
            "open_count": len(rows),
            "deadline_rows": rows[:DEADLINES_SHOWN],
            "notifications": list(notifications_for(user)[:NOTIFICATIONS_SHOWN]),
        },
    )
