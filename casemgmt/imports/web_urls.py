"""The import pages, included by casemgmt.urls into the staff UI's "web" namespace:
/<slug>-import/ (web:<slug>-import) and its template download, one pair per workflow."""

from django.urls import path

from . import views

# (slug, workflow key): fixed here rather than read from the registry, which apps fill in ready().
PAGES = [
    ("assistance", "assistance_request"),
    ("mediation", "mediation"),
    ("arbitration", "arbitration_referral"),
    ("enforcement", "enforcement_case"),
]

urlpatterns = [
    route
    for slug, key in PAGES
    for route in (
        path(f"{slug}-import/", views.import_page, {"key": key}, name=f"{slug}-import"),
        path(
            f"{slug}-import/template/",
            views.import_template_download,
            {"key": key},
            name=f"{slug}-import-template",
        ),
    )
]
