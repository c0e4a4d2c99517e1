from .directory import Agency, Inspector, InspectorConflict
from .plans import AnnualPlan, InspectionItem, PlanClassRule
from .spot_checks import SlotRedraw, SpotCheck, SpotCheckTarget, TargetInspector, TargetResult

__all__ = [
    "Agency",
    "AnnualPlan",
    "InspectionItem",
    "Inspector",
    "InspectorConflict",
    "PlanClassRule",
    "SlotRedraw",
    "SpotCheck",
    "SpotCheckTarget",
    "TargetInspector",
    "TargetResult",
]
