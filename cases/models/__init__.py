from .arbitration import ArbitrationReferral
from .assistance import AssistanceRequest, AssistanceType
from .mediation import MediationCase, MediationSession
from .referrals import EnforcementReferral

__all__ = [
    "ArbitrationReferral",
    "AssistanceRequest",
    "AssistanceType",
    "EnforcementReferral",
    "MediationCase",
    "MediationSession",
]
