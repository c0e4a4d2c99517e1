"""Who may act on a publication. Publishing is the authority's own act: besides the role, the
user must belong to the jurisdiction whose authority published (or will publish) the item."""

from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow, SystemOnly


class AuthorityAllow(Allow):
    def __call__(self, instance, user) -> bool:
        if not super().__call__(instance, user):
            return False
        return user.jurisdiction_id is not None and user.jurisdiction_id == instance.jurisdiction_id


REVIEWERS = (Role.LEGAL_REVIEWER, Role.AGENCY_HEAD)

# 法制审核人员 or 机关负责人 review the masked text and publish it; they are chased for pending items
# and for items whose decision was changed or revoked.
reviewer = AuthorityAllow(*REVIEWERS)
# Corrections and credit repair happen on request: allowed, but nobody is chased for them.
reviewer_on_request = AuthorityAllow(*REVIEWERS, awaits=())
system_only = SystemOnly()
