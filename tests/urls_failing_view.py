"""The project's URL conf plus one route that fails, under /api/ and outside it: shows what an
uncaught exception answers (tests/test_api_errors.py)."""

from django.urls import path

from casemgmt.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/failing/", failing_view),
    path("failing/", failing_view),
    *urlpatterns,
]
