from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from casemgmt.api.renderers import XLSXRenderer, workbook_bytes
from casemgmt.calendar.selectors import my_deadlines
from casemgmt.privacy import redact_for

from ..deadline_rows import URGENCY_ORDER, deadline_rows, with_objects


@login_required
@require_safe
def deadlines(request):
    rows = deadline_rows(with_objects(my_deadlines(request.user)))
    # Overdue first, then due soon, each soonest first (the selector already sorts by due date).
    rows.sort(key=lambda row: URGENCY_ORDER.get(row.urgency, len(URGENCY_ORDER)))
    if request.GET.get("format") == "xlsx":
        return _export(request, rows)
    counts = {key: sum(1 for row in rows if row.urgency == key) for key in URGENCY_ORDER}
    return render(
        request,
        "web/deadlines.html",
        {"rows": rows, "counts": counts, "has_provisional": any(row.deadline.provisional for row in rows)},
    )


def _export(request, rows):
    """The page's rows, in its order, as an Excel file (masked by role like every export)."""
    header = ["期限", "案件", "起算日", "届满", "剩余", "状态", "责任人", "法律依据"]
    table = [
        [
            row.deadline.label,
            row.object_label,
            f"{row.deadline.start:%Y-%m-%d}",
            row.deadline.due_text,
            row.countdown,
            row.urgency_label,
            row.deadline.responsible.display_name if row.deadline.responsible else "",
            row.deadline.legal_basis,
        ]
        for row in rows
    ]
    response = HttpResponse(
        workbook_bytes(header, redact_for(request.user, table)), content_type=XLSXRenderer.media_type
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{stamp}.xlsx"'
    return response
