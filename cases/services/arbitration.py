"""Referrals to arbitration, litigation or patent-dispute adjudication (DOMAIN §2): created
directly or from a failed mediation, followed until the receiving body's outcome is recorded."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_assign, deadline_open, deadlines_for_object_close
from casemgmt.org.models import Role
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons
from casemgmt.parties.models import Party
from casemgmt.parties.services import party_get_or_create
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.hooks import on_transition
from casemgmt.workflow.services import record_creation

from ..models import ArbitrationReferral, MediationCase
from ..rules.arbitration import arbitration_agreement_errors

Kind = ArbitrationReferral.Kind
RECEIVING_ACCEPTANCE = "receiving_acceptance"


def receiving_acceptance_limit(kind: str) -> tuple[str, int, str]:
    """(rule, amount, legal basis) of the receiving body's decision whether to accept."""
    if kind == Kind.ARBITRATION:
        days = int(getattr(settings, "REFERRAL_ARBITRATION_ACCEPTANCE_DAYS", 5))
        return Rule.CALENDAR_DAYS, days, f"《仲裁法》第二十四条：仲裁委员会收到仲裁申请书之日起{days}日内决定是否受理"
    if kind == Kind.LITIGATION:
        days = int(getattr(settings, "REFERRAL_LITIGATION_ACCEPTANCE_DAYS", 7))
        return Rule.CALENDAR_DAYS, days, f"《民事诉讼法》第一百二十六条：符合起诉条件的，应当在{days}日内立案"
    days = int(getattr(settings, "REFERRAL_ADJUDICATION_ACCEPTANCE_WORKING_DAYS", 5))
    return Rule.WORKING_DAYS, days, f"《专利纠纷行政裁决和调解办法》（2025）：{days}个工作日内立案（本地设置，待核实）"


def _party(value) -> Party:
    return value if isinstance(value, Party) else party_get_or_create(**value)


def _handler_errors(handler, jurisdiction_id, parties) -> list[str]:
    if not (handler.is_active and handler.role == Role.HANDLER):
        return ["跟进人须为在岗的承办人/调解员。"]
    if not may_see_jurisdiction(handler, jurisdiction_id):
        return ["该承办人不负责本案所属区划。"]
    return conflict_reasons(handler, parties)


@transaction.atomic
def arbitration_referral_create(
    *,
    actor,
    applicant,
    respondent,
    jurisdiction,
    kind: str,
    receiving_body: str,
    mediation: MediationCase | None = None,
    handler=None,
    reason: str = "登记转介",
    **fields,
) -> ArbitrationReferral:
    """Refer a dispute to the receiving body; arbitration only with a written arbitration agreement."""
    referral = ArbitrationReferral(
        jurisdiction=jurisdiction,
        created_by=actor,
        applicant=_party(applicant),
        respondent=_party(respondent),
        kind=kind,
        receiving_body=receiving_body,
        mediation=mediation,
        handler=handler,
        referred_on=timezone.localdate(),
        **fields,
    )
    errors = arbitration_agreement_errors(kind, referral.arbitration_agreement_on, referral.arbitration_agreement)
    if referral.applicant_id == referral.respondent_id:
        errors["respondent"] = ["申请人与被申请人不能是同一当事人。"]
    if handler is not None:
        handler_errors = _handler_errors(handler, jurisdiction.pk, [referral.applicant, referral.respondent])
        if handler_errors:
            errors["handler"] = handler_errors
    if errors:
        raise ValidationError(errors)
    referral.save()
    record_creation(referral, actor=actor, reason=reason)
    rule, amount, basis = receiving_acceptance_limit(kind)
    deadline_open(
        referral,
        kind=RECEIVING_ACCEPTANCE,
        label=f"{referral.get_kind_display()}受理审查（接收机构）",
        legal_basis=basis,
        start=referral.referred_on,
        rule=rule,
        amount=amount,
        responsible=handler,
    )
    index_on_commit(referral)
    return referral


@transaction.atomic
def arbitration_referral_update(referral: ArbitrationReferral, *, actor, **fields) -> ArbitrationReferral:
    """Correct the referral while the receiving body has not answered yet."""
    locked = ArbitrationReferral.objects.select_for_update().get(pk=referral.pk)
    if locked.state != ArbitrationReferral.State.REFERRED:
        raise ValidationError({"state": ["接收机构已作出答复，转介记录不能再修改。"]})
    for name, value in fields.items():
        setattr(locked, name, _party(value) if name in ("applicant", "respondent") else value)
    errors = arbitration_agreement_errors(locked.kind, locked.arbitration_agreement_on, locked.arbitration_agreement)
    if locked.applicant_id == locked.respondent_id:
        errors["respondent"] = ["申请人与被申请人不能是同一当事人。"]
    if "handler" in fields and locked.handler is not None:
        handler_errors = _handler_errors(locked.handler, locked.jurisdiction_id, [locked.applicant, locked.respondent])
        if handler_errors:
            errors["handler"] = handler_errors
    if errors:
        raise ValidationError(errors)
    locked.save()
    if "handler" in fields:
        for deadline in deadlines_for(locked):
            if deadline.is_active:
                deadline_assign(deadline, responsible=locked.handler)
    index_on_commit(locked)
    return locked


@on_transition(MediationCase, "refer")
def _referral_from_mediation(case, log, payload):
    """A failed mediation goes on to arbitration, a court or adjudication: the referral carries
    the same parties and facts and points back at the mediation (case.referrals)."""
    outcome = case.termination_reason or case.confirmation_result or log.reason
    mediator = case.mediator
    if mediator is not None and _handler_errors(mediator, case.jurisdiction_id, [case.applicant, case.respondent]):
        mediator = None  # the head or a clerk follows it up instead
    arbitration_referral_create(
        actor=log.actor,
        applicant=case.applicant,
        respondent=case.respondent,
        jurisdiction=case.jurisdiction,
        kind=payload["kind"],
        receiving_body=payload["receiving_body"],
        mediation=case,
        handler=mediator,
        title=case.title,
        ip_type=case.ip_type,
        facts=f"{case.facts}\n\n调解情况：{MediationCase.State(log.source).label}。{outcome}".strip(),
        claims=case.claims,
        arbitration_agreement_on=payload.get("arbitration_agreement_on"),
        arbitration_agreement=payload.get("arbitration_agreement", ""),
        reason=log.reason or f"{case} 调解不成，转{Kind(payload['kind']).label}",
    )


@on_transition(ArbitrationReferral, "record_acceptance", "decline")
def _receiving_body_answered(referral, log, payload):
    on = referral.accepted_on if log.transition == "record_acceptance" else None
    deadlines_for_object_close(referral, kinds=[RECEIVING_ACCEPTANCE], on=on)
