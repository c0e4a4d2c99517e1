from casemgmt.api.routers import Router

from .views import EnforcementCaseViewSet, PenaltyDecisionViewSet

router = Router()
router.register("enforcement-cases", EnforcementCaseViewSet, basename="enforcement-case")
router.register("penalty-decisions", PenaltyDecisionViewSet, basename="penalty-decision")
urlpatterns = router.urls

# Inspections (raids), their evidence, and seizures are nested under their case.
from .inspections import InspectionViewSet, SeizureViewSet  # noqa: E402

case_children = Router()
case_children.register(
    r"enforcement-cases/(?P<case_pk>[0-9]{1,18})/inspections", InspectionViewSet, basename="enforcement-inspection"
)
case_children.register(
    r"enforcement-cases/(?P<case_pk>[0-9]{1,18})/seizures", SeizureViewSet, basename="enforcement-seizure"
)
urlpatterns += case_children.urls
