from casemgmt.api.routers import Router

from .api import PartyViewSet

router = Router()
router.register("parties", PartyViewSet, basename="party")
urlpatterns = router.urls
