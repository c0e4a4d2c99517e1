"""Demo mediation cases in every state and a few arbitration/litigation referrals, reached
through the real services and transitions; the mediator's calendar has sessions next week."""

import datetime as dt
import random

from django.utils import timezone

from casemgmt.org.models import Jurisdiction
from casemgmt.parties.codes import demo_credit_code
from casemgmt.workflow.services import fire_transition
from cases.models import ArbitrationReferral, MediationCase
from cases.services.arbitration import arbitration_referral_create
from cases.services.court import mediation_report_to_court
from cases.services.mediation import mediation_create
from cases.services.sessions import mediation_session_create

# How each state is reached from 'applied' (a "session" step books a past session with minutes).
PATHS = {
    "applied": [],
    "consulting_respondent": ["consult_respondent"],
    "declined": ["consult_respondent", "record_refusal"],
    "accepted": ["consult_respondent", "record_consent", "accept", "assign_mediator"],
    "withdrawn": ["consult_respondent", "withdraw"],
}
PATHS["in_mediation"] = PATHS["accepted"] + ["start_mediation"]
PATHS["agreement_reached"] = PATHS["in_mediation"] + ["session", "record_agreement"]
PATHS["terminated"] = PATHS["in_mediation"] + ["session", "terminate"]
PATHS["judicial_confirmation_requested"] = PATHS["agreement_reached"] + ["request_judicial_confirmation"]
PATHS["confirmed"] = PATHS["judicial_confirmation_requested"] + ["record_confirmation"]
PATHS["confirmation_rejected"] = PATHS["judicial_confirmation_requested"] + ["record_confirmation_rejection"]
PATHS["performed"] = PATHS["confirmed"] + ["record_performance"]
PATHS["enforcement_applied"] = PATHS["confirmed"] + ["apply_enforcement"]
PATHS["referred"] = PATHS["terminated"] + ["refer"]

BY_CLERK = {"consult_respondent", "record_consent", "record_refusal", "withdraw"}
BY_HEAD = {"accept", "decline", "assign_mediator"}

# applicant, respondent, title, facts, claims, ip type, jurisdiction, target state, extras
SCENARIOS = [
    (
        "沁水县蓝源煤层气技术服务有限公司",
        "山西某煤层气装备制造有限公司",
        "煤层气井口排采控制装置专利许可费纠纷",
        "申请人系“一种煤层气井口排采控制装置”实用新型专利权人。被申请人在沁水县多个区块的排采设备中使用该技术方案，"
        "双方曾就许可费磋商未果。",
        "请求被申请人支付许可使用费二十万元，并签订许可合同。",
        "patent",
        "140521",
        "applied",
        {},
    ),
    (
        "陵川县太行云顶文旅发展有限公司",
        "陵川县某山居民宿",
        "景区注册商标被用于民宿招牌",
        "申请人的景区名称已注册为商标，核定使用于旅游服务、住宿服务。被申请人在招牌、网络订房平台上使用相同文字。",
        "请求被申请人停止使用并更换招牌，赔偿损失二万元。",
        "trademark",
        "140524",
        "consulting_respondent",
        {},
    ),
    (
        "泽州县金鼎精密铸造有限公司",
        "晋城市某管件制造厂",
        "消失模铸造砂箱实用新型专利侵权纠纷",
        "申请人拥有“一种消失模铸造用负压砂箱”实用新型专利。被申请人车间使用的砂箱结构与专利权利要求相同。",
        "请求被申请人停止使用侵权砂箱并赔偿损失十万元。",
        "patent",
        "140525",
        "accepted",
        {"sessions_next_week": [(2, 14, 30)]},
    ),
    (
        "山西晋光精密光电科技有限公司",
        "晋城市鑫瑞光学仪器经营部",
        "激光测距模组外观设计专利侵权纠纷（诉前委派）",
        "原告以被告销售的激光测距模组侵犯其外观设计专利为由起诉，晋城市中级人民法院经双方同意诉前委派分中心调解。",
        "请求被告停止销售侵权产品并赔偿经济损失十五万元。",
        "patent",
        "140502",
        "in_mediation",
        {
            "source": "court_pre_litigation",
            "court_name": "晋城市中级人民法院",
            "court_case_number": "(2026)晋05民初123号",
            "sessions_next_week": [(0, 9, 0), (3, 9, 0)],
        },
    ),
    (
        "高平市丹朱岭煤机装备有限公司",
        "长治市某矿山机械有限公司",
        "煤层气抽采泵技术秘密纠纷",
        "申请人原技术员离职后入职被申请人，被申请人随即推出结构相近的抽采泵。双方均希望通过调解解决，避免诉讼。",
        "请求被申请人停止使用相关图纸，支付补偿金。",
        "trade_secret",
        "140581",
        "in_mediation",
        {"sessions_next_week": [(1, 9, 0)]},
    ),
    (
        "阳城县皇城文旅发展有限公司",
        "阳城县某旅游纪念品店",
        "景区商标用于纪念品的侵权纠纷",
        "被申请人销售的冰箱贴、明信片印有申请人注册商标图样。",
        "请求被申请人停止销售并销毁库存。",
        "trademark",
        "140522",
        "declined",
        {},
    ),
    (
        "晋城市丹河光学元件厂",
        "晋城市某眼镜店",
        "“丹河”镜片商标使用纠纷",
        "被申请人将散装镜片自行贴附申请人商标标识后销售，申请人认为构成商标侵权。",
        "请求被申请人停止贴标销售并赔偿损失。",
        "trademark",
        "140502",
        "agreement_reached",
        {
            "agreement": "一、被申请人自即日起停止在非申请人供货的镜片上使用“丹河”标识；二、被申请人于十五日内赔偿申请人"
            "损失一万二千元；三、双方无其他争议。",
        },
    ),
    (
        "泽州县巴公铸造有限公司",
        "河北某铸业贸易有限公司",
        "“巴公”商标许可期满后继续使用纠纷",
        "双方商标许可合同于2026年6月期满，被申请人仍在电商平台使用“巴公铸件”字样。",
        "请求被申请人停止使用并支付期满后使用费。",
        "trademark",
        "140525",
        "terminated",
        {"termination": "被申请人坚持认为“巴公”系地名，不同意停止使用，双方分歧较大，调解不成。"},
    ),
    (
        "沁水蓝焰煤层气装备有限公司",
        "晋城市某能源工程有限公司",
        "排采泵变频控制柜专利许可纠纷",
        "被申请人在工程项目中采购并使用了仿制申请人专利的控制柜，双方经调解就许可费达成一致。",
        "请求支付许可费并补签许可合同。",
        "patent",
        "140521",
        "judicial_confirmation_requested",
        {"agreement": "被申请人于三十日内支付许可费六万元，双方补签三年期普通许可合同。"},
    ),
    (
        "山西凤城光学仪器有限公司",
        "太原某光电贸易有限公司",
        "望远镜光学系统实用新型专利纠纷",
        "被申请人销售的望远镜采用与申请人专利相同的棱镜结构，双方同意调解。",
        "请求停止销售，赔偿损失。",
        "patent",
        "140502",
        "confirmed",
        {"agreement": "被申请人停止销售涉案型号并于二十日内赔偿三万元。"},
    ),
    (
        "阳城县析城山生态旅游有限公司",
        "某网络科技有限公司",
        "景区宣传摄影作品著作权纠纷",
        "被申请人在其旅游攻略平台使用申请人拍摄的景区宣传图片二十余幅。",
        "请求删除图片并支付使用费。",
        "copyright",
        "140522",
        "confirmation_rejected",
        {"agreement": "被申请人删除全部涉案图片，并以平台广告位折抵使用费。"},
    ),
    (
        "晋城市凤台精工铸造有限公司",
        "晋城市某机械配件厂",
        "球墨铸铁件铸造工艺专利纠纷",
        "被申请人使用申请人专利工艺生产球墨铸铁件，经调解双方达成许可协议。",
        "请求支付许可费。",
        "patent",
        "140571",
        "performed",
        {"agreement": "被申请人一次性支付许可费四万元，此后按年支付。"},
    ),
    (
        "高平市长平煤层气装备有限公司",
        "晋城市某钻采设备租赁公司",
        "煤层气钻机防喷装置专利纠纷",
        "经调解双方达成赔偿协议并经法院确认，被申请人仅支付部分款项。",
        "请求支付赔偿款。",
        "patent",
        "140581",
        "enforcement_applied",
        {"agreement": "被申请人分两期支付赔偿款八万元。"},
    ),
    (
        "晋城市光谷科技有限公司",
        "江苏某光学有限公司",
        "光学镀膜技术许可合同纠纷",
        "双方《技术许可合同》约定争议提交晋城仲裁委员会仲裁。被许可方拖欠许可费，调解未能达成一致。",
        "请求支付拖欠许可费三十万元及违约金。",
        "patent",
        "140500",
        "referred",
        {"termination": "被申请人否认拖欠，双方同意按合同约定申请仲裁。"},
    ),
    (
        "陵川县王莽岭山庄有限公司",
        "陵川县某农家乐",
        "山庄字号被仿用纠纷",
        "申请人发现被申请人招牌使用近似字号，后双方自行协商解决。",
        "请求停止使用近似字号。",
        "trademark",
        "140524",
        "withdrawn",
        {},
    ),
]


def _payload(name: str, users, extras: dict, today: dt.date, number: int = 1) -> tuple[str, dict]:
    day = today.isoformat()
    return {
        "consult_respondent": ("电话联系被申请人，征询是否同意调解。", {}),
        "record_consent": (
            "被申请人提交书面意见，同意调解。",
            {"responded_on": day, "method": "written", "note": "被申请人书面同意由分中心主持调解。"},
        ),
        "record_refusal": (
            "被申请人明确表示不接受调解，将通过诉讼解决。",
            {"responded_on": day, "method": "phone", "note": "电话答复，已记录在案。"},
        ),
        "accept": ("双方均同意调解，属于知识产权纠纷调解范围，予以受理。", {}),
        "assign_mediator": ("指派调解员赵敏主持调解。", {"mediator": users["mediator"].pk}),
        "start_mediation": ("已通知双方，开始调解。", {}),
        "record_agreement": (
            "双方在调解员主持下签署调解协议。",
            {"agreement_text": extras.get("agreement", "双方达成和解。"), "agreement_effective_on": day},
        ),
        "terminate": (
            "调解不成，终止调解。",
            {"termination_reason": extras.get("termination", "双方分歧较大，调解不成。")},
        ),
        "request_judicial_confirmation": (
            "双方共同向人民法院申请司法确认。",
            {"confirmation_court": "晋城市城区人民法院", "confirmation_applied_on": day},
        ),
        "record_confirmation": (
            "法院裁定调解协议有效。",
            {
                "confirmation_case_number": f"(2026)晋0502民特{20 + number}号",
                "confirmation_ruled_on": day,
                "confirmation_result": "调解协议有效，当事人应当按照协议履行。",
            },
        ),
        "record_confirmation_rejection": (
            "法院认为以广告位折抵使用费的约定内容不明确，裁定驳回申请。",
            {"confirmation_case_number": f"(2026)晋0502民特{20 + number}号", "confirmation_ruled_on": day},
        ),
        "record_performance": (
            "被申请人已按协议履行完毕。",
            {"performed_on": day, "performance_note": "款项已全部到账。"},
        ),
        "apply_enforcement": (
            "被申请人未按期支付第二期款项，申请人申请强制执行。",
            {
                "enforcement_court": "晋城市城区人民法院",
                "enforcement_applied_on": day,
                "partially_performed": True,
                "performance_note": "第一期四万元已支付，第二期四万元逾期未付。",
            },
        ),
        "refer": (
            "双方同意按合同仲裁条款申请仲裁。",
            {
                "kind": "arbitration",
                "receiving_body": "晋城仲裁委员会",
                "arbitration_agreement_on": "2024-05-20",
                "arbitration_agreement": "《光学镀膜技术许可合同》第十五条：因本合同引起的争议，提交晋城仲裁委员会仲裁。",
            },
        ),
        "withdraw": ("双方自行和解，申请人书面申请撤回。", {}),
    }[name]


class _PastSlots:
    """Non-overlapping past session slots for the one demo mediator: 09:30 and 14:30 on the
    days before today."""

    def __init__(self, today: dt.date):
        self.today = today
        self.used = 0

    def next(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.today - dt.timedelta(days=self.used // 2 + 1)
        hour = 9 if self.used % 2 == 0 else 14
        self.used += 1
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))
        return start, start + dt.timedelta(hours=2)


def _next_week(today: dt.date, weekday: int, hour: int, minute: int) -> tuple[dt.datetime, dt.datetime]:
    monday = today + dt.timedelta(days=7 - today.weekday())
    start = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=weekday), dt.time(hour, minute)))
    return start, start + dt.timedelta(hours=2)


def _actor(name: str, users):
    if name in BY_CLERK:
        return users["clerk"]
    return users["centre_head"] if name in BY_HEAD else users["mediator"]


def _party(name: str, code: str, rng: random.Random) -> dict:
    return {
        "kind": "organization",
        "name": name,
        "credit_code": demo_credit_code(rng, name, code),
        "address": "山西省晋城市",
        "legal_representative": rng.choice(["王建军", "李志强", "张国庆", "郭红梅", "赵卫东"]),
    }


def _mediations(users, rng: random.Random) -> MediationCase | None:
    today = timezone.localdate()
    slots = _PastSlots(today)
    referred = None
    for number, scenario in enumerate(SCENARIOS, start=1):
        applicant, respondent, title, facts, claims, ip_type, code, target, extras = scenario
        court = {key: extras[key] for key in ("source", "court_name", "court_case_number") if key in extras}
        case = mediation_create(
            actor=users["clerk"],
            applicant=_party(applicant, code, rng),
            respondent=_party(respondent, code, rng),
            jurisdiction=Jurisdiction.objects.get(code=code),
            contact_phone=f"1393566{rng.randint(1000, 9999)}",
            title=title,
            facts=facts,
            claims=claims,
            ip_type=ip_type,
            **court,
        )
        for name in PATHS[target]:
            if name == "session":
                start, end = slots.next()
                mediation_session_create(
                    case,
                    actor=users["mediator"],
                    starts_at=start,
                    ends_at=end,
                    place="晋城市知识产权维权援助分中心调解室",
                    participants="申请人委托代理人、被申请人法定代表人、调解员赵敏、记录员王丽",
                    minutes="调解员告知双方权利义务。双方陈述了纠纷经过并出示证据，调解员释明相关法律规定，"
                    "双方围绕停止侵权方式和赔偿数额进行协商。",
                )
                continue
            reason, payload = _payload(name, users, extras, today, number)
            case = fire_transition(case, name, actor=_actor(name, users), reason=reason, payload=payload)
        for weekday, hour, minute in extras.get("sessions_next_week", []):
            start, end = _next_week(today, weekday, hour, minute)
            mediation_session_create(
                case,
                actor=users["mediator"],
                starts_at=start,
                ends_at=end,
                place="晋城市知识产权维权援助分中心调解室",
                participants="双方当事人及委托代理人",
            )
        if target == "referred":
            referred = case
    return referred


def _court_reported_case(users, rng: random.Random) -> None:
    """A case entrusted during litigation whose agreement has been reported back to the court."""
    today = timezone.localdate()
    case = mediation_create(
        actor=users["clerk"],
        applicant=_party("晋城市华晟光电有限公司", "140502", rng),
        respondent=_party("晋城市某安防设备经营部", "140502", rng),
        jurisdiction=Jurisdiction.objects.get(code="140502"),
        source="court_in_litigation",
        court_name="晋城市城区人民法院",
        court_case_number="(2026)晋0502民初456号",
        title="红外热成像镜头商标侵权纠纷（诉中委托）",
        facts="案件审理中，经双方同意，晋城市城区人民法院委托分中心调解。",
        claims="请求停止侵权、赔偿损失五万元。",
        ip_type="trademark",
    )
    extras = {"agreement": "被告停止销售并赔偿原告三万元，原告撤回起诉。"}
    for name in PATHS["in_mediation"] + ["record_agreement"]:
        reason, payload = _payload(name, users, extras, today)
        case = fire_transition(case, name, actor=_actor(name, users), reason=reason, payload=payload)
    mediation_report_to_court(
        case,
        actor=users["mediator"],
        reported_on=today,
        report="双方已达成调解协议，协议书及调解笔录已送晋城市城区人民法院，原告将申请撤诉。",
    )


def _referrals(users, rng: random.Random, referred: MediationCase | None) -> None:
    today = timezone.localdate().isoformat()
    if referred is not None:
        referral = referred.referrals.get()
        fire_transition(
            referral,
            "record_acceptance",
            actor=users["clerk"],
            reason="收到晋城仲裁委员会受理通知书。",
            payload={"accepted_on": today, "receiving_case_number": "(2026)晋城仲字第58号"},
        )
    litigation = arbitration_referral_create(
        actor=users["clerk"],
        applicant=_party("泽州县晋韵铸铁炊具有限公司", "140525", rng),
        respondent=_party("浙江某厨具电子商务有限公司", "140525", rng),
        jurisdiction=Jurisdiction.objects.get(code="140525"),
        kind="litigation",
        receiving_body="晋城市中级人民法院",
        handler=users["mediator"],
        title="铸铁炊具外观设计专利侵权诉讼引导",
        ip_type="patent",
        facts="被告在电商平台销售与原告外观设计专利近似的铸铁锅，原告经分中心引导提起诉讼。",
        claims="停止侵权，赔偿损失二十万元。",
        reason="申请人决定起诉，分中心协助整理证据材料。",
    )
    steps = [
        ("record_acceptance", "法院已立案。", {"accepted_on": today, "receiving_case_number": "(2026)晋05知民初31号"}),
        (
            "record_outcome",
            "法院主持调解结案。",
            {
                "outcome_kind": "court_mediation_statement",
                "outcome_document_number": "(2026)晋05知民初31号",
                "outcome_on": today,
                "outcome_summary": "被告停止销售并赔偿八万元。",
            },
        ),
        ("close", "民事调解书已履行。", {"closing_note": "赔偿款已到账。"}),
    ]
    for name, reason, payload in steps:
        litigation = fire_transition(litigation, name, actor=users["mediator"], reason=reason, payload=payload)
    arbitration_referral_create(
        actor=users["clerk"],
        applicant=_party("阳城县蟒河生态旅游开发有限公司", "140522", rng),
        respondent=_party("晋城市某文化传媒有限公司", "140522", rng),
        jurisdiction=Jurisdiction.objects.get(code="140522"),
        kind="arbitration",
        receiving_body="晋城仲裁委员会",
        title="景区宣传片委托创作合同著作权归属纠纷",
        ip_type="copyright",
        facts="双方《宣传片委托制作合同》约定著作权归委托方，受托方仍将成片授权第三方使用。",
        claims="确认著作权归申请人所有，停止授权第三方使用。",
        arbitration_agreement_on=dt.date(2025, 4, 8),
        arbitration_agreement="《宣传片委托制作合同》第九条：争议提交晋城仲裁委员会仲裁。",
        reason="申请人持书面仲裁协议，引导申请仲裁。",
    )
    adjudication = arbitration_referral_create(
        actor=users["clerk"],
        applicant=_party("山西晋光精密光电科技有限公司", "140502", rng),
        respondent=_party("晋城市某五金电子商行", "140502", rng),
        jurisdiction=Jurisdiction.objects.get(code="140502"),
        kind="adjudication",
        receiving_body="晋城市市场监督管理局（知识产权）",
        title="测距仪外观设计专利侵权纠纷行政裁决请求",
        ip_type="patent",
        facts="请求人认为被请求人销售的测距仪侵犯其外观设计专利，请求行政裁决。",
        claims="责令停止销售。",
        reason="引导请求专利侵权纠纷行政裁决。",
    )
    fire_transition(
        adjudication,
        "decline",
        actor=users["clerk"],
        reason="该纠纷已由人民法院受理，管理部门不予受理。",
    )


def load_demo_mediation(users, rng: random.Random) -> int:
    """Idempotent: does nothing when the demo clerk has already registered mediation cases.
    Returns how many mediation cases and referrals it created."""
    if MediationCase.objects.filter(created_by=users["clerk"]).exists():
        return 0
    before = ArbitrationReferral.objects.count()
    referred = _mediations(users, rng)
    _court_reported_case(users, rng)
    _referrals(users, rng, referred)
    return len(SCENARIOS) + 1 + ArbitrationReferral.objects.count() - before
