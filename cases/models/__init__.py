from .assistance import AssistanceRequest, AssistanceType, IPType
from .referrals import EnforcementReferral

__all__ = ["AssistanceRequest", "AssistanceType", "EnforcementReferral", "IPType"]
