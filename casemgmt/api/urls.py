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
    path("public/", include("cases.public.api_urls")),
    path("public/", include("enforcement.public.api_urls")),
    path("", include("cases.api.urls")),
    path("", include("enforcement.api.urls")),
    path("", include("casemgmt.publication.urls")),
]
