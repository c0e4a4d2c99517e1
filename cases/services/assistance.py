"""Writes of the branch centre's workflows. State changes go through casemgmt.workflow.services."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_assign, deadline_open, deadlines_for_object_close
from casemgmt.notifications.services import notification_create
from casemgmt.parties.services import party_get_or_create
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.hooks import on_transition
from casemgmt.workflow.services import record_creation

from ..models import AssistanceRequest

_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    """Unguessable public tracking code, e.g. WQ26-7KX3M9QD."""
    suffix = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(8))
    return f"WQ{timezone.localdate():%y}-{suffix}"


@transaction.atomic
def assistance_request_create(
    *, actor, applicant: dict, respondent: dict | None = None, jurisdiction, **fields
) -> AssistanceRequest:
    """Register an application (at the counter, by phone, or online with actor=None)."""
    request = AssistanceRequest(
        jurisdiction=jurisdiction,
        created_by=actor,
        applicant=party_get_or_create(**applicant),
        respondent=party_get_or_create(**respondent) if respondent else None,
        tracking_code=new_tracking_code(),
        **fields,
    )
    request.save()
    record_creation(request, actor=actor, reason="登记申请")
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


@transaction.atomic
def assistance_request_update(request: AssistanceRequest, *, actor, **fields) -> AssistanceRequest:
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    index_on_commit(request)
    return request


@on_transition(AssistanceRequest, "accept", "reject", "withdraw")
def _acceptance_decided(request, log, payload):
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


@on_transition(AssistanceRequest, "assign")
def _handler_assigned(request, log, payload):
    for deadline in deadlines_for(request):
        if deadline.kind == "completion" and deadline.status in ("open", "overdue"):
            deadline_assign(deadline, responsible=request.handler)
    notification_create(
        recipient=request.handler,
        title=f"新指派：{request}",
        body=f"{log.actor.display_name if log.actor else '系统'} 指派您承办该维权援助申请。",
        url=request.get_absolute_url(),
    )


@on_transition(AssistanceRequest, "approve_and_close", "record_referral_receipt", "withdraw")
def _completed(request, log, payload):
    deadlines_for_object_close(request, kinds=["completion"])
