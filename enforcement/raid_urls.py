"""Staff pages of on-site inspections, included by casemgmt.urls under "enforcement/" into the
staff UI's "web" namespace (e.g. web:enforcement-raid)."""

from django.urls import path

from . import execution_web, views

urlpatterns = [
    path("cases/<int:pk>/execution/<slug:action>/", execution_web.execution_action, name="enforcement-execution"),
    path("cases/<int:pk>/raid/", views.raid, name="enforcement-raid"),
    path("cases/<int:pk>/raid/<int:inspection_pk>/", views.raid_detail, name="enforcement-raid-detail"),
    path(
        "cases/<int:pk>/raid/<int:inspection_pk>/evidence/",
        views.raid_evidence_add,
        name="enforcement-raid-evidence",
    ),
    path(
        "cases/<int:pk>/raid/<int:inspection_pk>/evidence/<int:evidence_pk>/supersede/",
        views.raid_evidence_supersede,
        name="enforcement-raid-evidence-supersede",
    ),
    path("cases/<int:pk>/raid/seizures/", views.raid_seizure_add, name="enforcement-raid-seizure"),
    path(
        "cases/<int:pk>/raid/seizures/<int:seizure_pk>/<slug:action>/",
        views.raid_seizure_action,
        name="enforcement-raid-seizure-action",
    ),
]
