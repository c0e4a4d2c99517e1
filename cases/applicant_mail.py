"""E-mail to applicants who gave an address (issue 14 item 6): acceptance or rejection, correction
requests and closing, each with the link to follow the application on the public portal.

A transition's effect only queues the message in the task outbox (casemgmt.jobs.outbox), inside
the transition's transaction: a rolled-back transition leaves no mail behind, and a mail server
that fails never undoes a committed transition (the task retries on its own). The message says
only what the applicant may read on the portal (cases.public.selectors): no staff names, and of
the reasons only those addressed to the applicant."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.http import urlencode

from casemgmt.jobs.once import once
from casemgmt.jobs.outbox import task_enqueue
from casemgmt.workflow.models import TransitionLog

from .models import AssistanceRequest
from .public.selectors import REASONS_FOR_THE_APPLICANT

CENTRE = "晋城市知识产权维权援助分中心"
TASK = "cases.tasks.send_applicant_mail"


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str
    to: str


# transition -> (subject, opening sentence)
_MESSAGES = {
    "accept": ("您的维权援助申请已受理", "您提交的维权援助申请已经受理，分中心将安排承办人办理。"),
    "reject": ("您的维权援助申请不予受理", "经审查，您提交的维权援助申请不予受理。"),
    "request_correction": (
        "您的维权援助申请需要补正",
        "您提交的维权援助申请需要补正。请按下列要求补正：可以凭查询码和联系电话后四位在网上提交补正（可上传材料），也可以送交或邮寄至分中心。",
    ),
    "approve_and_close": ("您的维权援助申请已办结", "您的维权援助申请已经办结。援助意见仅供参考。"),
    "record_referral_receipt": (
        "您的维权援助申请已办结",
        "您的维权援助申请已转交有关单位办理，并收到其反馈，分中心已办结。",
    ),
}
MAILED_TRANSITIONS = frozenset(_MESSAGES)


def tracking_link(request: AssistanceRequest, *, correction: bool = False) -> str:
    path = reverse("public:correction" if correction else "public:status")
    return f"{settings.PUBLIC_SITE_URL}{path}?{urlencode({'code': request.tracking_code})}"


def applicant_mail(request: AssistanceRequest, log: TransitionLog) -> Mail | None:
    """The message for this history row, or None (no address, or a step the applicant is not told)."""
    if not request.contact_email or log.transition not in _MESSAGES:
        return None
    subject, opening = _MESSAGES[log.transition]
    lines = [
        f"{request.applicant.name}：",
        "",
        opening,
        "",
        f"事项：{request.title}",
        f"查询码：{request.tracking_code}",
    ]
    if log.transition in REASONS_FOR_THE_APPLICANT and log.reason:
        lines += ["", ("补正要求：" if log.transition == "request_correction" else "理由：") + log.reason]
    correction = log.transition == "request_correction"
    lines += [
        "",
        ("在线补正：" if correction else "查询进度：") + tracking_link(request, correction=correction),
        "（查询和补正时需要填写您申请时留的联系电话的后四位。）",
        "",
        CENTRE,
        "本邮件由系统自动发送，请勿直接回复。",
    ]
    return Mail(subject=f"{subject}（查询码 {request.tracking_code}）", body="\n".join(lines), to=request.contact_email)


def applicant_mail_queue(request: AssistanceRequest, log: TransitionLog, payload) -> None:
    """Effect of the mailed transitions (cases.effects): queue the message for after the commit."""
    if request.contact_email and log.transition in MAILED_TRANSITIONS:
        task_enqueue(TASK, request.pk, log.pk)


def applicant_mail_send(request_id: int, log_id: int) -> bool:
    """Send the message of one history row (the task's body). Reads everything again; sent once per
    history row even when the task runs again (a redelivery after its worker died). False when
    there is nothing to send (no address any more) or it was sent before."""
    request = AssistanceRequest.objects.select_related("applicant").filter(pk=request_id).first()
    log = TransitionLog.objects.filter(pk=log_id).first()
    if request is None or log is None:
        return False
    mail = applicant_mail(request, log)
    if mail is None:
        return False
    return once(
        f"applicant-mail:{log.pk}",
        lambda: send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], fail_silently=False),
    )
