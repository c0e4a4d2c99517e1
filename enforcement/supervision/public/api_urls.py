from django.urls import path

from .api import PublicSpotCheckRecordView, PublicSpotCheckResultDetailView, PublicSpotCheckResultListView

urlpatterns = [
    path("spot-check-results/", PublicSpotCheckResultListView.as_view(), name="public-spot-check-result-list"),
    path(
        "spot-check-results/<int:pk>/",
        PublicSpotCheckResultDetailView.as_view(),
        name="public-spot-check-result-detail",
    ),
    path(
        "spot-check-results/<int:pk>/record/",
        PublicSpotCheckRecordView.as_view(),
        name="public-spot-check-result-record",
    ),
]
