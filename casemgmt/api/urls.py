"""The kernel's API (schema, docs, token, parties, calendar, search, notifications, files,
publications). The apps' API is included next to it under /api/ by the project's URL conf
(casemgmt.urls)."""

from django.urls import include, path

from .auth import LogoutAllView, LogoutView, ObtainTokenView
from .docs import ApiDocsView, ApiSchemaView

urlpatterns = [
    path("schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="api-logout-all"),
    path("", include("casemgmt.parties.urls")),
    path("", include("casemgmt.calendar.urls")),
    path("", include("casemgmt.search.urls")),
    path("", include("casemgmt.notifications.urls")),
    path("", include("casemgmt.files.urls")),
    path("", include("casemgmt.publication.urls")),
]
