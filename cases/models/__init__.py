from .assistance import AssistanceRequest, AssistanceType, IPType

__all__ = ["AssistanceRequest", "AssistanceType", "IPType"]
