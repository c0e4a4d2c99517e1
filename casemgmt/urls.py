"""The project's URL conf: the one place that wires the apps in. The kernel's URL confs
(casemgmt.api.urls, casemgmt.web.urls) name no app; each app's API, public pages and staff pages
are included here, the staff pages into the kernel's "web" namespace."""

from django.contrib import admin
from django.urls import include, path

from casemgmt.web import urls as web_urls

# The staff UI, one namespace ("web"): the kernel's pages, then the apps' own.
staff_pages = [
    *web_urls.urlpatterns,
    path("", include("cases.web_urls")),  # web:mediation-calendar
    path("", include("casemgmt.imports.web_urls")),  # web:assistance-import, web:mediation-import …
    path("enforcement/", include("enforcement.raid_urls")),  # web:enforcement-raid…
    path("supervision/", include("enforcement.supervision.web_urls")),  # web:supervision-…
    path("credit/", include("creditlist.web_urls")),  # web:credit-propose, web:credit-removal-counter
    path("", include("dashboard.urls")),  # web:dashboard
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("casemgmt.api.urls")),
    path("api/public/", include("cases.public.api_urls")),
    path("api/public/", include("enforcement.public.api_urls")),
    path("api/", include("cases.api.urls")),
    path("api/", include("enforcement.api.urls")),
    path("api/", include("creditlist.api.urls")),
    path("api/public/", include("creditlist.api.public_urls")),
    path("api/partner/", include("creditlist.api.partner_urls")),
    path("api/", include("enforcement.supervision.api.urls")),
    path("api/public/", include("enforcement.supervision.public.api_urls")),
    path("public/", include("cases.public.urls")),
    path("public/", include("enforcement.public.urls")),
    path("public/", include("enforcement.supervision.public.urls")),
    path("public/", include("creditlist.public_urls")),  # public_credit:list, :detail, :apply, :status
    path("", include((staff_pages, web_urls.app_name))),
]

# Errors outside a view's own handling: JSON in the API's shape under /api/, the HTML pages elsewhere.
handler400 = "casemgmt.api.errors.bad_request"
handler403 = "casemgmt.api.errors.permission_denied"
handler404 = "casemgmt.api.errors.page_not_found"
handler500 = "casemgmt.api.errors.server_error"
