from rest_framework.routers import SimpleRouter

from .assistance import AssistanceRequestViewSet
from .referrals import EnforcementReferralViewSet

router = SimpleRouter()
router.register("assistance-requests", AssistanceRequestViewSet, basename="assistance-request")
router.register("enforcement-referrals", EnforcementReferralViewSet, basename="enforcement-referral")
urlpatterns = router.urls
