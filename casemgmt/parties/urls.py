from rest_framework.routers import SimpleRouter

from .api import PartyViewSet

router = SimpleRouter()
router.register("parties", PartyViewSet, basename="party")
urlpatterns = router.urls
