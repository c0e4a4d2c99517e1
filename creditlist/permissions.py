"""Who may act on an entry. The bureau that decided (or will decide) the listing acts in its own
name: besides the role, the user must belong to the entry's jurisdiction. Credit officers propose
and manage entries; legal reviewers and the bureau's head decide; the level above consents; the
system acts by rule (automatic proposals, cascades, expiry, online applications)."""

from casemgmt.org.models import Role
from casemgmt.workflow.actors import is_system
from casemgmt.workflow.permissions import Allow, SystemOnly


class BureauAllow(Allow):
    def __call__(self, instance, user) -> bool:
        if not super().__call__(instance, user):
            return False
        return user.jurisdiction_id is not None and user.jurisdiction_id == instance.jurisdiction_id


class BureauOrSystem(BureauAllow):
    """The bureau's staff in these roles, or the system applying a rule."""

    def __call__(self, instance, user) -> bool:
        return is_system(user) or super().__call__(instance, user)

    def describe(self) -> str:
        return f"{super().describe()}或系统自动"


class ConsentAllow(Allow):
    """The bureau's credit officer records the level above's reply; the head of the level above
    (the city bureau, for a county's entry) may record its consent itself."""

    def __call__(self, instance, user) -> bool:
        if not super().__call__(instance, user):
            return False
        if user.jurisdiction_id is None:
            return False
        if user.jurisdiction_id == instance.jurisdiction_id:
            return user.role == Role.CREDIT_OFFICER
        parent = instance.jurisdiction.parent_id
        return user.role == Role.AGENCY_HEAD and parent is not None and user.jurisdiction_id == parent

    def describe(self) -> str:
        return "本机关信用管理人员（登记上一级意见）、上一级机关负责人"


CREDIT_STAFF = (Role.CREDIT_OFFICER,)
DECIDERS = (Role.LEGAL_REVIEWER, Role.AGENCY_HEAD)

credit_officer = BureauAllow(Role.CREDIT_OFFICER)
# Recorded when the party's reply arrives: allowed, but nobody is chased for it.
party_reply = BureauAllow(Role.CREDIT_OFFICER, awaits=())
deciders = BureauAllow(*DECIDERS)
agency_head = BureauAllow(Role.AGENCY_HEAD)
consent = ConsentAllow(Role.CREDIT_OFFICER, Role.AGENCY_HEAD)
# An application for early removal: registered at the counter, or online (the system records it).
removal_request = BureauOrSystem(Role.CREDIT_OFFICER, awaits=())
# Revocation: the head (e.g. the listing was wrong), or the system when the penalty is annulled.
revokers = BureauOrSystem(Role.AGENCY_HEAD, awaits=())
system_only = SystemOnly()
