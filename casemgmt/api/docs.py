"""The OpenAPI document (/api/schema/) and Swagger UI (/api/docs/).

Swagger UI comes from drf-spectacular-sidecar's static files and starts from a separate script
(the "split" view), so the page works offline and under a CSP without inline code. With
API_DOCS_REQUIRE_LOGIN (on by default in production) both need a signed-in account: the schema
answers 401 to anonymous callers, the docs page sends them to the login page."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, IsAuthenticated


def _docs_permissions():
    return [IsAuthenticated()] if settings.API_DOCS_REQUIRE_LOGIN else [AllowAny()]


class ApiSchemaView(SpectacularAPIView):
    def get_permissions(self):
        return _docs_permissions()


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    permission_classes = [AllowAny]  # a person at a browser is sent to the login page instead (below)

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if settings.API_DOCS_REQUIRE_LOGIN and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
