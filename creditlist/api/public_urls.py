"""The public API of the list (wired under /api/public/ by casemgmt/urls.py)."""

from django.urls import path

from .public import (
    PublicCreditEntryView,
    PublicCreditListView,
    PublicRemovalApplicationCreateView,
    PublicRemovalApplicationStatusView,
)

urlpatterns = [
    path("credit-list/", PublicCreditListView.as_view(), name="public-credit-entry-list"),
    path("credit-list/<int:pk>/", PublicCreditEntryView.as_view(), name="public-credit-entry-detail"),
    path(
        "credit-removal-applications/",
        PublicRemovalApplicationCreateView.as_view(),
        name="public-credit-removal-application-create",
    ),
    path(
        "credit-removal-applications/<str:tracking_code>/",
        PublicRemovalApplicationStatusView.as_view(),
        name="public-credit-removal-application-status",
    ),
]
