"""Public pages of 双随机 results, included by casemgmt/urls.py under "public/"."""

from django.urls import path

from . import views

app_name = "public_spot_checks"

urlpatterns = [
    path("spot-checks/", views.spot_check_list, name="list"),
    path("spot-checks/<int:pk>/", views.spot_check_detail, name="detail"),
]
