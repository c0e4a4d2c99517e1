from rest_framework.routers import SimpleRouter

from .views import EnforcementCaseViewSet, PenaltyDecisionViewSet

router = SimpleRouter()
router.register("enforcement-cases", EnforcementCaseViewSet, basename="enforcement-case")
router.register("penalty-decisions", PenaltyDecisionViewSet, basename="penalty-decision")
urlpatterns = router.urls
