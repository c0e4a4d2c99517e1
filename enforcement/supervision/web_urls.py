"""Staff pages of agency supervision, included by casemgmt/urls.py under "supervision/" in the
"web" namespace (e.g. web:supervision-agency)."""

urlpatterns = []
