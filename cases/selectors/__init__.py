from .assistance import CENTRE_READERS, assistance_requests_visible_to
from .referrals import enforcement_referrals_visible_to

__all__ = ["CENTRE_READERS", "assistance_requests_visible_to", "enforcement_referrals_visible_to"]
