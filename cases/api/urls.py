from rest_framework.routers import SimpleRouter

from .assistance import AssistanceRequestViewSet

router = SimpleRouter()
router.register("assistance-requests", AssistanceRequestViewSet, basename="assistance-request")
urlpatterns = router.urls
