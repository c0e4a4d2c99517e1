from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casemgmt.calendar.selectors import my_deadlines

from ..deadline_rows import URGENCY_ORDER, deadline_rows, with_objects


@login_required
@require_safe
def deadlines(request):
    rows = deadline_rows(with_objects(my_deadlines(request.user)))
    # Overdue first, then due soon, each soonest first (the selector already sorts by due date).
    rows.sort(key=lambda row: URGENCY_ORDER.get(row.urgency, len(URGENCY_ORDER)))
    counts = {key: sum(1 for row in rows if row.urgency == key) for key in URGENCY_ORDER}
    return render(
        request,
        "web/deadlines.html",
        {"rows": rows, "counts": counts, "has_provisional": any(row.deadline.provisional for row in rows)},
    )
