from casemgmt.api.routers import Router

from .api import PublicationViewSet

router = Router()
router.register("publications", PublicationViewSet, basename="publication")
urlpatterns = router.urls
