"""The staff UI's kernel pages. The project's URL conf (casemgmt.urls) mounts them in the "web"
namespace together with the apps' own staff pages (e.g. web:mediation-calendar)."""

from django.urls import path

from casemgmt.documents.views import document_file, document_print

from . import health, partner
from .views import account, deadlines, edit, home, jobs, list_jobs, notifications, objects, parties, search, workflows

app_name = "web"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("partner-access/", partner.partner_access, name="partner-access"),
    path("", home.home, name="home"),
    path("deadlines/", deadlines.deadlines, name="deadlines"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_mark_read, name="notifications-mark-read"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification-open"),
    path("search/", search.search, name="search"),
    path("workflows/", workflows.workflows, name="workflows"),
    path("w/<slug:type_key>/", objects.object_list, name="object-list"),
    path("w/<slug:type_key>/new/", edit.object_create, name="object-create"),
    path("w/<slug:type_key>/export/", list_jobs.object_export, name="object-export"),
    path("w/<slug:type_key>/document-batch/", list_jobs.object_document_batch, name="object-document-batch"),
    path("w/<slug:type_key>/<int:pk>/", objects.object_detail, name="object-detail"),
    path("w/<slug:type_key>/<int:pk>/transition/<slug:name>/", objects.transition_form, name="object-transition"),
    path("w/<slug:type_key>/<int:pk>/edit/", edit.object_edit, name="object-edit"),
    path("w/<slug:type_key>/<int:pk>/attachments/", edit.object_attachments, name="object-attachments"),
    path("parties/", parties.party_list, name="party-list"),
    path("parties/new/", parties.party_create_page, name="party-create"),
    path("parties/<int:pk>/edit/", parties.party_edit_page, name="party-edit"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/<int:pk>/", jobs.job_page, name="job"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job-download"),
    path("jobs/<slug:kind>/<int:pk>/progress/", jobs.job_progress, name="job-progress"),
    path("documents/<int:pk>/", document_print, name="document-print"),
    path("documents/<int:pk>/file.<str:fmt>", document_file, name="document-file"),
]
