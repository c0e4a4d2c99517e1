"""/api/agencies/, /api/inspectors/ (the two directories), /api/inspection-items/ and
/api/annual-plans/."""

from casemgmt.api.routers import Router

from .directory import AgencyViewSet, InspectorViewSet
from .plans import AnnualPlanViewSet, InspectionItemViewSet

router = Router()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("inspectors", InspectorViewSet, basename="inspector")
router.register("inspection-items", InspectionItemViewSet, basename="inspection-item")
router.register("annual-plans", AnnualPlanViewSet, basename="annual-plan")
urlpatterns = router.urls
