"""What the applicant may see of their own application: states and dates, never staff names or
internal reasons; only the correction request and the rejection reason, which are addressed to them."""

import hmac
import re
from dataclasses import dataclass

from django.utils import timezone

from casemgmt.workflow.selectors import history_of

from ..models import AssistanceRequest

State = AssistanceRequest.State

_TRACKING_CODE = re.compile(r"^[A-Z0-9-]{4,20}$")

# The centre's internal quality review is not a step of the applicant's matter.
INTERNAL_TRANSITIONS = frozenset({"submit_for_review", "return_for_revision"})
REASONS_FOR_THE_APPLICANT = frozenset({"request_correction", "reject"})
PUBLIC_STATE_LABELS = {State.UNDER_REVIEW: "办理中"}
PUBLIC_EVENT_LABELS = {
    "create": "提交申请",
    "request_correction": "通知补正",
    "resubmit": "补正后重新提交",
    "answer_correction": "网上提交补正",
    "accept": "受理",
    "reject": "不予受理",
    "assign": "安排承办人",
    "start": "开始办理",
    "approve_and_close": "办结",
    "refer": "转交有关单位办理",
    "record_referral_receipt": "收到接收单位反馈，办结",
    "follow_up": "满意度回访",
    "archive": "归档",
    "withdraw": "撤回申请",
}
CORRECTION_INSTRUCTIONS = (
    "请按上述要求补正：可以在网上提交补正（凭查询码和联系电话后四位，可上传材料），也可以送交或邮寄至"
    "维权援助分中心，或来电说明；工作人员收到补正后将重新审查。"
)


@dataclass(frozen=True)
class PublicEvent:
    date: object
    label: str
    state_label: str
    reason: str


@dataclass(frozen=True)
class PublicStatus:
    tracking_code: str
    title: str
    state: str
    state_label: str
    submitted_on: object
    timeline: list
    action_required: dict | None
    rejection_reason: str | None


def public_state_label(state: str) -> str:
    return PUBLIC_STATE_LABELS.get(state) or str(State(state).label)


def normalize_tracking_code(value: str) -> str:
    return (value or "").strip().upper()


def _last_four_digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-4:]


def application_for_applicant(tracking_code: str, phone_last4: str) -> AssistanceRequest | None:
    """The application when both the code and the phone's last four digits match; a wrong code and
    wrong digits give the same None."""
    code = normalize_tracking_code(tracking_code)
    if not _TRACKING_CODE.match(code):
        return None
    request = AssistanceRequest.objects.filter(tracking_code=code).first()
    # Compared in constant time, and against a dummy when the code is unknown, so timing says nothing.
    expected = _last_four_digits(request.contact_phone) if request else "----"
    matches = hmac.compare_digest(expected.encode(), (phone_last4 or "").encode())
    return request if request is not None and matches else None


def public_status(request: AssistanceRequest) -> PublicStatus:
    events, reasons = [], {}
    for log in history_of(request):
        if log.transition in INTERNAL_TRANSITIONS:
            continue
        reason = log.reason if log.transition in REASONS_FOR_THE_APPLICANT else ""
        if reason:
            reasons[log.transition] = reason
        events.append(
            PublicEvent(
                date=timezone.localdate(log.at),
                label=PUBLIC_EVENT_LABELS.get(log.transition) or public_state_label(log.target),
                state_label=public_state_label(log.target),
                reason=reason,
            )
        )
    action_required = None
    if request.state == State.NEEDS_CORRECTION:
        action_required = {"reason": reasons.get("request_correction", ""), "instructions": CORRECTION_INSTRUCTIONS}
    return PublicStatus(
        tracking_code=request.tracking_code,
        title=request.title,
        state=request.state,
        state_label=public_state_label(request.state),
        submitted_on=timezone.localdate(request.created_at),
        timeline=events,
        action_required=action_required,
        rejection_reason=reasons.get("reject") if request.state == State.REJECTED else None,
    )
