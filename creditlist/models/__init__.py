from .catalogue import CreditGround, JointMeasure
from .entry import CreditEntry
from .partner import PartnerQueryLog
from .removal import EarlyRemovalApplication

__all__ = ["CreditEntry", "CreditGround", "EarlyRemovalApplication", "JointMeasure", "PartnerQueryLog"]
