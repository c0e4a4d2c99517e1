"""Public pages of published 双随机 spot-check results: /public/spot-checks/ (the results, searched
by agency name, 统一社会信用代码 or task title) and /public/spot-checks/<id>/ (one task: its results
without personal data, and its draw record — commitment, seed, algorithm version, inputs hash —
with how anyone can check it and a link to the JSON record). Same data and rules as the public
API (public/api.py); rate-limited like the other public lookups."""

import math

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casemgmt.api.throttles import PublicRateThrottle, throttle_wait

from .api import HOW_TO_CHECK, MAX_QUERY_LENGTH, UNSTAFFED_LABEL, QuerySerializer
from .selectors import authority_name, public_result_rows, public_spot_check, public_targets

PAGE_SIZE = 20


def _throttled(request, wait: float):
    response = render(request, "public/throttled.html", {"minutes": max(1, math.ceil(wait / 60))}, status=429)
    response["Retry-After"] = str(math.ceil(wait))
    return response


def _result(target):
    try:
        return target.result
    except type(target).result.RelatedObjectDoesNotExist:
        return None


def _row(target, authorities: dict) -> dict:
    """One drawn agency as the public sees it: the organisation, what was checked and found."""
    result = _result(target)
    task = target.spot_check
    if task.jurisdiction_id not in authorities:
        authorities[task.jurisdiction_id] = authority_name(task.jurisdiction)
    return {
        "task": task,
        "authority": authorities[task.jurisdiction_id],
        "agency_name": target.agency.name,
        "credit_code": target.agency.credit_code,
        "kind": target.agency.get_kind_display(),
        "finding": result.get_finding_display() if result else UNSTAFFED_LABEL,
        "finding_code": result.finding if result else "",
        "checked_on": result.checked_on if result else None,
        "items": [item.name for item in result.items_checked.all()] if result else [],
        "rectification_due": result.rectification_due if result else None,
        "rectified_on": result.rectified_on if result else None,
        "referred_to": result.referred_to if result else "",
    }


@require_GET
def spot_check_list(request):
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    q = request.GET.get("q", "")
    context = {"q": q.strip(), "max_length": MAX_QUERY_LENGTH}
    query = QuerySerializer(data={"q": q} if q.strip() else {})
    if not query.is_valid():
        context["errors"] = [str(message) for messages in query.errors.values() for message in messages]
        return render(request, "public/spot_check_list.html", context, status=400)
    q = query.validated_data.get("q", "")
    page = Paginator(public_result_rows(q), PAGE_SIZE).get_page(request.GET.get("page"))
    authorities: dict = {}
    context.update(searched=bool(q), page=page, rows=[_row(target, authorities) for target in page.object_list])
    return render(request, "public/spot_check_list.html", context)


@require_GET
def spot_check_detail(request, pk: int):
    wait = throttle_wait(request, (PublicRateThrottle,))
    if wait is not None:
        return _throttled(request, wait)
    task = public_spot_check(pk)
    if task is None:
        return render(request, "public/spot_check_unavailable.html", status=404)
    authorities: dict = {}
    return render(
        request,
        "public/spot_check_detail.html",
        {
            "task": task,
            "authority": authority_name(task.jurisdiction),
            "rows": [_row(target, authorities) for target in public_targets(task)],
            "how_to_check": HOW_TO_CHECK,
            "record_url": reverse("public-spot-check-result-record", args=[task.pk]),
            "json_url": reverse("public-spot-check-result-detail", args=[task.pk]),
        },
    )
