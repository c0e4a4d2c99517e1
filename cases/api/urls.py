from casemgmt.api.routers import Router

from .arbitration import ArbitrationReferralViewSet
from .assistance import AssistanceRequestViewSet
from .mediation import MediationCaseViewSet, MediationSessionCalendarViewSet
from .referrals import EnforcementReferralViewSet

router = Router()
router.register("assistance-requests", AssistanceRequestViewSet, basename="assistance-request")
router.register("enforcement-referrals", EnforcementReferralViewSet, basename="enforcement-referral")
router.register("mediations", MediationCaseViewSet, basename="mediation")
router.register("mediation-sessions", MediationSessionCalendarViewSet, basename="mediation-session")
router.register("arbitration-referrals", ArbitrationReferralViewSet, basename="arbitration-referral")
urlpatterns = router.urls
