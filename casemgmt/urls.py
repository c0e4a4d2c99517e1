from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("casemgmt.api.urls")),
    path("", include("casemgmt.web.urls")),
]
