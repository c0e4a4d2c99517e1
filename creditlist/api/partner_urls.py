"""The partner agencies' API of the list (wired under /api/partner/ by casemgmt/urls.py)."""

from django.urls import path

from .partner import PartnerChangesView, PartnerLookupView

urlpatterns = [
    path("credit-list/", PartnerLookupView.as_view(), name="partner-credit-list"),
    path("credit-list/changes/", PartnerChangesView.as_view(), name="partner-credit-list-changes"),
]
