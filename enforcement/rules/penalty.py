"""Pure guards of the administrative penalty procedure (DOMAIN §3a)."""

from django.utils import timezone

from casemgmt.workflow.transitions import Condition

from ..choices import Outcome, State


def statement_window_over(case, on=None) -> bool:
    """The 5 working days to state, defend or ask for a hearing have passed on `on` (default today)."""
    on = on or timezone.localdate()
    return case.statement_due is not None and on > case.statement_due


def rights_waived(case) -> bool:
    """The party expressly waived in writing both its statement and defence and, when the notice
    gave it, its hearing: only then may the bureau decide before the window closes."""
    return case.statement_waived and (case.hearing_waived or not case.hearing_right)


def party_was_heard(case, on=None) -> bool:
    """The party's rights to state, defend and be heard can no longer be cut off (《行政处罚法》第四十四
    条、第四十五条、第六十三条、第六十四条): the window has passed, the party waived both rights in
    writing, or the hearing it asked for was held and its record and report are on file. A statement
    alone does not close the window: a hearing may still be requested until its last day."""
    if case.state == State.COLLECTIVE_DISCUSSION:
        return True  # reached only once the party was heard
    if case.state == State.HEARING_HELD:
        return case.hearing_held_on is not None and bool(case.hearing_record.strip())
    if case.state == State.NOTIFIED:
        return rights_waived(case) or statement_window_over(case, on)
    return False


NOT_HEARD = (
    "当事人陈述、申辩和要求听证的期限尚未届满：须期限届满、当事人书面明确放弃陈述申辩和听证权利，"
    "或者听证结束并形成听证笔录和报告后，才能作出决定（《行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条）。"
)


filing_clock_running = Condition(lambda c: c.filing_clock_paused_since is None, "立案审查期限正在暂停计算中。")
filing_clock_paused = Condition(lambda c: c.filing_clock_paused_since is not None, "立案审查期限没有暂停计算。")
filing_not_extended = Condition(lambda c: c.filing_extended_on is None, "立案审查期限已经延长过一次。")
review_pending = Condition(lambda c: not c.review_passed, "法制审核已经通过。")
review_passed = Condition(lambda c: c.review_passed, "法制审核尚未通过，不能事先告知。")
review_passed_before_decision = Condition(
    lambda c: c.state != State.UNDER_REVIEW or c.review_passed, "法制审核尚未通过，不能作出决定。"
)
party_heard = Condition(lambda c: c.state == State.UNDER_REVIEW or party_was_heard(c), NOT_HEARD)
heard_before_discussion = Condition(party_was_heard, NOT_HEARD)
statement_not_recorded = Condition(lambda c: c.statement_recorded_on is None, "已登记当事人的陈述申辩。")
has_hearing_right = Condition(lambda c: c.hearing_right, "事先告知未载明听证权利（拟作出的处罚不属于听证范围）。")
hearing_scheduled = Condition(lambda c: c.hearing_date is not None, "尚未确定听证日期并送达听证通知。")
discussed_if_serious = Condition(
    lambda c: c.state == State.COLLECTIVE_DISCUSSION or not c.requires_collective_discussion,
    "拟作出的处罚属于情节复杂或重大违法行为，须经机关负责人集体讨论决定。",
)


def _decision(case):
    return getattr(case, "penalty_decision", None) if case.pk else None


def _executed(case) -> bool:
    decision = _decision(case)
    settled = decision is not None and decision.payment_position().settled
    return settled or case.court_concluded_on is not None


def _may_close(case) -> bool:
    if case.state == State.DECIDED:
        return case.outcome in (Outcome.NO_PENALTY, Outcome.TRANSFERRED)
    if case.state == State.EXECUTING:
        return _executed(case)
    return True


may_close = Condition(
    _may_close, "尚不能结案：处罚决定尚未执行完毕（罚没款未缴清且未经人民法院执行终结），或决定须先送达。"
)
payment_in_default = Condition(
    lambda c: (d := _decision(c)) is not None and d.in_default(),
    "罚没款缴纳期限尚未届满，或已经缴清，无须催告。",
)
demand_not_served = Condition(lambda c: c.payment_demand_served_on is None, "已送达催告书。")
demand_served = Condition(lambda c: c.payment_demand_served_on is not None, "尚未送达催告书。")
court_not_applied = Condition(lambda c: c.court_applied_on is None, "已申请人民法院强制执行。")
court_applied = Condition(lambda c: c.court_applied_on is not None, "尚未申请人民法院强制执行。")
court_not_concluded = Condition(lambda c: c.court_concluded_on is None, "已登记人民法院的执行结果。")
penalty_outcome = Condition(
    lambda c: c.outcome == Outcome.PENALTY, "只有给予行政处罚的决定需要送达执行；本案请直接结案。"
)
