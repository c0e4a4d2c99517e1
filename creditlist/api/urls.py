"""The staff API of the list (wired under /api/ by casemgmt/urls.py)."""

from casemgmt.api.routers import Router

from .views import CreditEntryViewSet

router = Router()
router.register("credit-list", CreditEntryViewSet, basename="credit-entry")
urlpatterns = router.urls
