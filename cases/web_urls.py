"""Staff pages of the branch centre beyond the generic workflow pages, included by casemgmt.urls
into the staff UI's "web" namespace (e.g. web:mediation-calendar)."""

from django.urls import path

from . import views, web_court, web_sessions

urlpatterns = [
    path("mediation-calendar/", views.mediation_calendar, name="mediation-calendar"),
    path("w/mediation/<int:pk>/sessions/new/", web_sessions.session_create, name="mediation-session-create"),
    path(
        "w/mediation/<int:pk>/sessions/<int:session_id>/",
        web_sessions.session_edit,
        name="mediation-session-edit",
    ),
    path("w/mediation/<int:pk>/court-report/", web_court.court_report, name="mediation-court-report"),
]
