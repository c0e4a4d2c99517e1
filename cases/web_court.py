"""向法院反馈调解结果: the mediator of a court-entrusted case reports its outcome to the court (a
step with its own working-day limit, not a state change), through mediation_report_to_court, the
same service as the API's court-report action. Without this page the limit could only run out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casemgmt.errors import Conflict, Invalid
from casemgmt.web.errors import form_refusal
from casemgmt.web.forms import FormField, flatten_errors
from casemgmt.web.views.objects import visible_object

from .api.mediation import CourtReportSerializer
from .rules import mediation as rules
from .services.court import mediation_report_to_court

FIELDS = ("reported_on", "report")
WIDGETS = {"reported_on": "date", "report": "textarea"}
HELP = {"report": "写明调解结果（达成协议的主要内容，或终止调解的原因），记入办理记录。"}


def may_report(case, user) -> bool:
    """Whether the page offers itself: a court-entrusted case with an outcome not yet reported,
    to its mediator or the head (the service decides again when it writes)."""
    return (
        case.is_court_entrusted
        and case.concluded_on is not None
        and case.court_reported_on is None
        and rules.assigned_mediator(case, user)
    )


def _fields(data, errors) -> list[FormField]:
    serializer = CourtReportSerializer()
    return [
        FormField(
            name=name,
            label=str(serializer.fields[name].label),
            widget=WIDGETS[name],
            required=True,
            value=data.get(name, ""),
            help_text=HELP.get(name, ""),
            max_length=getattr(serializer.fields[name], "max_length", None),
            errors=flatten_errors(errors.get(name, [])),
        )
        for name in FIELDS
    ]


def _page(request, wf, case, *, data=None, errors=None, status=200):
    errors = errors or {}
    return render(
        request,
        "cases/court_report.html",
        {
            "wf": wf,
            "obj": case,
            "form_fields": _fields(data or {}, errors),
            "form_errors": [m for key, value in errors.items() if key not in FIELDS for m in flatten_errors(value)],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def court_report(request, pk):
    wf, case = visible_object(request.user, "mediation", pk)
    if not rules.assigned_mediator(case, request.user):
        raise PermissionDenied("只有本案调解员或分中心负责人可以向法院反馈调解结果。")
    if request.method == "GET":
        return _page(request, wf, case)
    post = request.POST
    serializer = CourtReportSerializer(data={name: post.get(name, "") for name in FIELDS})
    if not serializer.is_valid():
        errors = {key: flatten_errors(value) for key, value in serializer.errors.items()}
        return _page(request, wf, case, data=post, errors=errors, status=400)
    try:
        mediation_report_to_court(case, actor=request.user, **serializer.validated_data)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        case.refresh_from_db()
        return _page(request, wf, case, data=post, errors=refusal.errors, status=refusal.status)
    messages.success(request, f"已记录向{case.court_name}反馈调解结果。")
    return redirect(case.get_absolute_url())
