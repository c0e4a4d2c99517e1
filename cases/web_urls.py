"""Staff pages of the branch centre beyond the generic workflow pages, included by casemgmt.urls
into the staff UI's "web" namespace (e.g. web:mediation-calendar)."""

from django.urls import path

from . import views, web_sessions

urlpatterns = [
    path("assistance-import/", views.assistance_import, name="assistance-import"),
    path("assistance-import/template/", views.assistance_import_template, name="assistance-import-template"),
    path("mediation-calendar/", views.mediation_calendar, name="mediation-calendar"),
    path("w/mediation/<int:pk>/sessions/new/", web_sessions.session_create, name="mediation-session-create"),
]
