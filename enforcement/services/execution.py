"""Execution of a penalty decision after service (DOMAIN §3a): the party's remedy periods and the
window for applying to the court (《行政强制法》第五十三条、第五十四条), approved deferral or
instalments (《行政处罚法》第六十六条), the party's review or lawsuit (its time is not counted in the
late surcharge, 第七十三条第三款) and a changed decision's new amounts. Every due date comes from the
deadline engine."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.services import deadline_cancel, deadline_extend, deadline_mark_met, deadline_recompute
from casemgmt.errors import Conflict, Invalid
from casemgmt.workflow.steps import audited_write

from ..choices import ArrangementKind, RemedyKind, RemedyOutcome
from ..models import (
    EnforcementCase,
    PaymentArrangement,
    PaymentInstalment,
    PenaltyDecision,
    RemedyProceeding,
)
from ..rules import limits
from ..rules.money import ZERO, yuan
from ..rules.permissions import agency_head, case_officers
from . import deadlines as dl

MAX_INSTALMENTS = 24


# --- remedy periods and the court-enforcement window ------------------------------------------------


def remedy_periods_open(decision: PenaltyDecision) -> None:
    """On service: the party's 60 days for review and 6 months for a lawsuit (the decision's remedy
    notice names both), and, when money is owed, the bureau's three months to apply to the court,
    counted from the end of those periods."""
    case = decision.case
    served = decision.served_on
    dl.open_limit(
        case,
        dl.REVIEW_PERIOD,
        label="当事人申请行政复议期限",
        basis=limits.REVIEW_PERIOD_BASIS,
        start=served,
        rule=Rule.CALENDAR_DAYS,
        amount=limits.REVIEW_PERIOD_DAYS,
    )
    lawsuit = dl.open_limit(
        case,
        dl.LAWSUIT,
        label="当事人提起行政诉讼期限",
        basis=limits.LAWSUIT_PERIOD_BASIS,
        start=served,
        rule=Rule.MONTHS,
        amount=limits.LAWSUIT_MONTHS,
        mirror="lawsuit_due",
    )
    case.lawsuit_due = lawsuit.due
    court_window_open(case)


def remedy_periods_end(case) -> dt.date | None:
    """The last day of the party's review and lawsuit periods (None before service)."""
    dues = [d.due for d in (dl.latest_deadline(case, dl.REVIEW_PERIOD), dl.latest_deadline(case, dl.LAWSUIT)) if d]
    return max(dues) if dues else None


def court_window_open(case, *, start: dt.date | None = None):
    """The three months for applying to the court, from the end of the remedy periods (or from
    `start`, after a review or lawsuit), whatever the demand date. Opened once while money is owed."""
    decision = case.penalty_decision
    if dl.active_deadline(case, dl.COURT) is not None:
        return None
    if decision.amount_payable <= ZERO or decision.payment_position().settled:
        return None
    start = start or remedy_periods_end(case)
    if start is None:
        return None
    return dl.open_limit(
        case,
        dl.COURT,
        label="申请人民法院强制执行期限",
        basis=limits.COURT_ENFORCEMENT_BASIS,
        start=start,
        rule=Rule.MONTHS,
        amount=limits.COURT_ENFORCEMENT_MONTHS,
        responsible=case.lead_officer,
    )


def court_window_follow_remedy_periods(sender, *, deadline, cause: str, **kwargs) -> list:
    """A calendar change moved the end of a party's review or lawsuit period: the court window,
    counted from the end of both, moves with it — unless a review or lawsuit was brought, after
    which it counts from that proceeding's end. Receiver of casemgmt.calendar's deadline_due_moved."""
    if (
        deadline.kind not in (dl.REVIEW_PERIOD, dl.LAWSUIT)
        or deadline.content_type.model_class() is not EnforcementCase
    ):
        return []
    case = EnforcementCase.objects.select_related("penalty_decision").get(pk=deadline.object_id)
    decision = getattr(case, "penalty_decision", None)
    window = dl.active_deadline(case, dl.COURT)
    start = remedy_periods_end(case)
    if decision is None or window is None or start in (None, window.start) or decision.remedies.exists():
        return []
    old_due, old_text = window.due, window.due_text
    window.start = start
    deadline_recompute(window, cause=cause)
    return [(window, old_text)] if window.due != old_due else []


def court_window_close_if_settled(case, decision: PenaltyDecision, *, on: dt.date) -> None:
    if decision.payment_position().settled:
        for kind in (dl.PAYMENT, dl.PAYMENT_INSTALMENT):
            dl.meet_all(case, kind, on=on)
        dl.cancel_open(case, reason="罚没款已缴清，无须申请强制执行", kinds=[dl.COURT])


def pending_remedy(decision: PenaltyDecision) -> RemedyProceeding | None:
    return decision.remedies.filter(ended_on__isnull=True).first()


def court_application_problem(case, applied_on: dt.date) -> str:
    """Why the court may not be asked on `applied_on` ("" when it may): not while a review or
    lawsuit runs, not before the remedy periods end, not after the three months."""
    decision = getattr(case, "penalty_decision", None)
    if decision is None:
        return ""
    remedy = pending_remedy(decision)
    if remedy is not None:
        return (
            f"当事人已于 {remedy.filed_on:%Y-%m-%d} {'申请行政复议' if remedy.kind == RemedyKind.REVIEW else '提起行政诉讼'}，"
            "尚未终结：不能申请人民法院强制执行。"
        )
    window = dl.latest_deadline(case, dl.COURT)
    if window is None or window.status == window.Status.CANCELLED:
        return "没有申请人民法院强制执行的期限（罚没款已缴清、决定已被撤销，或尚未送达）。"
    if applied_on <= window.start:
        return (
            f"当事人申请行政复议、提起行政诉讼的期限届满后才能申请人民法院强制执行（{limits.COURT_ENFORCEMENT_BASIS}）："
            f"期限于 {window.start:%Y-%m-%d} 届满，最早于其后一日申请。"
        )
    if applied_on > window.due:
        return (
            f"申请人民法院强制执行的期限为复议、诉讼期限届满之日起三个月（{limits.COURT_ENFORCEMENT_BASIS}），"
            f"已于 {window.due:%Y-%m-%d} 届满。"
        )
    return ""


# --- deferral and instalments (art. 66) ---------------------------------------------------------------


def _payment_rows(case):
    return [d for d in (dl.active_deadline(case, dl.PAYMENT),) if d] + dl.active_all(case, dl.PAYMENT_INSTALMENT)


def _check_arrangement_dates(decision, applied_on, approved_on, errors):
    today = timezone.localdate()
    if approved_on > today:
        errors["approved_on"] = ["批准日期不能晚于今天。"]
    if applied_on > approved_on:
        errors["applied_on"] = ["申请日期不能晚于批准日期。"]
    elif applied_on < decision.served_on:
        errors["applied_on"] = [f"申请日期不能早于决定送达日期（{decision.served_on:%Y-%m-%d}）。"]
    elif decision.payment_due is not None and applied_on > decision.payment_due:
        errors["applied_on"] = [
            f"暂缓或分期缴纳应在缴款期限（{decision.payment_due:%Y-%m-%d}）内申请；逾期已产生的加处罚款不因批准而免除。"
        ]


def payment_arrangement_approve(
    decision: PenaltyDecision,
    *,
    actor,
    kind: str,
    applied_on: dt.date,
    approved_on: dt.date,
    reason: str,
    deferred_to: dt.date | None = None,
    instalments: list[dict] | None = None,
) -> PaymentArrangement:
    """Record the head's approval of a deferral or an instalment plan. A deferral extends the
    payment limit to `deferred_to` (moved on to a working day by the engine); a plan replaces it
    with one limit per instalment ({"due", "amount"}, summing to the amount payable). The decision's
    payment_due follows the engine's date.

    Raises NotFound (404), Forbidden (403), Conflict (409) or Invalid (400)."""
    label = ArrangementKind(kind).label if kind in ArrangementKind.values else "暂缓或分期缴纳"
    with audited_write(
        decision.case,
        "approve_payment_arrangement",
        f"批准{label}",
        actor=actor,
        permission=agency_head,
        forbidden="暂缓或分期缴纳罚款须经本机关负责人批准。",
        reason=reason,
    ) as write:
        case = write.obj
        decision = PenaltyDecision.objects.get(pk=decision.pk)
        if decision.served_on is None or case.state not in ("served", "executing"):
            raise Conflict("处罚决定送达后、结案前才能批准暂缓或分期缴纳。")
        position = decision.payment_position()
        if decision.fine_amount <= ZERO or position.settled:
            raise Conflict("没有待缴纳的罚款。")
        errors: dict = {}
        if kind not in ArrangementKind.values:
            errors["kind"] = [f"可选值：{'、'.join(ArrangementKind.values)}。"]
        if not write.reason:
            errors["reason"] = ["请写明当事人确有经济困难的情况及批准理由。"]
        _check_arrangement_dates(decision, applied_on, approved_on, errors)
        if errors:
            raise Invalid("输入有误。", errors)
        rows = _payment_rows(case)
        if not rows:
            raise Conflict("缴款期限已经届满完成或被撤销，不能再暂缓或分期。")
        arrangement = PaymentArrangement(
            decision=decision,
            kind=kind,
            applied_on=applied_on,
            approved_on=approved_on,
            approved_by=actor,
            reason=write.reason,
        )
        if kind == ArrangementKind.DEFERRAL:
            due = _defer(decision, arrangement, rows, deferred_to, write)
        else:
            due = _instalments(case, decision, arrangement, rows, instalments or [], write)
        write.edit(decision, payment_due=due)
    return arrangement


def _defer(decision, arrangement, rows, deferred_to, write) -> dt.date:
    if len(rows) != 1 or rows[0].kind != dl.PAYMENT:
        raise Conflict("已批准分期缴纳的，不能再暂缓；请重新批准分期计划。")
    row = rows[0]
    if deferred_to is None:
        raise Invalid("输入有误。", {"deferred_to": ["请填写暂缓缴纳至哪一日。"]})
    if deferred_to <= row.due:
        raise Invalid("输入有误。", {"deferred_to": [f"暂缓后的日期须晚于现在的缴款期限（{row.due:%Y-%m-%d}）。"]})
    if deferred_to > row.due + dt.timedelta(days=3650):
        raise Invalid("输入有误。", {"deferred_to": ["暂缓期限过长。"]})
    with dl.as_payload_errors(amount="deferred_to"):
        row = deadline_extend(
            row,
            amount=(deferred_to - row.due).days,
            rule=Rule.CALENDAR_DAYS,
            reason=f"批准暂缓缴纳罚款（{limits.ARRANGEMENT_BASIS}）：{arrangement.reason}",
            approved_by=arrangement.approved_by,
        )
    arrangement.deferred_to = deferred_to
    arrangement.save()
    write.record(kind=arrangement.kind, deferred_to=deferred_to, payment_due=row.due)
    return row.due


def _instalment_errors(decision, arrangement, instalments) -> tuple[list[tuple[dt.date, Decimal]], dict]:
    errors: dict = {}
    plan = []
    if not 2 <= len(instalments) <= MAX_INSTALMENTS:
        errors["instalments"] = [f"分期缴纳须分为 2 至 {MAX_INSTALMENTS} 期。"]
        return plan, errors
    previous = arrangement.approved_on
    for number, item in enumerate(instalments, start=1):
        due, amount = item.get("due"), item.get("amount")
        if not isinstance(due, dt.date) or amount is None or Decimal(amount) <= ZERO:
            errors.setdefault("instalments", []).append(f"第{number}期：请填写缴纳日期和大于零的金额。")
            continue
        if due <= previous:
            errors.setdefault("instalments", []).append(
                f"第{number}期：缴纳日期须晚于{'批准日期' if number == 1 else '上一期'}（{previous:%Y-%m-%d}）。"
            )
        previous = max(previous, due)
        plan.append((due, Decimal(amount)))
    if not errors:
        total = sum((amount for _, amount in plan), ZERO)
        if total != decision.amount_payable:
            errors["instalments"] = [
                f"各期金额合计 {yuan(total)} 元，应等于应缴罚没款 {yuan(decision.amount_payable)} 元（已缴部分计入前几期）。"
            ]
    return plan, errors


def _instalments(case, decision, arrangement, rows, instalments, write) -> dt.date:
    plan, errors = _instalment_errors(decision, arrangement, instalments)
    if errors:
        raise Invalid("输入有误。", errors)
    arrangement.save()
    for row in rows:
        deadline_cancel(row, reason="批准分期缴纳，由各期缴纳期限代替")
    created = []
    for number, (due, amount) in enumerate(plan, start=1):
        with dl.as_payload_errors(amount="instalments", start="instalments"):
            row = dl.open_limit(
                case,
                dl.PAYMENT_INSTALMENT,
                label=f"分期缴纳罚没款第{number}期（{yuan(amount)} 元）",
                basis=limits.ARRANGEMENT_BASIS,
                start=arrangement.approved_on,
                rule=Rule.CALENDAR_DAYS,
                amount=(due - arrangement.approved_on).days,
                responsible=case.lead_officer,
                # The decision's payment_due is the last instalment's day, kept by the engine.
                mirror="payment_due" if number == len(plan) else "",
                mirror_on=decision if number == len(plan) else None,
            )
        PaymentInstalment.objects.create(arrangement=arrangement, position=number, amount=amount, deadline=row)
        created.append({"position": number, "due": row.due, "amount": amount})
    write.record(kind=arrangement.kind, instalments=created, payment_due=created[-1]["due"])
    instalments_met(case, decision, on=arrangement.approved_on)
    return created[-1]["due"]


def instalments_met(case, decision: PenaltyDecision, *, on: dt.date) -> None:
    """Mark met each instalment the payments so far cover, in order."""
    plan = decision.arrangements.filter(kind=ArrangementKind.INSTALMENTS).order_by("-approved_on", "-pk").first()
    if plan is None:
        return
    paid = sum((p.amount for p in decision.payments.all()), ZERO)
    covered = ZERO
    for instalment in plan.instalments.select_related("deadline").order_by("position"):
        covered += instalment.amount
        row = instalment.deadline
        if covered <= paid and row.is_active:
            deadline_mark_met(row, on=max(on, row.start))


# --- administrative review and lawsuit (art. 73(3)) --------------------------------------------------


def remedy_record(
    decision: PenaltyDecision,
    *,
    actor,
    kind: str,
    filed_on: dt.date,
    body: str,
    reference: str = "",
    reason: str = "",
) -> RemedyProceeding:
    """The party applied for administrative review or sued: from that day the late surcharge
    stops accruing, the remedy period is used, and the court cannot be asked to enforce while it
    runs. Raises NotFound (404), Forbidden (403), Conflict (409) or Invalid (400)."""
    label = RemedyKind(kind).label if kind in RemedyKind.values else "复议或诉讼"
    with audited_write(
        decision.case,
        "record_remedy",
        f"登记当事人申请{label}",
        actor=actor,
        permission=case_officers,
        forbidden="只有本案办案人员或机关负责人可以登记。",
        reason=reason,
    ) as write:
        case = write.obj
        decision = PenaltyDecision.objects.get(pk=decision.pk)
        if decision.served_on is None:
            raise Conflict("处罚决定送达后才能登记复议或诉讼。")
        if pending_remedy(decision) is not None:
            raise Conflict("已有尚未终结的复议或诉讼，请先登记其结果。")
        errors: dict = {}
        if kind not in RemedyKind.values:
            errors["kind"] = [f"可选值：{'、'.join(RemedyKind.values)}。"]
        if filed_on > timezone.localdate():
            errors["filed_on"] = ["日期不能晚于今天。"]
        elif filed_on < decision.served_on:
            errors["filed_on"] = [f"日期不能早于决定送达日期（{decision.served_on:%Y-%m-%d}）。"]
        if not body.strip():
            errors["body"] = ["请填写复议机关或人民法院。"]
        if errors:
            raise Invalid("输入有误。", errors)
        remedy = RemedyProceeding.objects.create(
            decision=decision,
            kind=kind,
            filed_on=filed_on,
            body=body.strip(),
            reference=reference.strip(),
            recorded_by=actor,
        )
        for period in (dl.REVIEW_PERIOD, dl.LAWSUIT):
            dl.meet(case, period, on=filed_on)
        dl.cancel_open(case, reason=f"当事人已申请{label}，终结前不申请强制执行", kinds=[dl.COURT])
        write.record(remedy=remedy.pk, kind=kind, filed_on=filed_on, body=remedy.body, reference=remedy.reference)
    return remedy


def remedy_conclude(
    decision: PenaltyDecision,
    remedy: RemedyProceeding,
    *,
    actor,
    ended_on: dt.date,
    outcome: str,
    outcome_note: str = "",
) -> RemedyProceeding:
    """The review or lawsuit ended on `ended_on`: the surcharge runs again from the next day. If the
    decision stands (wholly or as changed), the court may be asked within three months of the end —
    after a review, of the end of the 15 days the party then has to sue (《行政诉讼法》第四十五条)."""
    with audited_write(
        decision.case,
        "conclude_remedy",
        f"登记{remedy.get_kind_display()}结果",
        actor=actor,
        permission=case_officers,
        forbidden="只有本案办案人员或机关负责人可以登记。",
        reason=outcome_note,
    ) as write:
        case = write.obj
        remedy = RemedyProceeding.objects.select_for_update().get(pk=remedy.pk, decision=decision)
        if remedy.ended_on is not None:
            raise Conflict("该复议或诉讼已登记结果。")
        errors: dict = {}
        if outcome not in RemedyOutcome.values:
            errors["outcome"] = [f"可选值：{'、'.join(RemedyOutcome.values)}。"]
        if ended_on > timezone.localdate():
            errors["ended_on"] = ["日期不能晚于今天。"]
        elif ended_on < remedy.filed_on:
            errors["ended_on"] = [f"终结日期不能早于申请/起诉日期（{remedy.filed_on:%Y-%m-%d}）。"]
        if errors:
            raise Invalid("输入有误。", errors)
        write.edit(remedy, ended_on=ended_on, outcome=outcome, outcome_note=outcome_note.strip())
        if outcome != RemedyOutcome.REVOKED:
            start = ended_on
            if remedy.kind == RemedyKind.REVIEW:
                lawsuit = dl.open_limit(
                    case,
                    dl.LAWSUIT,
                    label="复议决定后提起行政诉讼期限",
                    basis="《行政诉讼法》第四十五条",
                    start=ended_on,
                    rule=Rule.CALENDAR_DAYS,
                    amount=limits.LAWSUIT_AFTER_REVIEW_DAYS,
                )
                start = lawsuit.due
                write.edit(case, lawsuit_due=lawsuit.due)
            court_window_open(case, start=start)
    return remedy


# --- a changed decision's amounts ----------------------------------------------------------------------


def decision_amounts_change(write, decision: PenaltyDecision, *, fine_amount=None, confiscated_gains=None, on):
    """A changed (变更) decision owes the new amounts: the surcharge is recomputed from them (it is
    always derived from the fine), and a decision now paid in full closes its payment limits."""
    values = {}
    if fine_amount is not None:
        values["fine_amount"] = fine_amount
    if confiscated_gains is not None:
        values["confiscated_gains"] = confiscated_gains
    if not values:
        return
    write.edit(decision, **values)
    decision = PenaltyDecision.objects.get(pk=decision.pk)
    if decision.served_on is not None:
        court_window_close_if_settled(decision.case, decision, on=max(on, decision.served_on))
