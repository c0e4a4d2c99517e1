"""Who may fire which transition of a mediation case (DOMAIN §2), and the pure guards."""

import re

from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow
from casemgmt.workflow.transitions import Condition

# The intake clerk registers the application and records what the respondent answered.
intake = Allow(Role.INTAKE_CLERK, Role.CENTRE_HEAD, awaits=(Role.INTAKE_CLERK,))
# Withdrawal happens when the applicant asks for it: it never waits on anyone.
withdrawal = Allow(Role.INTAKE_CLERK, Role.CENTRE_HEAD, awaits=())
# The centre head decides on acceptance and chooses the mediator.
centre_head = Allow(Role.CENTRE_HEAD)
# Replacing a mediator mid-way is an exception, not a task anybody is chased for.
reassignment = Allow(Role.CENTRE_HEAD, awaits=())
# The mediator runs the case; the head may step in on any case of the area.
assigned_mediator = Allow(
    Role.HANDLER, assignee="mediator", regardless_of_assignment=(Role.CENTRE_HEAD,), awaits=(Role.HANDLER,)
)
# Registering an application by hand (a referral or an adjudication opens one by its own transition).
registration = Allow(Role.INTAKE_CLERK, Role.CENTRE_HEAD, awaits=())
# Correcting the case's details: the intake clerk and the head on any case, a mediator on their own.
case_editors = Allow(
    Role.HANDLER,
    assignee="mediator",
    regardless_of_assignment=(Role.INTAKE_CLERK, Role.CENTRE_HEAD),
    awaits=(),
)


def runs_sessions(case, user, session=None) -> bool:
    """The case's mediator (or the head) books and edits its sessions; a co-mediator keeps the
    minutes of the session they chaired."""
    if assigned_mediator(case, user):
        return True
    return (
        session is not None
        and user is not None
        and getattr(user, "is_active", False)
        and session.mediator_id is not None
        and session.mediator_id == user.pk
    )


CONSENTED = "consented"

awaiting_response = Condition(lambda m: not m.respondent_response, "已登记被申请人对调解的意见。")
respondent_consented = Condition(
    lambda m: m.respondent_response == CONSENTED,
    "被申请人尚未同意调解，不能受理（《人民调解法》第十七条：当事人一方明确拒绝调解的，不得调解）。",
)
has_mediator = Condition(lambda m: m.mediator_id is not None, "尚未指派调解员。")
court_entrusted = Condition(lambda m: m.is_court_entrusted, "只有法院委派或委托的调解案件才有委托调解期限。")
court_period_not_extended = Condition(
    lambda m: m.court_extension_approved_on is None, "委托调解期限已经延长过一次，不能再次延长。"
)
review_not_extended = Condition(lambda m: m.confirmation_review_extended_on is None, "法院审查期限已经延长过一次。")

# 人民法院案号: （年份）+ 法院代字 + 类型代字 + 顺序号 + 号, e.g. (2026)晋05民初123号.
_COURT_CASE_NUMBER = re.compile(r"^\((19|20)\d{2}\)[^\s()]+\d+号$")


def clean_court_case_number(value: str) -> str:
    """The case number in one spelling (half-width brackets, no spaces) so it can be found
    whichever way it was typed; ValueError with a Chinese message when it is not one."""
    compact = "".join((value or "").split()).replace("（", "(").replace("）", ")")
    if not _COURT_CASE_NUMBER.match(compact):
        raise ValueError("法院案号格式应如“(2026)晋05民初123号”。")
    return compact
