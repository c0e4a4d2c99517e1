from django.urls import path

from .api import PublicPenaltyDecisionDetailView, PublicPenaltyDecisionListView

urlpatterns = [
    path("penalty-decisions/", PublicPenaltyDecisionListView.as_view(), name="public-penalty-decision-list"),
    path(
        "penalty-decisions/<int:pk>/",
        PublicPenaltyDecisionDetailView.as_view(),
        name="public-penalty-decision-detail",
    ),
]
