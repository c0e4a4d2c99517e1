"""Staff pages of the list beyond the generic workflow pages, included by casemgmt/urls.py under
"credit/" into the staff UI's "web" namespace (e.g. web:credit-propose)."""

from django.urls import path

from .web import staff as views

urlpatterns = [
    path("propose/", views.propose, name="credit-propose"),
    path("entries/<int:pk>/removal-application/", views.removal_counter, name="credit-removal-counter"),
]
