"""Public pages of published penalty decisions: /public/penalties/ (search) and
/public/penalties/<id>/ (one decision, personal data masked). Same data and rules as the API."""

import math

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casemgmt.api.throttles import PublicRateThrottle, throttle_wait

from .selectors import public_penalty_decision, public_penalty_decisions, withdrawn_penalty_decision
from .serializers import PenaltyDecisionQuerySerializer

PAGE_SIZE = 20
FILTERS = ("q", "violation_type", "date_from", "date_to")


def _throttled(request, wait: float):
    response = render(request, "public/throttled.html", {"minutes": max(1, math.ceil(wait / 60))}, status=429)
    response["Retry-After"] = str(math.ceil(wait))
    return response


@require_GET
def penalty_list(request):
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    values = {name: request.GET.get(name, "").strip() for name in FILTERS}
    query = PenaltyDecisionQuerySerializer(data={name: value for name, value in values.items() if value})
    context = {"values": values, "more_open": any(values[name] for name in FILTERS[1:])}
    if not query.is_valid():
        context["errors"] = {name: [str(m) for m in messages] for name, messages in query.errors.items()}
        return render(request, "public/penalty_list.html", context, status=400)
    context["searched"] = any(values.values())
    context["page"] = Paginator(public_penalty_decisions(**query.validated_data), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "public/penalty_list.html", context)


@require_GET
def penalty_detail(request, pk: int):
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    publication = public_penalty_decision(pk)
    if publication is None:
        withdrawn = withdrawn_penalty_decision(pk)
        return render(request, "public/penalty_unavailable.html", {"withdrawn": withdrawn}, status=404)
    return render(request, "public/penalty_detail.html", {"publication": publication, "summary": publication.summary})
