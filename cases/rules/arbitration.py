"""Who follows an arbitration/litigation referral (DOMAIN §2), and the written-agreement rule."""

from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow

# The receiving body's notices reach the centre by post as often as through the handler:
# the clerk and the head may record them on any referral, the handler on their own.
follow_up = Allow(
    Role.HANDLER,
    assignee="handler",
    regardless_of_assignment=(Role.INTAKE_CLERK, Role.CENTRE_HEAD),
    awaits=(Role.HANDLER,),
)

# Registering a referral by hand (a failed mediation opens one by its own transition), and
# correcting it until the receiving body answers: the clerk and the head on any referral of their
# area, a handler on those they follow up.
registration = Allow(Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, awaits=())
editors = Allow(
    Role.HANDLER, assignee="handler", regardless_of_assignment=(Role.INTAKE_CLERK, Role.CENTRE_HEAD), awaits=()
)

ARBITRATION = "arbitration"


def arbitration_agreement_errors(kind: str, agreed_on, agreement: str) -> dict:
    """Arbitration needs a written arbitration agreement (《仲裁法》第四条、第十六条): its date
    and its text or a reference to where it is written. Field errors, empty when fine."""
    if kind != ARBITRATION:
        return {}
    errors = {}
    if agreed_on is None:
        errors["arbitration_agreement_on"] = ["申请仲裁须有书面仲裁协议：请填写仲裁协议的订立日期。"]
    if not (agreement or "").strip():
        errors["arbitration_agreement"] = ["申请仲裁须有书面仲裁协议：请填写协议内容或所在合同条款。"]
    return errors


# Which documents end a matter before each kind of receiving body.
OUTCOMES_BY_KIND = {
    ARBITRATION: {"award", "arbitration_mediation_statement", "ruling"},
    "litigation": {"judgment", "court_mediation_statement", "ruling"},
    "adjudication": {"adjudication_decision", "ruling"},
}
