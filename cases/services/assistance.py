"""Writes of rights-protection assistance requests (DOMAIN §1). State changes go through
casemgmt.workflow.services.fire_transition; the effects below follow them (cases.effects)."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_assign, deadline_open, deadlines_for_object_close
from casemgmt.errors import Invalid
from casemgmt.notifications.services import notification_create
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.steps import audited_write

from ..models import AssistanceRequest
from ..rules import assistance as rules
from .common import JURISDICTION_FIXED, check_registration, editable_fields, party

_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# What staff may correct while the request is open; the state, the jurisdiction and what the
# workflow writes (handler, opinion, referral…) are not among them.
EDITABLE = {
    "channel",
    "applicant",
    "contact_phone",
    "contact_email",
    "respondent",
    "title",
    "ip_type",
    "assistance_type",
    "facts",
    "claims",
    "handled_elsewhere",
}


def new_tracking_code() -> str:
    """Unguessable public tracking code, e.g. WQ26-7KX3M9QD."""
    suffix = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(8))
    return f"WQ{timezone.localdate():%y}-{suffix}"


@transaction.atomic
def assistance_request_create(
    *, actor, applicant: dict, respondent: dict | None = None, jurisdiction, reason: str = "", **fields
) -> AssistanceRequest:
    """Register an application at the counter or by phone (actor: centre staff), or as a member
    of the public (actor None, e.g. online): the history names the applicant then.

    Raises Forbidden when the actor may not register applications in that area."""
    request = AssistanceRequest(
        jurisdiction=jurisdiction, created_by=actor, tracking_code=new_tracking_code(), **fields
    )
    if actor is not None:
        check_registration(request, actor, rules.registration, forbidden="您无权在该区划登记维权援助申请。")
    request.applicant = party(applicant)
    request.respondent = party(respondent)
    request.save()
    public_name = "" if actor is not None else f"申请人 {request.applicant.name}（{request.get_channel_display()}）"
    record_creation(request, actor=actor, reason=reason or "登记申请", public_name=public_name)
    deadline_open(
        request,
        kind="acceptance_decision",
        label="受理审查时限",
        legal_basis="分中心服务规范（本地设置）",
        start=timezone.localdate(),
        rule="working_days",
        amount=settings.ASSISTANCE_ACCEPTANCE_WORKING_DAYS,
    )
    index_on_commit(request)
    return request


def assistance_request_update(request: AssistanceRequest, *, actor, reason: str = "", **fields) -> AssistanceRequest:
    """Correct the application's details while it is open; one history row with each change
    (old → new). Parties are Party rows or registry dicts; the jurisdiction stays as registered.

    Raises NotFound, Forbidden, or Invalid (a closed request, a field that cannot be edited,
    nothing changed)."""
    with audited_write(
        request,
        "edit",
        "修改申请信息",
        actor=actor,
        permission=rules.editors,
        reason=reason,
        forbidden="您无权修改该维权援助申请。",
        require_change=True,
    ) as write:
        locked = write.obj
        if locked.state not in AssistanceRequest.OPEN_STATES:
            raise Invalid("输入有误。", {"state": ["已办结或已撤回的申请不能修改。"]})
        values = editable_fields(locked, fields, editable=EDITABLE, fixed={"jurisdiction": JURISDICTION_FIXED})
        for name in ("applicant", "respondent"):
            if name in values:
                values[name] = party(values[name])
        if "applicant" in values and values["applicant"] is None:
            raise Invalid("输入有误。", {"applicant": ["请填写申请人。"]})
        write.edit(locked, **values)
    return locked


def acceptance_decided(request, log, payload):
    deadlines_for_object_close(request, kinds=["acceptance_decision"])
    if log.transition == "accept":
        deadline_open(
            request,
            kind="completion",
            label="办结时限",
            legal_basis="分中心服务规范（本地设置）",
            start=timezone.localdate(),
            rule="working_days",
            amount=settings.ASSISTANCE_COMPLETION_WORKING_DAYS,
        )


def handler_assigned(request, log, payload):
    for deadline in deadlines_for(request):
        if deadline.kind == "completion" and deadline.status in ("open", "overdue"):
            deadline_assign(deadline, responsible=request.handler)
    notification_create(
        recipient=request.handler,
        title=f"新指派：{request}",
        body=f"{log.actor.display_name if log.actor else '系统'} 指派您承办该维权援助申请。",
        url=request.get_absolute_url(),
    )


def completed(request, log, payload):
    deadlines_for_object_close(request, kinds=["completion"])


def correction_answered(request, log, payload):
    """The applicant answered a correction request online: the centre's intake clerks and heads who
    see the application are told, so that it is examined again (and accepted once complete)."""
    from casemgmt.org.models import Role, User
    from casemgmt.org.scoping import may_see_jurisdiction

    staff = User.objects.filter(is_active=True, role__in=[Role.INTAKE_CLERK, Role.CENTRE_HEAD])
    for user in staff:
        if may_see_jurisdiction(user, request.jurisdiction_id):
            notification_create(
                recipient=user,
                title=f"申请人已网上补正：{request}",
                body="申请人在网上提交了补正，请重新审查。",
                url=request.get_absolute_url(),
            )
