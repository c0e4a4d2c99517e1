from django.urls import path

from .api import PublicApplicationCreateView, PublicApplicationStatusView

urlpatterns = [
    path("assistance-requests/", PublicApplicationCreateView.as_view(), name="public-assistance-request-create"),
    path(
        "assistance-requests/<str:tracking_code>/",
        PublicApplicationStatusView.as_view(),
        name="public-assistance-request-status",
    ),
]
