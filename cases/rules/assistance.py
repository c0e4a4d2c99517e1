"""Who may fire which transition of the branch centre's workflows, and the pure guards."""

from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow, SystemOnly
from casemgmt.workflow.transitions import Condition, Fix

CENTRE_STAFF = (Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD)

# Assistance requests (DOMAIN §1)
intake = Allow(Role.INTAKE_CLERK, Role.CENTRE_HEAD, awaits=(Role.INTAKE_CLERK,))
# Withdrawal happens when the applicant asks for it: it never waits on anyone.
withdrawal = Allow(Role.INTAKE_CLERK, Role.CENTRE_HEAD, awaits=())
centre_head = Allow(Role.CENTRE_HEAD)
assigned_handler = Allow(
    Role.HANDLER, assignee="handler", regardless_of_assignment=(Role.CENTRE_HEAD,), awaits=(Role.HANDLER,)
)
follow_up_staff = Allow(Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, awaits=(Role.INTAKE_CLERK,))
# Registering an application at the counter or by phone, and correcting its details while it is
# open: any of the centre's staff (an online application has no staff actor).
registration = Allow(*CENTRE_STAFF, awaits=())
editors = Allow(*CENTRE_STAFF, awaits=())
# The applicant answering a correction request on the public portal (tracking code and phone
# digits checked by cases.public): no staff member acts, the system records it by this rule.
online_applicant = SystemOnly()
ONLINE_CORRECTION_RULE = "申请人凭查询码和联系电话后四位在网上提交补正"

# Staff add the respondent on the edit page, or the applicant names them in an online correction.
has_counterparty = Condition(
    lambda r: r.respondent_id is not None,
    "申请未列明明确的对方当事人，不能受理。",
    fix=Fix("web:object-edit", "补充对方当事人", anchor="respondent", permission=editors),
)
has_facts = Condition(lambda r: bool((r.facts or "").strip()), "申请未载明事实和理由，不能受理。")
has_handler = Condition(lambda r: r.handler_id is not None, "尚未指派承办人。")
has_opinion = Condition(lambda r: bool((r.opinion or "").strip()), "尚未形成援助意见。")
