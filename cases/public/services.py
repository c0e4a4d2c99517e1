"""The online application: the same registration service as the counter, with the files. No
staff member acts: the history names the applicant ("申请人 张三（网上申请）")."""

from django.db import transaction
from django.utils import timezone

from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.files.models import Attachment
from casemgmt.files.services import CheckedUpload, attachment_discard_stored, attachment_store
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.services import fire_transition

from ..models import AssistanceRequest
from ..rules import assistance as rules
from ..services.assistance import assistance_request_create
from ..services.common import party
from .limits import applications_per_phone_per_day
from .selectors import application_for_applicant


def _refuse_over_daily_limit(contact_phone: str) -> None:
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    submitted_today = AssistanceRequest.objects.filter(
        channel=AssistanceRequest.Channel.ONLINE, contact_phone=contact_phone, created_at__gte=start_of_day
    ).count()
    limit = applications_per_phone_per_day()
    if submitted_today >= limit:
        raise Invalid(
            "输入有误。",
            {
                "contact_phone": [
                    f"该号码今天已提交 {submitted_today} 件网上申请，已达每日上限（{limit} 件）。"
                    "如需补充材料，请等待工作人员联系，或明天再提交。"
                ]
            },
        )


def public_application_submit(
    *,
    applicant: dict,
    contact_phone: str,
    contact_email: str = "",
    jurisdiction,
    title: str,
    ip_type: str,
    assistance_type: str,
    facts: str,
    claims: str = "",
    respondent: dict | None = None,
    attachments: list[CheckedUpload] = (),
    privacy_consent: bool,
) -> AssistanceRequest:
    """Register an online application (no staff actor) with its already-checked files.

    All or nothing: the request, its parties, history, deadline and attachment rows are written in
    one transaction, and if it fails the files already stored are removed again. Raises Invalid
    (no consent, the phone's daily limit reached).
    """
    if not privacy_consent:
        raise Invalid("输入有误。", {"privacy_consent": ["请阅读并同意《个人信息保护告知》后再提交。"]})
    _refuse_over_daily_limit(contact_phone)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            request = assistance_request_create(
                actor=None,
                channel=AssistanceRequest.Channel.ONLINE,
                applicant=applicant,
                respondent=respondent,
                jurisdiction=jurisdiction,
                contact_phone=contact_phone,
                contact_email=contact_email,
                title=title,
                ip_type=ip_type,
                assistance_type=assistance_type,
                facts=facts,
                claims=claims,
                privacy_consent_at=timezone.now(),
                reason="网上提交申请",
            )
            for checked in attachments:
                stored.append(
                    attachment_store(checked, owner=request, kind=Attachment.Kind.APPLICATION_MATERIAL, actor=None)
                )
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return request


def public_correction_answer(
    *,
    tracking_code: str,
    phone_last4: str,
    statement: str,
    respondent: dict | None = None,
    attachments: list[CheckedUpload] = (),
) -> AssistanceRequest:
    """The applicant answers a correction request (补正) on the portal: the respondent they name (from
    the party registry, registered if new), their statement and files go through the
    `answer_correction` transition, which returns the application to `submitted` for examination.

    All or nothing, like the application itself. Raises NotFound (code and digits do not match),
    Conflict (the application awaits no correction), Invalid."""
    request = application_for_applicant(tracking_code, phone_last4)
    if request is None:
        raise NotFound("未找到该申请。请核对查询码和联系电话后四位。")
    if request.state != AssistanceRequest.State.NEEDS_CORRECTION:
        raise Conflict(f"该申请当前状态为“{request.state_label}”，不需要补正。")
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            named, statement = _respondent_named(request, respondent, statement)
            for checked in attachments:
                stored.append(
                    attachment_store(
                        checked,
                        owner=request,
                        kind=Attachment.Kind.APPLICATION_MATERIAL,
                        actor=None,
                        description="申请人网上补正材料",
                    )
                )
            request = fire_transition(
                request,
                "answer_correction",
                actor=SystemActor(rules.ONLINE_CORRECTION_RULE),
                reason="申请人网上提交补正",
                payload={
                    "statement": statement,
                    "respondent": named.pk if named is not None else None,
                    "attachment_names": [attachment.original_name for attachment in stored],
                },
            )
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return request


def _respondent_named(request: AssistanceRequest, respondent: dict | None, statement: str):
    """The respondent an answer names, and the statement to record. The portal cannot show the
    respondent on file, so an applicant asked for its address names it again, by name alone: that
    is the application's own respondent, kept (a code-less copy would replace the one with its
    code); the address typed for it goes into the recorded statement for the clerk to enter."""
    current = request.respondent
    if (
        respondent
        and current is not None
        and not respondent.get("credit_code")
        and not respondent.get("id_number")
        and respondent.get("name", "").strip() == current.name
    ):
        address = (respondent.get("address") or "").strip()
        if address and address != current.address and address not in statement:
            statement = f"{statement}\n对方地址：{address}"
        return current, statement
    return party(respondent), statement
