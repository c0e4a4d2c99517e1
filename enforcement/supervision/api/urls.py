"""The supervision API: the directories and plans (directory_urls) and the spot-check tasks
(spot_check_urls)."""

from django.urls import include, path

urlpatterns = [
    path("", include("enforcement.supervision.api.directory_urls")),
    path("", include("enforcement.supervision.api.spot_check_urls")),
]
