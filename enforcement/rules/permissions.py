"""Who may fire the enforcement transitions. Each bureau acts in its own name: besides the role
(and the assignment, for officers), the user must belong to the bureau holding the case, so the
city bureau's head does not decide a county bureau's case and nobody acts across jurisdictions."""

from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow


class BureauAllow(Allow):
    def __call__(self, instance, user) -> bool:
        if not super().__call__(instance, user):
            return False
        return user.jurisdiction_id is not None and user.jurisdiction_id == instance.jurisdiction_id


# A clue is worked on by any officer of the bureau until the case is filed with named officers.
clue_staff = BureauAllow(Role.OFFICER, Role.AGENCY_HEAD, awaits=(Role.OFFICER,))
# Field work of a filed case: the assigned officers; the head may act on any case of the bureau.
case_officers = BureauAllow(
    Role.OFFICER, assignee="officers", regardless_of_assignment=(Role.AGENCY_HEAD,), awaits=(Role.OFFICER,)
)
# 机关负责人: filing decisions, extensions, suspensions, decisions, criminal transfers, closing.
agency_head = BureauAllow(Role.AGENCY_HEAD)
# Extensions are asked for when needed, not a task anyone is chased for.
agency_head_on_request = BureauAllow(Role.AGENCY_HEAD, awaits=())
# 法制审核 is done by the bureau's legal reviewers.
legal_reviewer = BureauAllow(Role.LEGAL_REVIEWER)
# What the party did (a statement, a hearing request) is recorded by the officers when it arrives.
party_reply = BureauAllow(Role.OFFICER, assignee="officers", regardless_of_assignment=(Role.AGENCY_HEAD,), awaits=())
# Steps any officer of the bureau may record whoever handles the case (withdrawals, archiving).
bureau_staff = BureauAllow(Role.OFFICER, Role.AGENCY_HEAD, awaits=())
