"""Mounted by the project's URL conf into the staff UI's "web" namespace (web:dashboard)."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
