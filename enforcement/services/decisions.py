"""Penalty decisions (行政处罚决定书): written by the case's `decide` transition, served by
`serve`, paid through penalty_payment_record."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.documents.services import document_issue
from casemgmt.errors import Conflict, Invalid
from casemgmt.workflow.steps import audited_write

from ..choices import State
from ..models import EnforcementCase, PenaltyDecision, PenaltyPayment
from ..rules import limits
from ..rules.money import ZERO, payment_position, yuan
from ..rules.permissions import case_officers
from . import deadlines as dl
from . import decision_content
from .common import bureau_name
from .execution import court_window_close_if_settled, instalments_met, remedy_periods_open

PAYABLE_STATES = (State.SERVED, State.EXECUTING)


def penalty_decision_create(case: EnforcementCase, *, actor, payload: dict) -> PenaltyDecision:
    """The decision of a case decided with a penalty, numbered and issued as an official document
    (one 文号 for both: the document's number is the decision's)."""
    prior = payload.get("prior_decisions") or []
    fine = payload["fine_amount"]
    gains = payload["confiscated_gains"]
    others = [
        fine > ZERO,
        gains > ZERO,
        bool(payload.get("confiscated_items", "").strip()),
        payload["revoke_licence"],
        bool(payload.get("other_measures", "").strip()),
    ]
    decision = PenaltyDecision(
        case=case,
        jurisdiction_id=case.jurisdiction_id,
        party=case.principal_party,
        violation_type=payload["violation_type"].strip(),
        legal_basis=payload["legal_basis"].strip(),
        warning=payload["warning"],
        fine_amount=fine,
        confiscated_gains=gains,
        confiscated_items=payload.get("confiscated_items", "").strip(),
        order_to_stop=payload["order_to_stop"],
        revoke_licence=payload["revoke_licence"],
        other_measures=payload.get("other_measures", "").strip(),
        warning_only=payload["warning"] and not any(others),
        lawful_source=payload["lawful_source"],
        supplier=payload.get("supplier", "").strip(),
        must_aggravate=bool(prior),
        aggravation_confirmed=payload["aggravation_confirmed"],
        prior_decisions="、".join(prior),
        decided_on=case.decided_on,
        decided_by=actor,
    )
    # 《行政处罚法》第五十九条: the text is generated from the recorded contents (the payload has
    # checked that none is missing).
    bureau = decision_content.bureau_data(case)
    decision.facts = payload["facts"].strip()
    decision.evidence = "\n".join(payload["evidence_lines"])
    decision.authority = bureau.name
    decision.review_body = bureau.review_body
    decision.court = bureau.court
    decision.performance = decision_content.performance_text(decision, bureau)
    decision.decision_text = decision_content.decision_text(decision, bureau)
    document = document_issue(
        case, "penalty_decision", actor=actor, extra={"decision": decision, "bureau": bureau_name(case)}
    )
    decision.document = document
    decision.number = document.number
    decision.number_text = document.number.text
    decision.save()
    return decision


def penalty_decision_serve(decision: PenaltyDecision, *, served_on: dt.date, method: str) -> PenaltyDecision:
    """Record service; money to pay is due 15 days later (the deadline engine decides the day)."""
    decision.served_on = served_on
    decision.service_method = method
    if decision.amount_payable > ZERO and not decision.payment_position(as_of=served_on).settled:
        dl.open_limit(
            decision.case,
            dl.PAYMENT,
            label="缴纳罚没款期限",
            basis=limits.PAYMENT_BASIS,
            start=served_on,
            rule=Rule.CALENDAR_DAYS,
            amount=limits.PAYMENT_DAYS,
            responsible=decision.case.lead_officer,
            mirror="payment_due",
            mirror_on=decision,
        )
    decision.save()
    remedy_periods_open(decision)
    return decision


def penalty_payment_record(
    decision: PenaltyDecision, *, actor, amount: Decimal, paid_on: dt.date, receipt_number: str = "", note: str = ""
) -> PenaltyPayment:
    """Record a payment of the fine/confiscated sums (the late surcharge is owed on top once the
    due date has passed). Refuses more than is owed; marks the payment limit met when settled.
    The case's history gets one row with the amount.

    Raises NotFound (404), Forbidden (403), Conflict (409) or Invalid (400)."""
    with audited_write(
        decision.case,
        "record_payment",
        "登记缴款",
        actor=actor,
        permission=case_officers,
        forbidden="只有本案办案人员或机关负责人可以登记缴款。",
        reason=note,
    ) as write:
        case = write.obj
        if case.state not in PAYABLE_STATES:
            raise Conflict(f"案件处于“{case.state_label}”状态，不能登记缴款（处罚决定送达后、结案前登记）。")
        # Read after the case is locked: payments are recorded only through this door.
        decision = PenaltyDecision.objects.get(pk=decision.pk)
        if decision.amount_payable <= ZERO:
            raise Conflict("该处罚决定没有需要缴纳的罚没款。")

        today = timezone.localdate()
        errors = {}
        if paid_on > today:
            errors["paid_on"] = ["缴款日期不能晚于今天。"]
        elif paid_on < decision.decided_on:
            errors["paid_on"] = [f"缴款日期不能早于决定日期（{decision.decided_on:%Y-%m-%d}）。"]
        if amount <= ZERO:
            errors["amount"] = ["缴款金额必须大于零。"]
        if errors:
            raise Invalid("输入有误。", errors)
        payments = [(p.paid_on, p.amount) for p in decision.payments.all()]
        terms = {
            "fine": decision.fine_amount,
            "other": decision.confiscated_gains,
            "due": decision.payment_due,
            "instalments": decision.instalment_schedule(),
            "excluded": [(r.filed_on, r.ended_on) for r in decision.remedies.all()],
        }
        after = payment_position(**terms, payments=[*payments, (paid_on, amount)], as_of=today)
        if after.overpaid > ZERO:
            before = payment_position(**terms, payments=payments, as_of=paid_on)
            raise Invalid(
                "缴款金额超过应缴金额。",
                {
                    "amount": [
                        f"缴款金额超过应缴金额：截至 {paid_on:%Y-%m-%d} 尚欠 {yuan(before.outstanding)} 元（含加处罚款）。"
                    ]
                },
            )

        payment = PenaltyPayment.objects.create(
            decision=decision,
            amount=amount,
            paid_on=paid_on,
            receipt_number=receipt_number.strip(),
            note=note.strip(),
            recorded_by=actor,
        )
        write.record(
            decision=decision.number_text,
            amount=amount,
            paid_on=paid_on,
            receipt_number=receipt_number.strip(),
            outstanding=after.outstanding,
        )
        instalments_met(case, decision, on=paid_on)
        court_window_close_if_settled(case, decision, on=paid_on)
    return payment
