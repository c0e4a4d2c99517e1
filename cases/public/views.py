"""Public HTML pages under /public/: portal, online application, progress lookup."""

import math

from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.api.throttles import PublicRateThrottle, PublicSubmitThrottle, throttle_wait
from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.files import holding
from casemgmt.files.services import attachment_max_bytes
from casemgmt.web.errors import form_refusal

from .forms import application_sections, bind, consent_field, correction_sections, flatten_errors
from .limits import MAX_ATTACHMENTS, body_too_large_message, declared_body_size, request_max_bytes
from .selectors import application_for_applicant, normalize_tracking_code, public_status
from .serializers import CorrectionAnswerSerializer, PublicApplicationSerializer
from .services import public_application_submit, public_correction_answer

SESSION_TRACKING_CODE = "public_tracking_code"
INITIAL = {"applicant.kind": "organization", "respondent.kind": "organization"}


def _throttled(request, wait: float):
    response = render(request, "public/throttled.html", {"minutes": max(1, math.ceil(wait / 60))}, status=429)
    response["Retry-After"] = str(math.ceil(wait))
    return response


@require_safe
def portal(request):
    return render(request, "public/home.html")


def _render_form(request, *, data=None, errors=None, status=200, held=()):
    sections = application_sections()
    consent = consent_field()
    summary = bind(sections, consent, data if data is not None else INITIAL, errors or {})
    return render(
        request,
        "public/apply.html",
        {
            "sections": sections,
            "consent": consent,
            "error_summary": summary,
            "held_uploads": held,
            "held_token": holding.token_for(held) if held else "",
            "max_files": MAX_ATTACHMENTS,
            "max_file_bytes": attachment_max_bytes(),
            "max_request_bytes": request_max_bytes(),
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def apply(request):
    """Exempt only to look at the request before its body is parsed (CsrfViewMiddleware reads
    request.POST): throttles and the size cap come first, then the CSRF-protected form view."""
    if request.method == "POST":
        wait = throttle_wait(request, (PublicRateThrottle, PublicSubmitThrottle))
        if wait is not None:
            return _throttled(request, wait)
        if declared_body_size(request) > request_max_bytes():
            return _render_form(request, errors={"attachments": [body_too_large_message()]}, status=400)
    return _apply(request)


@csrf_protect
def _apply(request):
    if request.method == "GET":
        return _render_form(request)
    uploads = holding.form_uploads(request)

    def refuse(errors, status):
        # The files that passed their checks stay on the server, so they need not be chosen again.
        return _render_form(request, data=request.POST, errors=errors, status=status, held=uploads.keep_for_retry())

    data = uploads.data(request)
    serializer = PublicApplicationSerializer(data=data)
    if not serializer.is_valid():
        return refuse(flatten_errors(serializer.errors), 400)
    try:
        application = public_application_submit(**serializer.validated_data)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        return refuse(flatten_errors(refusal.errors), refusal.status)
    uploads.release()
    PublicSubmitThrottle().record(request)
    request.session[SESSION_TRACKING_CODE] = application.tracking_code
    return redirect("public:apply-done")


@require_safe
def apply_done(request):
    tracking_code = request.session.get(SESSION_TRACKING_CODE)
    if not tracking_code:
        return redirect("public:apply")
    return render(request, "public/apply_done.html", {"tracking_code": tracking_code})


@require_http_methods(["GET", "POST"])
def status(request):
    """POST, so that the code and digits stay out of addresses, logs and browser history."""
    context = {"tracking_code": normalize_tracking_code(request.GET.get("code", "")), "errors": {}}
    if request.method == "GET":
        return render(request, "public/status.html", context)
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    tracking_code = normalize_tracking_code(request.POST.get("tracking_code", ""))
    phone_last4 = request.POST.get("phone_last4", "").strip()
    context["tracking_code"] = tracking_code
    errors = context["errors"]
    if not tracking_code:
        errors["tracking_code"] = ["请填写查询码。"]
    if not (len(phone_last4) == 4 and phone_last4.isascii() and phone_last4.isdigit()):
        errors["phone_last4"] = ["请填写联系电话的后四位数字。"]
    if errors:
        return render(request, "public/status.html", context, status=400)
    application = application_for_applicant(tracking_code, phone_last4)
    if application is None:
        context["not_found"] = True
        return render(request, "public/status.html", context, status=404)
    context["result"] = public_status(application)
    return render(request, "public/status.html", context)


def _render_correction(request, *, data, errors=None, status=200, files_dropped=False, done=None):
    sections = correction_sections()
    summary = bind(sections, None, data, errors or {})
    return render(
        request,
        "public/correction.html",
        {
            "sections": sections,
            "error_summary": summary,
            "files_dropped": files_dropped,
            "done": done,
            "max_files": MAX_ATTACHMENTS,
            "max_file_bytes": attachment_max_bytes(),
            "max_request_bytes": request_max_bytes(),
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def correction(request):
    """The applicant's online answer to a correction request (补正). As for the application, the
    throttles and the size cap look at the request before its body is parsed."""
    if request.method == "POST":
        wait = throttle_wait(request, (PublicRateThrottle, PublicSubmitThrottle))
        if wait is not None:
            return _throttled(request, wait)
        if declared_body_size(request) > request_max_bytes():
            return _render_correction(request, data={}, errors={"attachments": [body_too_large_message()]}, status=400)
    return _correction(request)


@csrf_protect
def _correction(request):
    if request.method == "GET":
        initial = {
            "respondent.kind": "organization",
            "tracking_code": normalize_tracking_code(request.GET.get("code", "")),
        }
        return _render_correction(request, data=initial)
    data = request.POST.copy()
    for key in request.FILES:
        data.setlist(key, request.FILES.getlist(key))
    files_dropped = bool(request.FILES)
    serializer = CorrectionAnswerSerializer(data=data)
    if not serializer.is_valid():
        return _render_correction(
            request,
            data=request.POST,
            errors=flatten_errors(serializer.errors),
            status=400,
            files_dropped=files_dropped,
        )
    values = serializer.validated_data
    try:
        application = public_correction_answer(
            tracking_code=values["tracking_code"],
            phone_last4=values["phone_last4"],
            statement=values["statement"],
            respondent=values.get("respondent"),
            attachments=values["attachments"],
        )
    except NotFound as exc:
        errors = {"tracking_code": [exc.message]}
        return _render_correction(request, data=request.POST, errors=errors, status=404, files_dropped=files_dropped)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        errors = flatten_errors(refusal.errors)
        return _render_correction(
            request, data=request.POST, errors=errors, status=refusal.status, files_dropped=files_dropped
        )
    PublicSubmitThrottle().record(request)
    return _render_correction(request, data={}, done=public_status(application))
