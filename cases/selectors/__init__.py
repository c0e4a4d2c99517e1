from .arbitration import arbitration_referrals_visible_to
from .assistance import CENTRE_READERS, assistance_requests_visible_to
from .mediation import mediation_sessions_of, mediations_visible_to, sessions_between
from .referrals import enforcement_referrals_visible_to

__all__ = [
    "CENTRE_READERS",
    "arbitration_referrals_visible_to",
    "assistance_requests_visible_to",
    "enforcement_referrals_visible_to",
    "mediation_sessions_of",
    "mediations_visible_to",
    "sessions_between",
]
