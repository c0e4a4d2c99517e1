from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("casemgmt.api.urls")),
    path("public/", include("cases.public.urls")),
    path("public/", include("enforcement.public.urls")),
    path("", include("casemgmt.web.urls")),
]
