"""Writes of list entries besides their transitions: proposing a candidate (by a credit officer,
or automatically when a penalty decision meets a ground), editing the facts and measures, the
cascade when the penalty decision is revoked or changed, and the periodic expiry.

State changes go through casemgmt.workflow.services.fire_transition, the system's own as the
system actor; every other write through casemgmt.workflow.steps.audited_write; a creation
through record_creation."""

import datetime as dt

from django.db import transaction

from casemgmt.errors import Conflict, Forbidden, Invalid
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.permissions import SystemOnly
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.steps import audited_write

from .. import permissions as allow
from .. import rules
from ..choices import OPEN_STATES, ProposalSource, State
from ..matching import ground_still_holds, grounds_met_by
from ..models import CreditEntry, CreditGround
from . import common

SYSTEM = SystemOnly()
EDITABLE_STATES = OPEN_STATES


def _refuse_duplicate(party, ground, decision) -> None:
    live = CreditEntry.objects.filter(party=party, ground=ground, state__in=OPEN_STATES)
    if decision is not None:
        live = live.filter(penalty_decision=decision)
    if live.exists():
        raise Conflict("该当事人已因同一事由在严重违法失信名单流程中。")


def _decision_revoked(decision) -> bool:
    from enforcement.publication import DecisionChange, decision_change_of

    change = decision_change_of(decision)
    return change is not None and change.payload.get("ground") != DecisionChange.CHANGED


def credit_entry_propose(
    *,
    actor,
    party,
    ground: CreditGround,
    penalty_decision=None,
    matched_rule: str = "",
    facts: str = "",
    jurisdiction=None,
    reason: str = "",
) -> CreditEntry:
    """A credit officer proposes a party for the list on a ground (拟列入), with the basis found.
    The entry belongs to the bureau that decided the penalty (or, without one, the officer's).

    Raises Forbidden (not a credit officer of that bureau), Invalid (bad input) or Conflict
    (already proposed or listed on that ground)."""
    errors = {}
    matched_rule = (matched_rule or "").strip()
    if not ground.active:
        errors["ground"] = ["该列入事由已停用。"]
    if penalty_decision is None and ground.needs_penalty_decision:
        errors["penalty_decision"] = [f"以“{ground.name}”列入须依据行政处罚决定，请选择处罚决定。"]
    if penalty_decision is not None:
        if penalty_decision.party_id != party.pk:
            errors["party"] = [f"当事人须是处罚决定{penalty_decision.number_text}的当事人。"]
        if jurisdiction is not None and jurisdiction.pk != penalty_decision.jurisdiction_id:
            errors["jurisdiction_code"] = ["列入由作出处罚决定的机关决定：区划须与处罚决定一致。"]
        jurisdiction = penalty_decision.jurisdiction
        if _decision_revoked(penalty_decision):
            errors["penalty_decision"] = ["该处罚决定已被撤销或确认违法、无效，不能据以列入。"]
    if not matched_rule:
        errors["matched_rule"] = ["请写明认定符合列入事由的依据。"]
    if jurisdiction is None:
        jurisdiction = getattr(actor, "jurisdiction", None)
    if jurisdiction is None:
        errors["jurisdiction_code"] = ["请选择区划。"]
    if errors:
        raise Invalid("输入有误。", errors)

    entry = CreditEntry(
        jurisdiction=jurisdiction,
        created_by=actor,
        party=party,
        ground=ground,
        penalty_decision=penalty_decision,
        source=ProposalSource.MANUAL,
        matched_rule=matched_rule,
        facts=(facts or "").strip(),
        listing_years=ground.listing_years,
    )
    if actor is None or not allow.credit_officer(entry, actor) or not may_see_jurisdiction(actor, jurisdiction.pk):
        raise Forbidden("只有本机关的信用管理人员可以提出拟列入。")
    with transaction.atomic():
        _refuse_duplicate(party, ground, penalty_decision)
        entry.save()
        record_creation(entry, actor=actor, reason=reason or "提出拟列入严重违法失信名单")
        index_on_commit(entry)
    return entry


def credit_entries_propose_from_decision(decision) -> list[CreditEntry]:
    """The penalty decision was just made: propose a candidate for every ground it meets, naming
    the rule that matched (the system acts; the bureau's credit officers are told). Repeating it
    proposes nothing new."""
    created = []
    for match in grounds_met_by(decision):
        ground = match.ground
        exists = CreditEntry.objects.filter(penalty_decision=decision, ground=ground).exclude(
            state__in=[State.DISMISSED, State.REVOKED]
        )
        if exists.exists():
            continue
        entry = CreditEntry.objects.create(
            jurisdiction_id=decision.jurisdiction_id,
            party=decision.party,
            ground=ground,
            penalty_decision=decision,
            source=ProposalSource.AUTOMATIC,
            matched_rule=match.rule_text,
            facts=decision.violation_type,
            listing_years=ground.listing_years,
        )
        record_creation(
            entry,
            actor=SystemActor(f"处罚决定符合列入事由，自动提出拟列入：{ground.get_auto_rule_display()}"),
            reason=match.rule_text,
            payload={"ground": ground.code, "decision": decision.number_text},
        )
        index_on_commit(entry)
        common.notify(
            common.staff_of(entry, "credit_officer"),
            entry,
            title=f"拟列入严重违法失信名单：{decision.party.name}",
            body=match.rule_text,
            key=f"creditlist:{entry.pk}:proposed",
        )
        created.append(entry)
    return created


def credit_entry_update(entry: CreditEntry, *, actor, reason: str = "", **fields) -> CreditEntry:
    """Edit the facts or the joint measures of an open entry: one history row with each change
    (old → new). Raises NotFound, Forbidden, Invalid (a closed entry, a field that is not
    editable, nothing changed)."""
    with audited_write(
        entry,
        "edit",
        "修改名单条目",
        actor=actor,
        permission=allow.credit_officer,
        forbidden="只有本机关的信用管理人员可以修改名单条目。",
        reason=reason,
        require_change=True,
    ) as write:
        locked = write.obj
        if locked.state not in EDITABLE_STATES:
            raise Invalid("输入有误。", {"state": [f"“{locked.state_label}”的条目不能修改。"]})
        unknown = sorted(set(fields) - {"facts", "measures"})
        if unknown:
            raise Invalid("输入有误。", {name: ["该项不能修改。"] for name in unknown})
        if "facts" in fields:
            write.edit(locked, facts=(fields["facts"] or "").strip())
        if "measures" in fields:
            old = sorted(m.name for m in locked.measures.all())
            new_measures = list(dict.fromkeys(fields["measures"]))
            new = sorted(m.name for m in new_measures)
            if old != new:
                locked.measures.set(new_measures)
                write.change("measures", "、".join(old), "、".join(new), label="联合惩戒措施")
                locked.save(update_fields=["updated_at"])
    return locked


# --- the penalty decision changes ---------------------------------------------------------------------


CHANGE_LABELS = {"revoked": "撤销", "changed": "变更", "found_unlawful": "确认违法或者无效"}


def credit_entries_follow_decision_change(
    decision, *, change: str, reason: str, on: dt.date | None = None, ground_holds: bool | None = None
) -> list[CreditEntry]:
    """The penalty decision an entry rests on was revoked, changed or found unlawful on `on`.

    Revoked or found unlawful (or changed so that the ground no longer holds, `ground_holds`
    False): every open entry on it is revoked at once by the system, naming the cause, and
    leaves every public path; the 3-working-day limit is opened and met the same day. Changed
    with no way to tell from the records (the ground's rule still reads the decision as it was,
    or the ground is a manual one): the entry is flagged for the bureau, which must decide
    within the 3 working days. Returns the entries revoked."""
    on = on or rules.today()
    label = CHANGE_LABELS.get(change, "变更或撤销")
    cause = f"列入所依据的行政处罚决定{decision.number_text}已被{label}：{(reason or '').strip()}".rstrip("：")
    system = SystemActor(
        f"列入依据的行政处罚决定被{label}，撤销列入并于三个工作日内移出（《市场监督管理严重违法失信名单管理办法》）"
    )
    revoked = []
    for entry in CreditEntry.objects.filter(penalty_decision=decision, state__in=OPEN_STATES).order_by("pk"):
        holds = ground_holds if ground_holds is not None else ground_still_holds(entry)
        deadline = common.open_limit(
            entry,
            common.REVOCATION,
            label="撤销列入、移出名单期限",
            basis=rules.REVOCATION_BASIS,
            start=on,
            amount=rules.revocation_working_days(),
        )
        if change == "changed" and holds is not False:
            _flag_for_review(entry, cause=cause, due=deadline.due, system=system)
            continue
        fire_transition(entry, "revoke", actor=system, reason=cause, payload={})
        revoked.append(entry)
    return revoked


def _flag_for_review(entry: CreditEntry, *, cause: str, due: dt.date, system: SystemActor) -> None:
    with audited_write(entry, "basis_changed", "列入依据被变更，待复核", actor=system, permission=SYSTEM, reason=cause):
        pass
    common.notify(
        common.staff_of(entry, "agency_head", "credit_officer"),
        entry,
        title=f"列入依据的处罚决定已变更，请复核：{entry}",
        body=f"{cause}。列入事由不再成立的，应于{due:%Y-%m-%d}前撤销列入。",
        key=f"creditlist:{entry.pk}:basis-changed",
        level="warning",
    )


# --- the end of the listing period -----------------------------------------------------------------


def credit_entries_expire() -> int:
    """Periodic pass: entries whose listing period has run out leave the list (the system acts,
    nobody has to). Returns how many expired; running it again expires nothing more. (The public
    and partners never see them past their last day anyway: the selectors check the date.)"""
    due = CreditEntry.objects.filter(state__in=CreditEntry.LISTED_STATES, listing_until__lt=rules.today()).values_list(
        "pk", "listing_until"
    )
    system = SystemActor(rules.EXPIRY_RULE)
    count = 0
    for pk, until in list(due):
        try:
            fire_transition(CreditEntry(pk=pk), "expire", actor=system, reason=f"列入期限已于{until:%Y-%m-%d}届满")
        except Conflict:
            continue  # changed meanwhile (revoked, removed): nothing left to expire
        count += 1
    return count
