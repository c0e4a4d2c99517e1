from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import DeadlineCalculatorView, DeadlineViewSet

router = SimpleRouter()
router.register("deadlines", DeadlineViewSet, basename="deadline")

urlpatterns = [
    path("calendar/deadline/", DeadlineCalculatorView.as_view(), name="calendar-deadline"),
    *router.urls,
]
