"""The product's URLs and the web benchmark's baseline: a bare Django JSON view (no database, no
middleware of its own, no throttle) at /bench/bare/."""

from django.http import JsonResponse
from django.urls import path

from casemgmt.urls import *  # noqa: F403
from casemgmt.urls import urlpatterns as product_urlpatterns


def bare(request):
    return JsonResponse({"count": 1, "results": [{"number": "晋市监罚〔2026〕1号"}]})


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
