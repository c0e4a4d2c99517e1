"""Referral of an assistance request to enforcement or adjudication (DOMAIN §1): the record is
opened by the request's "refer" transition (whose permission allowed it) and answered by the
bureau through its own transitions; nothing else writes it."""

from casemgmt.notifications.services import notification_create
from casemgmt.org.models import Role
from casemgmt.org.scoping import answering_users
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import record_creation

from ..documents import issue_referral_letter
from ..models import AssistanceRequest, EnforcementReferral
from .common import actor_of

TARGETS = {
    AssistanceRequest.ReferralTarget.ENFORCEMENT: EnforcementReferral.Target.ENFORCEMENT,
    AssistanceRequest.ReferralTarget.ADJUDICATION: EnforcementReferral.Target.ADJUDICATION,
}


def create_enforcement_referral(request, log, payload):
    target = TARGETS.get(request.referral_target)
    if target is None:
        return
    actor = actor_of(log)
    referral = EnforcementReferral.objects.create(
        jurisdiction_id=request.jurisdiction_id,
        created_by=log.actor,
        assistance_request=request,
        target=target,
        receiving_unit=request.referral_unit,
        summary=f"{request.title}\n{request.facts}",
    )
    record_creation(referral, actor=actor, reason=log.reason or "维权援助申请转交执法")
    issue_referral_letter(request, referral, log)
    index_on_commit(referral)
    bureau = answering_users(Role.AGENCY_HEAD, request.jurisdiction)
    for head in bureau:
        notification_create(
            recipient=head,
            title=f"收到移送：{request.title}",
            url=referral.get_absolute_url(),
            dedupe_key=f"referral:{referral.pk}",
        )
