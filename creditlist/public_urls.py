"""Public pages of the list, included by casemgmt/urls.py under "public/" (namespace
"public_credit", e.g. public_credit:list → /public/credit-list/)."""

from django.urls import path

from .web import public as views

app_name = "public_credit"

urlpatterns = [
    path("credit-list/", views.credit_list, name="list"),
    path("credit-list/<int:pk>/", views.credit_detail, name="detail"),
    path("credit-list/<int:pk>/apply-removal/", views.credit_apply, name="apply"),
    path("credit-list/apply-removal/done/", views.credit_apply_done, name="apply-done"),
    path("credit-list/removal-status/", views.credit_status, name="status"),
]
