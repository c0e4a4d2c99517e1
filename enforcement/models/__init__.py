from .case import CaseParty, EnforcementCase
from .decisions import PenaltyDecision, PenaltyPayment

__all__ = ["CaseParty", "EnforcementCase", "PenaltyDecision", "PenaltyPayment"]
