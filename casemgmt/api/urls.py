"""The kernel's API (schema, docs, token, parties, calendar, search, notifications, files,
publications). The apps' API is included next to it under /api/ by the project's URL conf
(casemgmt.urls)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .auth import ObtainTokenView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include("casemgmt.parties.urls")),
    path("", include("casemgmt.calendar.urls")),
    path("", include("casemgmt.search.urls")),
    path("", include("casemgmt.notifications.urls")),
    path("", include("casemgmt.files.urls")),
    path("", include("casemgmt.publication.urls")),
]
