from .case import CaseParty, EnforcementCase
from .decisions import PenaltyDecision, PenaltyPayment

__all__ = ["CaseParty", "EnforcementCase", "PenaltyDecision", "PenaltyPayment"]
from .inspections import Evidence, Inspection, InspectionOfficer, InspectionPerson, Seizure  # noqa: E402

__all__ += ["Evidence", "Inspection", "InspectionOfficer", "InspectionPerson", "Seizure"]
from .execution import NationalOfficeReferral, PaymentArrangement, PaymentInstalment, RemedyProceeding  # noqa: E402

__all__ += ["NationalOfficeReferral", "PaymentArrangement", "PaymentInstalment", "RemedyProceeding"]
