"""Mounted by the project's URL conf into the staff UI's "web" namespace (web:dashboard …)."""

from django.urls import path

from . import report_views, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/reports/", report_views.reports, name="dashboard-reports"),
    path("dashboard/reports/<int:pk>/", report_views.report, name="dashboard-report"),
    path("dashboard/reports/<int:pk>/download/", report_views.report_download, name="dashboard-report-download"),
    path("dashboard/reports/<int:pk>/report.pdf", report_views.report_pdf, name="dashboard-report-pdf"),
]
