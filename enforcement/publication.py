"""Penalty decisions in the publication pipeline (DOMAIN §3c; 《市场监督管理行政处罚信息公示规定》).

Every ordinary-procedure penalty decision except a warning-only one enters the kernel's pipeline
when the case is decided: the summary is built and the decision text masked here, a legal
reviewer or the head publishes it (within 20 working days of the decision). Minors' cases are
never published. When a decision is changed or revoked (`penalty_decision_revoke`) its
publication must be withdrawn within 3 working days."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from casemgmt.errors import Conflict, Invalid
from casemgmt.parties.models import Party
from casemgmt.publication import masking
from casemgmt.publication.kinds import register_publication_kind
from casemgmt.publication.models import Publication
from casemgmt.publication.rules import period_months, today
from casemgmt.publication.services import (
    publication_create,
    publication_replacement_required,
    publication_withdrawal_required,
)
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.permissions import SystemOnly
from casemgmt.workflow.steps import audited_write

from .choices import Outcome
from .models import EnforcementCase, InspectionPerson, PenaltyDecision
from .rules.money import ZERO
from .rules.permissions import agency_head
from .services import deadlines as dl
from .services.common import bureau_name
from .services.execution import decision_amounts_change

KIND = "penalty_decision"
SYSTEM = SystemOnly()
INDIVIDUALS = (Party.Kind.PERSON, Party.Kind.INDIVIDUAL_BUSINESS)
REVOCATION_STEP = "revoke_penalty_decision"


class DecisionChange(models.TextChoices):
    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    FOUND_UNLAWFUL = "found_unlawful", "确认违法或者无效"


# Natural persons named in a case besides its parties (e.g. persons present at a raid): each
# source is `case -> iterable of (name, id_number or "")`.
_other_person_sources: list[Callable] = []


def register_other_person_source(source: Callable) -> None:
    if source not in _other_person_sources:
        _other_person_sources.append(source)


def _persons_present_at_inspections(case) -> list[tuple[str, str]]:
    """Everyone recorded as present at the case's inspections except the party itself and an
    organisation's legal representative (whose name is public in the business registry)."""
    party = case.principal_party
    representative = party.legal_representative if party and party.kind == Party.Kind.ORGANIZATION else ""
    present = InspectionPerson.objects.filter(inspection__case=case).exclude(role=InspectionPerson.Role.PARTY)
    return [(p.name, p.id_number) for p in present if p.name != representative]


register_other_person_source(_persons_present_at_inspections)


def _public_url(publication: Publication) -> str:
    return reverse("public_penalties:detail", args=[publication.pk])


def _obligations_fulfilled(decision: PenaltyDecision) -> bool:
    # The fine, the confiscated gains and any late surcharge are paid.
    return decision.payment_position().settled


register_publication_kind(
    key=KIND,
    label="行政处罚决定",
    model=PenaltyDecision,
    obligations_fulfilled=_obligations_fulfilled,
    public_url=_public_url,
)


# --- what is published, and for how long --------------------------------------------------------


def not_published_because(decision: PenaltyDecision) -> str:
    """Why the decision is not published at all ("" when it is)."""
    if decision.warning_only:
        return "仅给予警告的行政处罚决定不予公示。"
    parties = [decision.party, *decision.case.respondents]
    if any(party is not None and party.is_minor for party in parties):
        return "当事人为未成年人的案件不予公示。"
    return ""


def low_fine_threshold(individual: bool) -> Decimal:
    """较低数额罚款 (provincial setting, verify): fines up to this amount are public for 3 months."""
    if individual:
        return Decimal(str(getattr(settings, "PUBLICATION_LOW_FINE_PERSON", "10000")))
    return Decimal(str(getattr(settings, "PUBLICATION_LOW_FINE_ORGANIZATION", "100000")))


def is_low_fine(decision: PenaltyDecision) -> bool:
    """Only a low fine (with or without a warning): anything heavier is published for 3 years."""
    heavier = [
        decision.confiscated_gains > ZERO,
        bool(decision.confiscated_items.strip()),
        decision.revoke_licence,
        bool(decision.other_measures.strip()),
    ]
    if any(heavier) or decision.fine_amount <= ZERO:
        return False
    return decision.fine_amount <= low_fine_threshold(decision.party.kind in INDIVIDUALS)


def masking_inputs(decision: PenaltyDecision) -> dict:
    """What masking must know about the case's people: other natural persons' names (other
    parties, persons present at inspections), persons' addresses, ID numbers and phones as
    registered; and what may stay (the party's own name, organisations' names, credit codes
    and registered addresses: none of them releases a person's ID number, phone, bank account
    or address, see masking.py). Credit codes are also public codes: an all-digit one is not
    masked as a bank account."""
    case = decision.case
    party = decision.party
    parties = [party, *(link.party for link in case.party_links.all() if link.party_id != party.pk)]
    persons = [p for p in parties if p.is_person]
    organisations = [p for p in parties if not p.is_person]
    other_names = [p.name for p in persons if p.pk != party.pk]
    values = [[p.id_number, masking.ID_NUMBER] for p in persons if p.id_number]
    for source in _other_person_sources:
        for name, id_number in source(case):
            if name and name != party.name:
                other_names.append(name)
            if id_number:
                values.append([id_number, masking.ID_NUMBER])
    values += [[p.phone, masking.PHONE] for p in persons if p.phone]
    keep = [party.name, *(p.name for p in organisations), *(p.credit_code for p in parties if p.credit_code)]
    keep += [p.address for p in organisations if p.kind == Party.Kind.ORGANIZATION and p.address]
    return {
        "other_person_names": sorted(set(other_names)),
        "person_addresses": sorted({p.address for p in persons if p.address}),
        "personal_values": values,
        "keep_terms": sorted(set(keep)),
        "public_codes": sorted({p.credit_code for p in parties if p.credit_code and not p.is_person}),
    }


def decision_summary(decision: PenaltyDecision, inputs: dict) -> dict:
    """The summary published with the text: number, party, violation, penalty, authority, date."""
    party = decision.party

    def masked(text: str) -> str:
        return masking.mask_personal_data(
            text,
            other_person_names=inputs["other_person_names"],
            person_addresses=inputs["person_addresses"],
            personal_values=[tuple(pair) for pair in inputs["personal_values"]],
            keep_terms=inputs["keep_terms"],
            public_codes=inputs["public_codes"],
        ).text

    return {
        "number": decision.number_text,
        "party": party.name,
        "party_kind": party.kind,
        # A person's identifier is never published; organisations' and businesses' codes are.
        "credit_code": "" if party.is_person else party.credit_code,
        "legal_representative": party.legal_representative if party.kind == Party.Kind.ORGANIZATION else "",
        "category": decision.case.get_kind_display(),
        "violation_type": masked(decision.violation_type),
        "legal_basis": masked(decision.legal_basis),
        "penalty": masked(decision.penalty_summary),
        "authority": bureau_name(decision.case),
        "decided_on": decision.decided_on.isoformat(),
    }


def penalty_decision_publication_create(decision: PenaltyDecision, *, actor=None) -> Publication | None:
    """Enter the decision into the pipeline, or record in the case why it is not published."""
    reason = not_published_because(decision)
    if reason:
        with audited_write(
            decision.case,
            "publication_not_required",
            "不予公示",
            actor=SystemActor("不予公示的行政处罚决定（《市场监督管理行政处罚信息公示规定》）"),
            permission=SYSTEM,
            reason=reason,
        ) as write:
            write.record(decision=decision.number_text)
        return None
    inputs = masking_inputs(decision)
    return publication_create(
        subject=decision,
        kind=KIND,
        title=f"{decision.number_text} {decision.party.name}",
        summary=decision_summary(decision, inputs),
        source_text=decision.decision_text,
        source_date=decision.decided_on,
        period_months=period_months(short=is_low_fine(decision)),
        masking=inputs,
        actor=actor,
    )


def decision_enters_publication(case, log, payload):
    # Runs after services.penalty's hook of the same transition, which wrote the decision.
    if case.outcome != Outcome.PENALTY:
        return
    decision = PenaltyDecision.objects.select_related("party", "case", "case__jurisdiction").get(case_id=case.pk)
    penalty_decision_publication_create(decision, actor=log.actor)


# --- change or revocation of a decision -------------------------------------------------------------


def decision_change_of(decision: PenaltyDecision) -> TransitionLog | None:
    """The recorded change or revocation of the decision, if any."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(EnforcementCase),
        object_id=decision.case_id,
        transition=REVOCATION_STEP,
    ).first()


def changed_amount_errors(ground: str, *, fine_amount, confiscated_gains) -> dict:
    """New amounts belong only to a change (变更); they are never negative."""
    errors = {}
    for name, value in (("fine_amount", fine_amount), ("confiscated_gains", confiscated_gains)):
        if value is None:
            continue
        if ground != DecisionChange.CHANGED:
            errors[name] = ["只有变更处罚决定时填写变更后的金额。"]
        elif value < ZERO:
            errors[name] = ["金额不能为负数。"]
    return errors


def changed_text_errors(decision: PenaltyDecision, text: str, *, fine_amount, confiscated_gains) -> dict:
    """The changed decision replaces the published one, so it must read as changed: the staff
    form offers the original text to edit, and handing it back unedited published "已依法变更"
    above the original fine while the summary showed the new one."""
    if " ".join(text.split()) == " ".join((decision.decision_text or "").split()):
        return {"changed_text": ["变更后的决定书全文与原决定书相同：请改为变更后的决定书（公示内容将据此更新）。"]}
    stale = []
    for new, old, phrase in (
        (fine_amount, decision.fine_amount, "罚款人民币{:,.2f}元"),
        (confiscated_gains, decision.confiscated_gains, "没收违法所得人民币{:,.2f}元"),
    ):
        if new is not None and old and new != old and phrase.format(old) in text:
            stale.append(phrase.format(old))
    if stale:
        return {"changed_text": [f"变更后的决定书仍写明原数额（{'、'.join(stale)}），请改为变更后的数额。"]}
    return {}


def penalty_decision_revoke(
    decision: PenaltyDecision,
    *,
    reason: str,
    actor,
    ground: str = DecisionChange.REVOKED,
    on: dt.date | None = None,
    changed_text: str = "",
    fine_amount: Decimal | None = None,
    confiscated_gains: Decimal | None = None,
) -> Publication | None:
    """Record that the decision was revoked, changed or found unlawful or void on `on` (default
    today; by the bureau itself, on administrative review or by a court): the case history
    says so, a revoked decision is no longer collected, and its publication must be withdrawn
    within 3 working days. A changed decision stays published: `changed_text` (the decision as
    changed, required then) replaces the published text within the same 3 working days and the
    public page says it was corrected. Returns that publication (None if the decision has none).

    Raises NotFound (404), Forbidden (403), Conflict (409) or Invalid (400)."""
    label = DecisionChange(ground).label if ground in DecisionChange.values else "变更或撤销"
    with audited_write(
        decision.case,
        REVOCATION_STEP,
        f"处罚决定被{label}",
        actor=actor,
        permission=agency_head,
        forbidden="只有本机关负责人可以登记处罚决定被变更或撤销。",
        reason=reason,
    ) as write:
        case = write.obj
        if decision_change_of(decision) is not None:
            raise Conflict("该处罚决定已登记为被变更或撤销。")
        errors = {}
        if not write.reason:
            errors["reason"] = ["请填写变更或撤销的理由及依据（如复议决定书、判决书文号）。"]
        if ground not in DecisionChange.values:
            errors["ground"] = [f"可选值：{'、'.join(DecisionChange.values)}。"]
        on = on or today()
        if on > today():
            errors["on"] = ["日期不能晚于今天。"]
        elif on < decision.decided_on:
            errors["on"] = [f"日期不能早于决定日期（{decision.decided_on:%Y-%m-%d}）。"]
        changed_text = (changed_text or "").strip()
        if ground == DecisionChange.CHANGED and not changed_text:
            errors["changed_text"] = ["决定被变更的，请提供变更后的决定书全文：公示内容将据此更新。"]
        elif ground != DecisionChange.CHANGED and changed_text:
            errors["changed_text"] = ["只有决定被变更时才提供变更后的决定书。"]
        elif ground == DecisionChange.CHANGED:
            errors |= changed_text_errors(
                decision, changed_text, fine_amount=fine_amount, confiscated_gains=confiscated_gains
            )
        errors |= changed_amount_errors(ground, fine_amount=fine_amount, confiscated_gains=confiscated_gains)
        if errors:
            raise Invalid("输入有误。", errors)

        write.record(decision=decision.number_text, ground=ground, on=on)
        decision_amounts_change(write, decision, fine_amount=fine_amount, confiscated_gains=confiscated_gains, on=on)
        if ground == DecisionChange.REVOKED:
            dl.cancel_open(case, reason=f"处罚决定已被撤销：{write.reason}", kinds=[dl.PAYMENT, dl.COURT])
        if ground == DecisionChange.CHANGED:
            write.record(changed_text=changed_text)
            decision.refresh_from_db()
            publication = publication_replacement_required(
                decision,
                changed_text,
                f"行政处罚决定已被变更：{write.reason}",
                on=on,
                summary=decision_summary(decision, masking_inputs(decision)),
            )
        else:
            publication = publication_withdrawal_required(decision, f"行政处罚决定已被{label}：{write.reason}", on=on)
        # A serious-dishonesty listing resting on the decision is revoked (or flagged, when changed).
        from creditlist.services.entries import credit_entries_follow_decision_change

        credit_entries_follow_decision_change(decision, change=ground, reason=write.reason, on=on)
    return publication
