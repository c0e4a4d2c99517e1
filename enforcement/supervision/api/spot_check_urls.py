from casemgmt.api.routers import Router

from .spot_checks import SpotCheckViewSet

router = Router()
router.register("spot-checks", SpotCheckViewSet, basename="spot-check")
urlpatterns = router.urls
