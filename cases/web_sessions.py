"""安排调解会议: the mediator (or the centre head) books a session of a mediation case. Read
through the API's MediationSessionSerializer, written by mediation_session_create, whose
double-booking check refuses a clash with the other session's time and case: the form shows that
reason under the start time and books nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casemgmt.errors import Conflict, Invalid
from casemgmt.org.models import Role, User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons
from casemgmt.web.errors import form_refusal
from casemgmt.web.forms import FormField, flatten_errors
from casemgmt.web.views.objects import visible_object

from .api.mediation_serializers import MediationSessionSerializer
from .models import MediationCase
from .rules import mediation as rules
from .selectors import mediation_sessions_of
from .services.sessions import mediation_session_create

FIELDS = ("mediator", "starts_at", "ends_at", "place", "participants", "reason")
WIDGETS = {"starts_at": "datetime", "ends_at": "datetime", "participants": "textarea", "reason": "textarea"}


def _mediators(case) -> list:
    """Mediators who could chair this case: on duty, of its area, without a declared conflict."""
    candidates = User.objects.filter(is_active=True, role=Role.HANDLER).order_by("full_name", "username")
    return [
        (u.pk, u.display_name)
        for u in candidates
        if may_see_jurisdiction(u, case.jurisdiction_id) and not conflict_reasons(u, [case.applicant, case.respondent])
    ]


def _fields(case, data=None, errors=None) -> list[FormField]:
    errors = errors or {}
    serializer = MediationSessionSerializer()
    result = []
    for name in FIELDS:
        f = serializer.fields[name]
        if data is None:
            value = case.mediator_id or "" if name == "mediator" else ""
        else:
            value = data.get(name, "")
        form_field = FormField(
            name=name,
            label=str(f.label),
            widget=WIDGETS.get(name, "select" if name == "mediator" else "text"),
            required=bool(f.required),
            value=value,
            max_length=getattr(f, "max_length", None),
            errors=flatten_errors(errors.get(name, [])),
        )
        if name == "mediator":
            form_field.choices = _mediators(case)
        if name == "reason":
            form_field.label, form_field.help_text = "说明（可选）", "记入办理记录。"
        result.append(form_field)
    return result


def _page(request, wf, case, *, data=None, errors=None, status=200):
    errors = errors or {}
    names = set(FIELDS)
    return render(
        request,
        "cases/session_form.html",
        {
            "wf": wf,
            "obj": case,
            "form_fields": _fields(case, data, errors),
            "form_errors": [m for key, value in errors.items() if key not in names for m in flatten_errors(value)],
            "sessions": mediation_sessions_of(case),
            "open": case.state in MediationCase.SESSION_STATES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    wf, case = visible_object(request.user, "mediation", pk)
    if not rules.runs_sessions(case, request.user):
        raise PermissionDenied("只有本案调解员或分中心负责人可以安排调解会议。")
    if request.method == "GET":
        return _page(request, wf, case)
    post = request.POST
    body = {name: post.get(name, "") for name in FIELDS if post.get(name, "") != ""}
    serializer = MediationSessionSerializer(data=body)
    if not serializer.is_valid():
        errors = {key: flatten_errors(value) for key, value in serializer.errors.items()}
        return _page(request, wf, case, data=post, errors=errors, status=400)
    try:
        session = mediation_session_create(case, actor=request.user, **serializer.validated_data)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        case.refresh_from_db()
        return _page(request, wf, case, data=post, errors=refusal.errors, status=refusal.status)
    start = timezone.localtime(session.starts_at)
    messages.success(request, f"已安排调解会议：{start:%Y-%m-%d %H:%M}，{session.place}。")
    return redirect(case.get_absolute_url())
