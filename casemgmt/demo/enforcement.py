"""Demo enforcement cases of the city and county bureaus in every state of both procedures,
reached through the real services and transitions (numbers, documents, deadlines and history
included), with dates spread over the past months."""

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.org.models import Department, Jurisdiction, Role, User
from casemgmt.parties.codes import make_credit_code, make_id_number
from casemgmt.workflow.services import fire_transition
from enforcement.models import EnforcementCase
from enforcement.services.cases import enforcement_case_create
from enforcement.services.decisions import penalty_payment_record

CITY, ZEZHOU, GAOPING, YANGCHENG = "140500", "140525", "140581", "140522"

# Bureau staff the demo adds next to the shared demo accounts: a second (and third) officer where
# a team or panel needs one, and each county bureau's head and legal reviewer.
# username, full name, role, jurisdiction, certificate number
EXTRA_STAFF = [
    ("officer_city3", "王磊", Role.OFFICER, CITY, "14050019004"),
    ("officer_zezhou2", "冯军", Role.OFFICER, ZEZHOU, "14052519005"),
    ("head_zezhou", "韩建华", Role.AGENCY_HEAD, ZEZHOU, ""),
    ("reviewer_zezhou", "程丽", Role.LEGAL_REVIEWER, ZEZHOU, ""),
    ("officer_gaoping", "牛晓东", Role.OFFICER, GAOPING, "14058119006"),
    ("officer_gaoping2", "常斌", Role.OFFICER, GAOPING, "14058119007"),
    ("head_gaoping", "李志宏", Role.AGENCY_HEAD, GAOPING, ""),
    ("reviewer_gaoping", "毕娟", Role.LEGAL_REVIEWER, GAOPING, ""),
    ("officer_yangcheng", "田勇", Role.OFFICER, YANGCHENG, "14052219008"),
    ("officer_yangcheng2", "原晓燕", Role.OFFICER, YANGCHENG, "14052219009"),
    ("head_yangcheng", "吉国强", Role.AGENCY_HEAD, YANGCHENG, ""),
    ("reviewer_yangcheng", "卫敏", Role.LEGAL_REVIEWER, YANGCHENG, ""),
]


def _extra_staff() -> dict[str, User]:
    staff = {}
    for username, full_name, role, code, certificate in EXTRA_STAFF:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "jurisdiction_id": code,
                "department": Department.objects.filter(kind="market_supervision", jurisdiction_id=code).first(),
                "certificate_number": certificate,
                "is_active": True,
                "email": f"{username}@example.invalid",
            },
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        staff[username] = user
    return staff


def _bureaus(users: dict) -> dict[str, dict]:
    return {
        CITY: {
            "officers": [users["officer_city"], users["officer_city2"], users["officer_city3"]],
            "head": users["bureau_head"],
            "reviewer": users["reviewer"],
        },
        ZEZHOU: {
            "officers": [users["officer_zezhou"], users["officer_zezhou2"]],
            "head": users["head_zezhou"],
            "reviewer": users["reviewer_zezhou"],
        },
        GAOPING: {
            "officers": [users["officer_gaoping"], users["officer_gaoping2"]],
            "head": users["head_gaoping"],
            "reviewer": users["reviewer_gaoping"],
        },
        YANGCHENG: {
            "officers": [users["officer_yangcheng"], users["officer_yangcheng2"]],
            "head": users["head_yangcheng"],
            "reviewer": users["reviewer_yangcheng"],
        },
    }


# The ordinary path of a penalty case; each scenario stops at its target state.
ORDINARY = [
    "start_verification",
    "file_case",
    "start_investigation",
    "close_investigation",
    "submit_for_review",
    "approve_review",
    "notify",
    "record_statement",
    "decide",
    "serve",
    "start_execution",
    "pay",
    "close",
    "archive",
]
PATHS = {
    "clue": [],
    "verifying": ORDINARY[:1],
    "not_filed": ["start_verification", "decline_filing"],
    "filed": ORDINARY[:2],
    "investigating": ORDINARY[:3],
    "suspended": [*ORDINARY[:3], "suspend_investigation"],
    "investigation_closed": ORDINARY[:4],
    "investigation_terminated": [*ORDINARY[:3], "terminate_investigation"],
    "under_review": ORDINARY[:5],
    "notified": ORDINARY[:7],
    "hearing_requested": [*ORDINARY[:7], "request_hearing", "schedule_hearing"],
    "hearing_held": [*ORDINARY[:7], "request_hearing", "schedule_hearing", "hold_hearing"],
    "collective_discussion": [
        *ORDINARY[:7],
        "request_hearing",
        "schedule_hearing",
        "hold_hearing",
        "refer_to_collective_discussion",
    ],
    "decided": ORDINARY[:9],
    "served": ORDINARY[:10],
    "executing": [*ORDINARY[:11], "pay_part", "serve_payment_demand"],
    "closed": ORDINARY[:13],
    "archived": ORDINARY[:14],
    "closed_no_penalty": [*ORDINARY[:6], "decide_no_penalty", "close"],
    "transfer_pending": [*ORDINARY[:3], "propose_criminal_transfer"],
    "transfer_approved": [*ORDINARY[:3], "propose_criminal_transfer", "approve_criminal_transfer"],
    "transferred_to_police": [
        *ORDINARY[:3],
        "propose_criminal_transfer",
        "approve_criminal_transfer",
        "transfer_to_police",
    ],
}

# Penalty scenarios: (jurisdiction, kind, respondent kind, respondent name, title, facts,
#   turnover, gains, unsold goods value, proposed fine, days since the clue arrived, target state)
PENALTY_SCENARIOS = [
    (CITY, "trademark_infringement", "organization", "晋城市某泵业贸易有限公司", "电商平台销售假冒“沁水蓝焰”商标煤层气抽采泵",
     "电商平台知识产权保护中心报送：当事人网店销售的煤层气抽采泵使用“沁水蓝焰”注册商标，权利人确认非其生产。",
     None, None, None, None, 4, "clue"),
    (CITY, "patent_counterfeiting", "organization", "晋城市某光学仪器经营部", "光学镜头包装标注已终止的专利号",
     "举报人反映当事人销售的车载光学镜头包装上标注“专利产品 ZL2019…”，经查该专利已因未缴年费终止。",
     None, None, None, None, 9, "verifying"),
    (YANGCHENG, "trademark_infringement", "individual_business", "阳城县某旅游纪念品店", "景区周边店铺销售仿冒“皇城相府”纪念品",
     "游客举报当事人销售印有“皇城相府”标识的冰箱贴。经核查，涉案商品系景区授权产品，举报不实。",
     None, None, None, None, 40, "not_filed"),
    (GAOPING, "trademark_infringement", "organization", "高平市某农产品电商有限公司", "网店销售假冒“长平”商标黄梨",
     "当事人在网店销售的梨果标注“长平黄梨”注册商标，但货源来自外省，商标权利人出具了辨认意见。",
     Decimal("36000"), Decimal("9000"), None, None, 30, "filed"),
    (ZEZHOU, "trademark_infringement", "organization", "泽州县某铸件加工厂", "铸铁管件使用“巴公”注册商标",
     "维权援助中心转来线索：当事人生产的球墨铸铁管件铸有“巴公”字样，与他人注册商标相同，产品销往河北。",
     Decimal("182000"), Decimal("41000"), None, None, 45, "investigating"),
    (CITY, "patent_counterfeiting", "organization", "晋城市某智能装备有限公司", "数控系统宣传册冒用他人专利号",
     "当事人在展会宣传册中将他人专利号标注在自己的数控系统产品上。因当事人法定代表人出境，无法询问。",
     Decimal("95000"), Decimal("18000"), None, None, 80, "suspended"),
    (YANGCHENG, "trademark_infringement", "organization", "阳城县某陶瓷经营部", "销售假冒“阳城琉璃”注册商标的琉璃工艺品",
     "当事人门店陈列销售的琉璃摆件标注“阳城琉璃”集体商标，但当事人不是该集体商标注册人的成员。",
     Decimal("52000"), Decimal("13000"), None, None, 60, "investigation_closed"),
    (GAOPING, "patent_counterfeiting", "organization", "高平市某建材门市", "销售标注伪造专利号的建筑模板",
     "经调查，涉案模板系他人生产，当事人已在立案前注销，主体灭失。",
     None, None, None, None, 70, "investigation_terminated"),
    (CITY, "trademark_infringement", "organization", "晋城市某眼镜店", "销售假冒“丹河”注册商标的树脂镜片",
     "当事人销售的树脂镜片外包装使用“丹河”注册商标，权利人鉴定为假冒产品，现场查获1,200副。",
     Decimal("78000"), Decimal("21000"), None, Decimal("60000"), 75, "under_review"),
    (ZEZHOU, "trademark_infringement", "organization", "泽州县某农资经营部", "销售假冒“太行红”商标谷种",
     "当事人销售的谷种包装印有“太行红”注册商标，权利人辨认为假冒产品，库存380袋。",
     Decimal("46000"), Decimal("9800"), None, Decimal("40000"), 90, "notified"),
    (CITY, "trademark_infringement", "organization", "山西某煤机配件有限公司", "煤层气井口装置使用他人注册商标",
     "当事人生产的井口排采控制装置铭牌使用他人“蓝焰”注册商标，违法经营额较大。",
     Decimal("420000"), Decimal("96000"), None, Decimal("300000"), 120, "hearing_requested"),
    (CITY, "trademark_infringement", "organization", "晋城市某文旅商贸有限公司", "批量销售假冒“珏山”商标文创产品",
     "当事人向多家景区门店批发印有“珏山”注册商标的文创产品，商标权人确认未授权。",
     Decimal("260000"), Decimal("58000"), None, Decimal("200000"), 150, "hearing_held"),
    (CITY, "trademark_infringement", "organization", "晋城市某机械铸造有限公司", "出口铸件假冒他人注册商标",
     "当事人受托加工的出口铸件使用他人注册商标，委托方不能提供商标授权。",
     Decimal("560000"), Decimal("120000"), None, Decimal("500000"), 170, "collective_discussion"),
    (GAOPING, "trademark_infringement", "person", "赵建平", "集市摊位销售假冒“长平”商标小米",
     "当事人在集市摊位销售标注“长平”注册商标的小米，无法提供进货来源。",
     Decimal("8600"), Decimal("2100"), None, Decimal("15000"), 100, "decided"),
    (YANGCHENG, "patent_counterfeiting", "organization", "阳城县某机电设备有限公司", "产品铭牌标注他人专利号",
     "当事人生产的提升机制动器铭牌上标注他人的实用新型专利号，冒充专利产品。",
     Decimal("135000"), Decimal("27000"), None, Decimal("80000"), 110, "served"),
    (CITY, "trademark_infringement", "person", "刘玉梅", "网店销售假冒“凤城”商标光学望远镜",
     "当事人以个人名义开设网店销售标注“凤城”注册商标的望远镜，权利人鉴定为假冒。",
     Decimal("64000"), Decimal("15500"), None, Decimal("50000"), 200, "executing"),
    (ZEZHOU, "trademark_infringement", "person", "郭小军", "销售假冒“巴公”商标铸铁炉具",
     "当事人在南村镇门市销售标注“巴公”注册商标的铸铁炉具，商标权人辨认为假冒。",
     Decimal("28000"), Decimal("6500"), None, Decimal("30000"), 160, "closed"),
    (CITY, "patent_counterfeiting", "organization", "晋城市某电子科技有限公司", "激光测距仪标注未授权的专利号",
     "当事人在激光测距仪说明书上标注尚未授权的专利申请号并称“专利产品”。",
     Decimal("48000"), Decimal("12000"), None, Decimal("30000"), 240, "archived"),
    (YANGCHENG, "trademark_infringement", "organization", "阳城县某商贸有限公司", "超市销售涉嫌侵权的“析城”牌小米（不予处罚）",
     "当事人首次违法，涉案商品仅2袋，已及时下架并配合调查，没有造成危害后果。",
     Decimal("120"), Decimal("30"), None, None, 95, "closed_no_penalty"),
    (CITY, "trademark_infringement", "organization", "晋城市某汽配有限公司", "大量销售假冒注册商标的汽车滤清器",
     "当事人仓库查获假冒注册商标的汽车滤清器1.2万件，销售记录显示销售金额达86万元，涉嫌犯罪。",
     Decimal("860000"), Decimal("210000"), Decimal("300000"), None, 50, "transfer_pending"),
    (GAOPING, "trademark_infringement", "organization", "高平市某酒业有限公司", "生产销售假冒注册商标的白酒",
     "当事人生产、销售假冒他人注册商标的白酒，查获成品酒2,000余瓶。",
     Decimal("390000"), Decimal("88000"), Decimal("160000"), None, 55, "transfer_approved"),
    (ZEZHOU, "trademark_infringement", "organization", "泽州县某五金批发部", "批发假冒注册商标的电动工具",
     "当事人批发假冒他人注册商标的电动工具，销售金额逾60万元，已移送公安机关。",
     Decimal("620000"), Decimal("130000"), None, None, 65, "transferred_to_police"),
]  # fmt: skip

# Who complained: the holders of the marks and patents concerned.
COMPLAINANTS = [
    "山西蓝焰煤层气集团有限责任公司",
    "山西晋光精密光电科技有限公司",
    "阳城县皇城相府文化旅游有限公司",
    "高平市长平黄梨专业合作社",
    "泽州县巴公铸造有限公司",
    "晋城市凤城智能装备有限公司",
    "阳城县琉璃工艺品协会",
    "晋城市丹河光学元件厂",
    "山西太行红种业有限公司",
    "晋城市珏山文化旅游发展有限公司",
]

ADJUDICATION_SCENARIOS = [
    ("晋城市某精密光电有限公司", "晋城市某电子经营部", "激光测距模组外观设计专利侵权纠纷", 6, "requested"),
    ("沁水某煤层气装备有限公司", "山西某能源机械有限公司", "煤层气排采控制装置实用新型专利侵权纠纷", 30, "filed"),
    ("晋城市某智能制造有限公司", "晋城市某自动化设备公司", "数控系统人机界面外观设计专利侵权纠纷", 70, "mediating"),
    ("山西某铸造科技有限公司", "晋城市某铸件销售公司", "铸造涂料发明专利侵权纠纷", 120, "decided"),
    ("晋城市某光学元件厂", "晋城市某光学仪器公司", "树脂镜片模具实用新型专利侵权纠纷", 150, "final"),
]

ADJUDICATION_PATHS = {
    "requested": [],
    "filed": ["examine", "accept_request"],
    "mediating": [
        "examine",
        "accept_request",
        "serve_respondent",
        "record_answer",
        "hold_oral_hearing",
        "start_mediation",
    ],
    "decided": ["examine", "accept_request", "serve_respondent", "record_answer", "hold_oral_hearing", "adjudicate"],
    "final": [
        "examine",
        "accept_request",
        "serve_respondent",
        "record_answer",
        "hold_oral_hearing",
        "adjudicate",
        "serve_ruling",
        "mark_final",
    ],
}


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


def _party(rng: random.Random, kind: str, name: str, code: str) -> dict:
    if kind == "person":
        return {
            "kind": "person",
            "name": name,
            "id_number": make_id_number(rng, code if code != CITY else "140502"),
            "address": f"山西省晋城市{Jurisdiction.objects.get(code=code).name}",
            "phone": f"1393566{rng.randint(1000, 9999)}",
        }
    return {
        "kind": kind,
        "name": name,
        "credit_code": make_credit_code(rng, code, "92" if kind == "individual_business" else "91"),
        "address": f"山西省晋城市{Jurisdiction.objects.get(code=code).name}",
        "legal_representative": rng.choice(["王建军", "李红梅", "张志强", "赵国庆"]),
    }


def _legal_basis(case) -> str:
    if case.kind == "trademark_infringement":
        return "《中华人民共和国商标法》第六十条第二款"
    return "《中华人民共和国专利法》第六十八条"


def _party_lines(party) -> str:
    """The party block of a decision as served: a natural person's ID number, address and phone are
    in it (the publication pipeline masks them); an organisation's code and address."""
    if party.is_person:
        return (
            f"当事人：{party.name}，公民身份号码：{party.id_number}，住址：{party.address}，联系电话：{party.phone}\n"
        )
    return f"当事人：{party.name}，统一社会信用代码：{party.credit_code}，住所：{party.address}\n"


def _decision_text(case, fine: Decimal) -> str:
    party = case.principal_party
    return (
        _party_lines(party) + f"经查：{case.facts}\n"
        f"上述事实有现场检查笔录、询问笔录、权利人辨认意见等证据证明。\n"
        f"本局认为，当事人的行为违反了相关法律规定。依据{_legal_basis(case)}，决定如下：\n"
        f"一、责令立即停止侵权行为；二、没收侵权商品；三、罚款人民币{fine:,.2f}元。\n"
        "当事人应自收到本决定书之日起十五日内缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。\n"
        "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。"
    )


def _penalty_step(name: str, case: EnforcementCase, bureau: dict, clock: Clock, proposed: Decimal | None):
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
            {"officers": [officer.pk, second.pk], "filed_on": clock.after(3)},
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
                "decision_text": _decision_text(case, fine),
                "decided_on": clock.after(8 if hearing_requested is None else 3),
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


def _pay(case: EnforcementCase, bureau: dict, clock: Clock, *, part: bool) -> None:
    decision = case.penalty_decision
    amount = decision.fine_amount / 2 if part else decision.amount_payable
    penalty_payment_record(
        decision,
        actor=bureau["officers"][0],
        amount=amount,
        paid_on=clock.after(5),
        receipt_number=f"晋非税{decision.pk:06d}",
    )


def _load_penalties(bureaus: dict, rng: random.Random) -> int:
    today = timezone.localdate()
    for index, scenario in enumerate(PENALTY_SCENARIOS):
        code, kind, party_kind, name, title, facts, turnover, gains, unsold, proposed, age, target = scenario
        bureau = bureaus[code]
        clock = Clock(today - dt.timedelta(days=age))
        case = enforcement_case_create(
            actor=bureau["officers"][0],
            procedure="penalty",
            jurisdiction=Jurisdiction.objects.get(code=code),
            kind=kind,
            clue_source="ecommerce_platform" if "电商" in title or "网店" in title else "complaint",
            title=title,
            facts=facts,
            received_on=clock.day,
            illegal_turnover=turnover,
            illegal_gains=gains,
            unsold_goods_value=unsold,
            parties=[
                {"role": "respondent", "party": _party(rng, party_kind, name, code)},
                {
                    "role": "complainant",
                    "party": _party(rng, "organization", COMPLAINANTS[index % len(COMPLAINANTS)], CITY),
                },
            ],
        )
        for step in PATHS[target]:
            if step in ("pay", "pay_part"):
                _pay(case, bureau, clock, part=step == "pay_part")
                case.refresh_from_db()
                continue
            actor, reason, payload = _penalty_step(step, case, bureau, clock, proposed)
            transition = "decide" if step == "decide_no_penalty" else step
            case = fire_transition(case, transition, actor=actor, reason=reason, payload=payload)
    return len(PENALTY_SCENARIOS)


def _adjudication_step(name: str, case: EnforcementCase, bureau: dict, clock: Clock):
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


def _load_adjudications(bureaus: dict, rng: random.Random) -> int:
    bureau = bureaus[CITY]
    today = timezone.localdate()
    for requester, respondent, title, age, target in ADJUDICATION_SCENARIOS:
        clock = Clock(today - dt.timedelta(days=age))
        case = enforcement_case_create(
            actor=bureau["officers"][0],
            procedure="adjudication",
            jurisdiction=Jurisdiction.objects.get(code=CITY),
            title=title,
            facts=f"请求人{requester}系涉案专利的专利权人，被请求人{respondent}未经许可制造、销售落入其专利保护范围的产品。",
            claims="请求责令被请求人立即停止侵权行为。",
            received_on=clock.day,
            parties=[
                {"role": "right_holder", "party": _party(rng, "organization", requester, CITY)},
                {"role": "respondent", "party": _party(rng, "organization", respondent, CITY)},
            ],
        )
        for step in ADJUDICATION_PATHS[target]:
            actor, reason, payload = _adjudication_step(step, case, bureau, clock)
            case = fire_transition(case, step, actor=actor, reason=reason, payload=payload)
    return len(ADJUDICATION_SCENARIOS)


def load_demo_enforcement(users: dict, rng: random.Random) -> int:
    """Create the demo enforcement cases once (idempotent); returns how many were created."""
    if EnforcementCase.objects.filter(created_by=users["officer_city"]).exists():
        return 0
    bureaus = _bureaus({**users, **_extra_staff()})
    created = _load_penalties(bureaus, rng) + _load_adjudications(bureaus, rng)
    _load_raids(bureaus)
    _publish_decisions(bureaus)
    return created


def _load_raids(bureaus) -> None:
    """An on-site inspection on each case under investigation, by its two assigned officers."""
    from enforcement.services.inspections import inspection_create

    for case in EnforcementCase.objects.filter(state="investigating").prefetch_related("officers"):
        officers = list(case.officers.all())[:2]
        inspection_create(
            case,
            actor=officers[0],
            started_at=timezone.now() - dt.timedelta(days=2, hours=3),
            ended_at=timezone.now() - dt.timedelta(days=2, hours=1),
            place=f"{case.jurisdiction.name}工业园区当事人生产车间及成品仓库",
            officers=officers,
            findings="成品仓库存放涉嫌侵权产品一批，外包装标注他人注册商标；现场提取样品三件，拍照固定。",
            signature="signed",
            certificates_shown=True,
            persons_present=[{"name": "赵建平", "role": "staff"}],
        )


def _publish_decisions(bureaus) -> None:
    """Reviewers approve the publication of every pending decision but one, which stays for review."""
    from casemgmt.publication.models import Publication

    pending = list(Publication.objects.filter(state="pending").order_by("pk"))
    for publication in pending[1:]:
        reviewer = bureaus[publication.jurisdiction_id]["reviewer"]
        fire_transition(publication, "publish", actor=reviewer, reason="已核对遮蔽内容，同意公示")
