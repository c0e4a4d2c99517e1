"""Public pages of the list under /public/credit-list/: the published list and one entry (the same
data and rules as the public API: only entries published now, a natural person by name only), the
online early removal application (proofs, privacy consent, a tracking code) and the lookup of its
status by tracking code and the phone's last four digits. Rate-limited like the rest of the portal."""

import datetime as dt
import math

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe
from rest_framework import serializers

from casemgmt.api.throttles import PublicRateThrottle, PublicSubmitThrottle, throttle_wait
from casemgmt.errors import Invalid
from casemgmt.files import holding
from casemgmt.files.services import attachment_max_bytes
from casemgmt.web.errors import form_refusal
from cases.public.forms import bind, flatten_errors
from cases.public.limits import body_too_large_message, declared_body_size, request_max_bytes

from .. import rules
from ..api.applications import MAX_PROOFS, PublicRemovalApplicationSerializer
from ..api.public import (
    MAX_ID,
    PublicEntrySerializer,
    PublicQuerySerializer,
    application_status,
    online_application_submit,
)
from ..selectors import (
    application_by_tracking_code,
    application_for_applicant,
    credit_entries_public_search,
    credit_entry_public,
    normalized,
)
from .forms import application_sections, consent_field

PAGE_SIZE = 20
SESSION_TRACKING_CODE = "credit_removal_tracking_code"


ENTRY_DATES = ("listed_on", "listing_until", "published_on")
STATUS_DATES = ("submitted_on", "decided_on")


def _with_dates(data, names) -> dict:
    """A serializer's output with its ISO dates as dates again, for the templates' date filter."""
    return {
        key: dt.date.fromisoformat(value) if key in names and isinstance(value, str) and value else value
        for key, value in data.items()
    }


def _public_entry(entry) -> dict:
    return _with_dates(PublicEntrySerializer(entry).data, ENTRY_DATES)


def _status(application) -> dict:
    return _with_dates(application_status(application), STATUS_DATES)


def _throttled(request, wait: float):
    response = render(request, "public/throttled.html", {"minutes": max(1, math.ceil(wait / 60))}, status=429)
    response["Retry-After"] = str(math.ceil(wait))
    return response


def _entry_or_404(request, pk: int):
    """The entry as the public may read it now, or None (then the caller answers 404)."""
    return credit_entry_public(pk) if 0 < pk <= MAX_ID else None


def _not_found(request):
    return render(request, "public/credit_unavailable.html", status=404)


@require_safe
def credit_list(request):
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    q = request.GET.get("q", "").strip()
    query = PublicQuerySerializer(data={"q": q} if q else {})
    context = {"q": q}
    if not query.is_valid():
        context["errors"] = {name: [str(m) for m in messages] for name, messages in query.errors.items()}
        return render(request, "public/credit_list.html", context, status=400)
    page = Paginator(credit_entries_public_search(query.validated_data.get("q", "")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shared = {}
    context.update(
        searched=bool(q),
        page=page,
        entries=[
            _with_dates(row, ENTRY_DATES)
            for row in PublicEntrySerializer(page.object_list, many=True, context=shared).data
        ],
    )
    return render(request, "public/credit_list.html", context)


@require_safe
def credit_detail(request, pk: int):
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    entry = _entry_or_404(request, pk)
    if entry is None:
        return _not_found(request)
    return render(
        request,
        "public/credit_detail.html",
        {
            "entry": _public_entry(entry),
            "early_removal_from": rules.early_removal_from(entry.listed_on),
            "removal_pending": entry.state == entry.State.REMOVAL_REQUESTED,
        },
    )


# --- the online early removal application -------------------------------------------------------------


def _render_form(request, entry, *, data=None, errors=None, status=200, held=()):
    sections = application_sections()
    consent = consent_field()
    summary = bind(sections, consent, data if data is not None else {}, errors or {})
    return render(
        request,
        "public/credit_apply.html",
        {
            "entry": _public_entry(entry),
            "early_removal_from": rules.early_removal_from(entry.listed_on),
            "removal_pending": entry.state == entry.State.REMOVAL_REQUESTED,
            "conditions": rules.EARLY_REMOVAL_RULE,
            "sections": sections,
            "consent": consent,
            "error_summary": summary,
            "held_uploads": held,
            "held_token": holding.token_for(held) if held else "",
            "max_files": MAX_PROOFS,
            "max_file_bytes": attachment_max_bytes(),
            "max_request_bytes": request_max_bytes(),
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def credit_apply(request, pk: int):
    """Exempt only to look at the request before its body is parsed (CsrfViewMiddleware reads
    request.POST): throttles and the size cap come first, then the CSRF-protected form view."""
    if request.method == "POST":
        wait = throttle_wait(request, (PublicRateThrottle, PublicSubmitThrottle))
        if wait is not None:
            return _throttled(request, wait)
    entry = _entry_or_404(request, pk)
    if entry is None:
        return _not_found(request)
    if request.method == "POST" and declared_body_size(request) > request_max_bytes():
        return _render_form(request, entry, errors={"attachments": [body_too_large_message()]}, status=400)
    return _apply(request, entry)


@csrf_protect
def _apply(request, entry):
    if request.method == "GET":
        return _render_form(request, entry)
    uploads = holding.form_uploads(request)
    data = uploads.data(request)
    data["entry"] = str(entry.pk)
    body = PublicRemovalApplicationSerializer(data=data)

    def again(errors, status):
        # The files that passed their checks stay on the server, so they need not be chosen again.
        return _render_form(
            request, entry, data=request.POST, errors=errors, status=status, held=uploads.keep_for_retry()
        )

    if not body.is_valid():
        return again(flatten_errors(body.errors), 400)
    try:
        application = online_application_submit(dict(body.validated_data))
    except serializers.ValidationError as exc:
        return again(flatten_errors(exc.detail), 400)
    except Invalid as exc:
        return again(flatten_errors(form_refusal(exc).errors), 400)
    uploads.release()
    PublicSubmitThrottle().record(request)
    request.session[SESSION_TRACKING_CODE] = application.tracking_code
    return redirect("public_credit:apply-done")


@require_safe
def credit_apply_done(request):
    application = application_by_tracking_code(request.session.get(SESSION_TRACKING_CODE, ""))
    if application is None:
        return redirect("public_credit:list")
    return render(request, "public/credit_apply_done.html", {"result": _status(application)})


@require_http_methods(["GET", "POST"])
def credit_status(request):
    """POST, so that the code and digits stay out of addresses, logs and browser history."""
    context = {"tracking_code": normalized(request.GET.get("code", ""))[:20], "errors": {}}
    if request.method == "GET":
        return render(request, "public/credit_status.html", context)
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    tracking_code = normalized(request.POST.get("tracking_code", ""))[:20]
    phone_last4 = request.POST.get("phone_last4", "").strip()
    context["tracking_code"] = tracking_code
    errors = context["errors"]
    if not tracking_code:
        errors["tracking_code"] = ["请填写查询码。"]
    if not (len(phone_last4) == 4 and phone_last4.isascii() and phone_last4.isdigit()):
        errors["phone_last4"] = ["请填写联系电话的后四位数字。"]
    if errors:
        return render(request, "public/credit_status.html", context, status=400)
    application = application_for_applicant(tracking_code, phone_last4)
    if application is None:
        context["not_found"] = True
        return render(request, "public/credit_status.html", context, status=404)
    context["result"] = _status(application)
    return render(request, "public/credit_status.html", context)
