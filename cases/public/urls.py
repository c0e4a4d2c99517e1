from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply-done"),
    path("status/", views.status, name="status"),
    path("correction/", views.correction, name="correction"),
]
