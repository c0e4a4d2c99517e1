"""安排调解会议: the mediator (or the centre head) books a session of a mediation case. Read
through the API's MediationSessionSerializer, written by mediation_session_create, whose
double-booking check refuses a clash with the other session's time and case: the form shows that
reason under the start time and books nothing.

修改调解会议: a booked session is rescheduled while the mediation runs, and its minutes (调解笔录)
written up once it was held, by mediation_session_update (the API's PATCH on the session)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
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
from .services.sessions import mediation_session_create, mediation_session_update

FIELDS = ("mediator", "starts_at", "ends_at", "place", "participants", "reason")
WIDGETS = {
    "starts_at": "datetime",
    "ends_at": "datetime",
    "participants": "textarea",
    "minutes": "textarea",
    "reason": "textarea",
}
# Rescheduled while the mediation runs; afterwards only who took part and the minutes are written up.
EDIT_FIELDS = ("starts_at", "ends_at", "place", "participants", "minutes", "reason")
MINUTES_FIELDS = ("participants", "minutes", "reason")


def _mediators(case) -> list:
    """Mediators who could chair this case: on duty, of its area, without a declared conflict."""
    candidates = User.objects.filter(is_active=True, role=Role.HANDLER).order_by("full_name", "username")
    return [
        (u.pk, u.display_name)
        for u in candidates
        if may_see_jurisdiction(u, case.jurisdiction_id) and not conflict_reasons(u, [case.applicant, case.respondent])
    ]


def _fields(case, data=None, errors=None, names=FIELDS, initial=None) -> list[FormField]:
    errors = errors or {}
    serializer = MediationSessionSerializer()
    result = []
    for name in names:
        f = serializer.fields[name]
        if data is not None:
            value = data.get(name, "")
        elif initial is not None:
            value = initial.get(name, "")
        else:
            value = case.mediator_id or "" if name == "mediator" else ""
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
            "minutes_open": case.state in MediationCase.MINUTES_STATES,
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


def _edit_fields(case) -> tuple:
    return EDIT_FIELDS if case.state in MediationCase.SESSION_STATES else MINUTES_FIELDS


def _session_initial(session) -> dict:
    return {
        "starts_at": f"{timezone.localtime(session.starts_at):%Y-%m-%dT%H:%M}",
        "ends_at": f"{timezone.localtime(session.ends_at):%Y-%m-%dT%H:%M}",
        "place": session.place,
        "participants": session.participants,
        "minutes": session.minutes,
    }


def _edit_page(request, wf, case, session, *, data=None, errors=None, status=200):
    errors = errors or {}
    names = _edit_fields(case)
    return render(
        request,
        "cases/session_edit.html",
        {
            "wf": wf,
            "obj": case,
            "session": session,
            "form_fields": _fields(case, data, errors, names=names, initial=_session_initial(session)),
            "form_errors": [m for key, value in errors.items() if key not in names for m in flatten_errors(value)],
            "open": case.state in MediationCase.MINUTES_STATES and session.cancelled_at is None,
            "reschedulable": case.state in MediationCase.SESSION_STATES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk, session_id):
    wf, case = visible_object(request.user, "mediation", pk)
    session = mediation_sessions_of(case).filter(pk=session_id).first()
    if session is None:
        raise Http404("未找到该调解会议。")
    if not rules.runs_sessions(case, request.user, session):
        raise PermissionDenied("只有主持调解员或分中心负责人可以修改调解会议。")
    if request.method == "GET":
        return _edit_page(request, wf, case, session)
    post = request.POST
    names = _edit_fields(case)
    body = {name: post.get(name, "") for name in names}
    serializer = MediationSessionSerializer(session, data=body, partial=True)
    if not serializer.is_valid():
        errors = {key: flatten_errors(value) for key, value in serializer.errors.items()}
        return _edit_page(request, wf, case, session, data=post, errors=errors, status=400)
    try:
        mediation_session_update(session, actor=request.user, **serializer.validated_data)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        case.refresh_from_db()
        return _edit_page(request, wf, case, session, data=post, errors=refusal.errors, status=refusal.status)
    messages.success(request, "已修改调解会议。")
    return redirect(case.get_absolute_url())
