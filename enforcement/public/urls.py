from django.urls import path

from . import views

app_name = "public_penalties"

urlpatterns = [
    path("penalties/", views.penalty_list, name="list"),
    path("penalties/<int:pk>/", views.penalty_detail, name="detail"),
]
