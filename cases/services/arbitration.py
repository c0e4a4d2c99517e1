"""Referrals to arbitration, litigation or patent-dispute adjudication (DOMAIN §2): created
directly or from a failed mediation, followed until the receiving body's outcome is recorded."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_assign, deadline_open, deadlines_for_object_close
from casemgmt.errors import Invalid
from casemgmt.org.models import Role
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.steps import audited_write

from ..models import ArbitrationReferral, MediationCase
from ..rules import arbitration as rules
from ..rules.arbitration import arbitration_agreement_errors
from .common import JURISDICTION_FIXED, actor_of, check_registration, editable_fields, party

Kind = ArbitrationReferral.Kind
RECEIVING_ACCEPTANCE = "receiving_acceptance"
# What may be corrected until the receiving body answers; the kind stays as registered.
EDITABLE = {
    "receiving_body",
    "applicant",
    "respondent",
    "title",
    "ip_type",
    "facts",
    "claims",
    "arbitration_agreement_on",
    "arbitration_agreement",
    "handler",
}
FIXED = {"jurisdiction": JURISDICTION_FIXED, "kind": ("kind", "转介类型登记后不能更改。")}


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


def _handler_errors(handler, jurisdiction_id, parties) -> list[str]:
    if not (handler.is_active and handler.role == Role.HANDLER):
        return ["跟进人须为在岗的承办人/调解员。"]
    if not may_see_jurisdiction(handler, jurisdiction_id):
        return ["该承办人不负责本案所属区划。"]
    return conflict_reasons(handler, parties)


def _referral_errors(referral: ArbitrationReferral, *, check_handler: bool) -> dict:
    errors = arbitration_agreement_errors(
        referral.kind, referral.arbitration_agreement_on, referral.arbitration_agreement
    )
    if referral.applicant_id == referral.respondent_id:
        errors["respondent"] = ["申请人与被申请人不能是同一当事人。"]
    if check_handler and referral.handler is not None:
        handler_errors = _handler_errors(
            referral.handler, referral.jurisdiction_id, [referral.applicant, referral.respondent]
        )
        if handler_errors:
            errors["handler"] = handler_errors
    return errors


@transaction.atomic
def arbitration_referral_create(
    *,
    actor=None,
    applicant,
    respondent,
    jurisdiction,
    kind: str,
    receiving_body: str,
    mediation: MediationCase | None = None,
    handler=None,
    reason: str = "",
    opened_by=None,
    **fields,
) -> ArbitrationReferral:
    """Refer a dispute to the receiving body; arbitration only with a written arbitration agreement.

    By hand (`actor`: the centre's staff of the area), or as the effect of a mediation's
    referral (`opened_by`: that transition's history row, whose permission allowed it and whose
    actor is recorded). Raises Forbidden or Invalid; on success one "create" row."""
    if opened_by is not None:
        actor = actor_of(opened_by)
    referral = ArbitrationReferral(
        jurisdiction=jurisdiction,
        created_by=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        receiving_body=receiving_body,
        mediation=mediation,
        handler=handler,
        referred_on=timezone.localdate(),
        **fields,
    )
    if opened_by is None:
        check_registration(referral, actor, rules.registration, forbidden="您无权在该区划登记转介。")
    referral.applicant = party(applicant)
    referral.respondent = party(respondent)
    errors = _referral_errors(referral, check_handler=True)
    if errors:
        raise Invalid("输入有误。", errors)
    referral.save()
    record_creation(referral, actor=actor, reason=reason or "登记转介")
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


def arbitration_referral_update(
    referral: ArbitrationReferral, *, actor, reason: str = "", **fields
) -> ArbitrationReferral:
    """Correct the referral while the receiving body has not answered yet: one history row with
    each change (old → new); a new handler takes over its deadline. Raises NotFound, Forbidden
    (a handler who does not follow it up) or Invalid (answered already, a field that cannot be
    edited, nothing changed)."""
    with audited_write(
        referral,
        "edit",
        "修改转介信息",
        actor=actor,
        permission=rules.editors,
        reason=reason,
        forbidden="只有本转介的跟进人可以修改。",
        require_change=True,
    ) as write:
        locked = write.obj
        if locked.state != ArbitrationReferral.State.REFERRED:
            raise Invalid("输入有误。", {"state": ["接收机构已作出答复，转介记录不能再修改。"]})
        values = editable_fields(locked, fields, editable=EDITABLE, fixed=FIXED)
        for name in ("applicant", "respondent"):
            if name in values:
                values[name] = party(values[name])
        changed = write.edit(locked, save=False, **values)
        # A new handler, or new parties, are checked for conflicts of interest.
        errors = _referral_errors(locked, check_handler=bool({"handler", "applicant", "respondent"} & set(changed)))
        if errors:
            raise Invalid("输入有误。", errors)
        locked.save()
        if "handler" in changed:
            for deadline in deadlines_for(locked):
                if deadline.is_active:
                    deadline_assign(deadline, responsible=locked.handler)
    return locked


def referral_from_mediation(case, log, payload):
    """A failed mediation goes on to arbitration, a court or adjudication: the referral carries
    the same parties and facts and points back at the mediation (case.referrals)."""
    outcome = case.termination_reason or case.confirmation_result or log.reason
    mediator = case.mediator
    if mediator is not None and _handler_errors(mediator, case.jurisdiction_id, [case.applicant, case.respondent]):
        mediator = None  # the head or a clerk follows it up instead
    arbitration_referral_create(
        opened_by=log,
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


def receiving_body_answered(referral, log, payload):
    on = referral.accepted_on if log.transition == "record_acceptance" else None
    deadlines_for_object_close(referral, kinds=[RECEIVING_ACCEPTANCE], on=on)
