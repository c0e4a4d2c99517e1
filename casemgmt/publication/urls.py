from rest_framework.routers import SimpleRouter

from .api import PublicationViewSet

router = SimpleRouter()
router.register("publications", PublicationViewSet, basename="publication")
urlpatterns = router.urls
