"""Each step of a demo enforcement case: who fires it, with which reason and payload, on which
date of the scenario's clock."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from enforcement.models import EnforcementCase


class Clock:
    """Dates of one scenario, moving forward from the day the clue arrived, never past today."""

    def __init__(self, received: dt.date):
        self.day = received
        self.today = timezone.localdate()

    def after(self, days: int) -> dt.date:
        self.day = min(self.today, self.day + dt.timedelta(days=days))
        return self.day

    def after_working_days(self, days: int) -> dt.date:
        self.day = min(self.today, compute_due(self.day, Rule.WORKING_DAYS, days).due)
        return self.day


def _legal_basis(case) -> str:
    if case.kind == "trademark_infringement":
        return "《中华人民共和国商标法》第六十条第二款"
    return "《中华人民共和国专利法》第六十八条"


EVIDENCE = "询问笔录\n权利人出具的辨认意见\n进货单据及销售记录"


def _after_statement_window(case, clock: Clock, days: int) -> dt.date:
    """A decision date past the party's window to state, defend or ask for a hearing."""
    day = clock.after(days)
    if case.statement_due is not None and day <= case.statement_due:
        day = clock.after((case.statement_due - day).days + 1)
    return day


def penalty_step(name: str, case: EnforcementCase, bureau: dict, clock: Clock, proposed: Decimal | None):
    """(actor, reason, payload) of one step of a demo penalty case."""
    officer, second, head, reviewer = bureau["officers"][0], bureau["officers"][1], bureau["head"], bureau["reviewer"]
    fine = proposed or Decimal("0")
    hearing_requested = case.hearing_requested_on
    steps = {
        "start_verification": lambda: (officer, "开始核查线索。", {}),
        "decline_filing": lambda: (head, "经核查，举报事项不属实，不予立案。", {}),
        "file_case": lambda: (
            head,
            "有证据初步证明存在违法行为，决定立案。",
            {
                "officers": [officer.pk, second.pk],
                "filed_on": clock.after(3),
                "violation_on": case.received_on - dt.timedelta(days=20),
            },
        ),
        "start_investigation": lambda: (officer, "现场检查，调取证据。", {}),
        "suspend_investigation": lambda: (
            head,
            "当事人法定代表人出境，暂时无法询问。",
            {"ground": "party_unavailable", "suspended_from": clock.after(10)},
        ),
        "terminate_investigation": lambda: (head, "当事人已注销，主体灭失，终止调查。", {}),
        "close_investigation": lambda: (
            officer,
            "",
            {"investigation_report": "违法事实清楚，证据确凿，建议依法给予行政处罚。", "closed_on": clock.after(20)},
        ),
        "submit_for_review": lambda: (officer, "", {"submitted_on": clock.after(1)}),
        "approve_review": lambda: (
            reviewer,
            "",
            {
                "review_opinion": "主要事实清楚，证据充分，适用依据正确，程序合法，处罚适当。",
                "reviewed_on": clock.after(2),
            },
        ),
        "notify": lambda: (
            officer,
            "",
            {
                "proposed_penalty": f"拟责令停止侵权行为，没收侵权商品，并处罚款人民币{fine:,.2f}元。",
                "proposed_fine": str(fine),
                "notice_served_on": clock.after(2),
                "service_method": "direct",
            },
        ),
        "record_statement": lambda: (
            officer,
            "",
            {"received_on": clock.after(2), "statement_text": "当事人称系初次违法，请求从轻处罚。经复核，不予采纳。"},
        ),
        "request_hearing": lambda: (officer, "", {"requested_on": clock.after(2)}),
        "schedule_hearing": lambda: (
            officer,
            "",
            {
                "notice_served_on": clock.after(1),
                "hearing_date": compute_due(clock.day, Rule.WORKING_DAYS, 7).due,
            },
        ),
        "hold_hearing": lambda: (
            officer,
            "",
            {
                "held_on": clock.after_working_days(7),
                "hearing_record": "听证主持人：法制机构工作人员。当事人委托代理人到场，对违法经营额提出异议，经质证不予采纳。",
            },
        ),
        "refer_to_collective_discussion": lambda: (head, "罚款数额较大，提交局务会议集体讨论。", {}),
        "decide": lambda: (
            head,
            "",
            {
                "outcome": "penalty",
                "violation_type": case.get_kind_display(),
                "legal_basis": _legal_basis(case),
                "fine_amount": str(fine),
                "confiscated_items": "侵权商品",
                "order_to_stop": True,
                "facts": f"{case.facts}经查证属实。",
                "evidence": EVIDENCE,
                "decided_on": _after_statement_window(case, clock, 8 if hearing_requested is None else 3),
                **(
                    {"discussion_minutes": "局务会议集体讨论，同意法制审核意见。"}
                    if case.state == "collective_discussion"
                    else {}
                ),
            },
        ),
        "decide_no_penalty": lambda: (
            head,
            "",
            {
                "outcome": "no_penalty",
                "decision_note": "当事人初次违法且危害后果轻微并及时改正，依据《行政处罚法》第三十三条第一款不予行政处罚。",
                "decision_text": f"当事人：{case.principal_party.name}\n经查：{case.facts}\n本局决定不予行政处罚。",
                "decided_on": clock.after(3),
            },
        ),
        "serve": lambda: (officer, "", {"served_on": clock.after(2), "service_method": "direct"}),
        "start_execution": lambda: (officer, "", {}),
        "serve_payment_demand": lambda: (
            officer,
            "当事人逾期未缴清罚款。",
            {"served_on": clock.after(25)},
        ),
        "propose_criminal_transfer": lambda: (
            officer,
            "",
            {
                "team": [officer.pk, second.pk],
                "report": "当事人销售金额及库存货值达到刑事立案追诉标准，涉嫌销售假冒注册商标的商品罪，建议移送公安机关。",
            },
        ),
        "approve_criminal_transfer": lambda: (head, "同意移送。", {}),
        "transfer_to_police": lambda: (
            second,
            "",
            {"police_unit": f"{case.jurisdiction.name}公安局", "receipt": "公安机关已出具接受案件回执。"},
        ),
        "close": lambda: (head, "", {"closing_report": "案件办理终结，报请结案。"}),
        "archive": lambda: (officer, "卷宗整理完毕，归档。", {}),
    }
    return steps[name]()


def adjudication_step(name: str, case: EnforcementCase, bureau: dict, clock: Clock):
    officers, head = bureau["officers"], bureau["head"]
    steps = {
        "examine": lambda: (officers[0], "请求书及证据材料齐全。", {}),
        "accept_request": lambda: (
            head,
            "符合受理条件，立案并组成合议组。",
            {"officers": [o.pk for o in officers[:3]], "lead_officer": officers[1].pk, "filed_on": clock.after(3)},
        ),
        "serve_respondent": lambda: (officers[0], "", {"served_on": clock.after(2)}),
        "record_answer": lambda: (
            officers[0],
            "",
            {"answer_text": "被请求人认为被控产品采用的是现有技术，不构成侵权。", "answered_on": clock.after(12)},
        ),
        "hold_oral_hearing": lambda: (
            officers[1],
            "",
            {"held_on": clock.after(10), "record": "双方当事人到庭，就技术特征比对进行了质证和辩论。"},
        ),
        "start_mediation": lambda: (
            officers[1],
            "双方同意就赔偿数额进行调解。",
            {"both_parties_consent": True, "scope": "侵权赔偿数额及后续许可使用费"},
        ),
        "adjudicate": lambda: (
            head,
            "",
            {
                "infringement_found": True,
                "order_to_stop": True,
                "ruling_basis": "《中华人民共和国专利法》第十一条、第六十五条",
                "ruling_text": "经比对，被控侵权产品落入涉案专利权的保护范围。责令被请求人立即停止制造、销售侵权产品。",
                "decided_on": clock.after(15),
            },
        ),
        "serve_ruling": lambda: (officers[0], "", {"served_on": clock.after(2)}),
        "mark_final": lambda: (officers[0], "当事人未在法定期限内起诉。", {"no_lawsuit_confirmed": True}),
    }
    return steps[name]()
