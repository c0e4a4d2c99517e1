"""Demo rights-protection assistance requests in every state, reached through real transitions."""

import random

from casemgmt.org.models import Jurisdiction
from casemgmt.parties.codes import demo_credit_code, make_id_number
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest
from cases.services.assistance import assistance_request_create

# (applicant, respondent, title, facts, ip type, assistance type, jurisdiction, target state)
SCENARIOS = [
    (
        "山西晋光精密光电科技有限公司",
        "晋城市鑫瑞光学仪器经营部",
        "激光测距模组外观设计专利被仿制",
        "申请人系激光测距模组外观设计专利（ZL202330456789.1）权利人。2026年10月，申请人在晋城市城区某电子市场发现被申请人销售的"
        "测距模组外观与专利高度近似，价格低于正品三成，已造成订单流失。请求分中心出具侵权判定参考意见并协助维权。",
        "patent",
        "assessment_opinion",
        "140502",
        "followed_up",
    ),
    (
        "沁水蓝焰煤层气装备有限公司",
        "山西某能源机械制造有限公司",
        "煤层气排采设备实用新型专利纠纷",
        "申请人拥有“一种煤层气井口排采控制装置”实用新型专利。被申请人在沁水县多个区块投标中使用与该专利技术方案相同的装置，"
        "申请人希望通过调解解决许可费问题，被申请人表示愿意协商。",
        "patent",
        "mediation_referral",
        "140521",
        "referred",
    ),
    (
        "泽州县巴公铸造有限公司",
        "河北某铸业贸易有限公司",
        "“巴公铸造”注册商标被他人擅自使用",
        "申请人的“巴公”注册商标核定使用在铸铁管件等商品上。被申请人在电商平台销售的铸铁管件使用“巴公铸件”字样，"
        "消费者误以为系申请人产品。请求转交市场监管部门查处。",
        "trademark",
        "enforcement_referral",
        "140525",
        "in_progress",
    ),
    (
        "阳城县皇城文旅发展有限公司",
        "阳城县某旅游纪念品店",
        "旅游景区商标用于纪念品的侵权咨询",
        "申请人的景区名称已注册为商标，核定使用于旅游纪念品等类别。景区周边多家店铺销售印有景区标识的纪念品，"
        "申请人希望了解维权途径与证据固定方法。",
        "trademark",
        "consultation",
        "140522",
        "under_review",
    ),
    (
        "高平市长平黄梨专业合作社",
        "晋城市某农产品电商公司",
        "地理标志产品名称被冒用",
        "申请人为地理标志产品保护范围内的生产者，发现被申请人在网店销售非产地梨果并标注地理标志名称。",
        "geographical_indication",
        "protection_plan",
        "140581",
        "assigned",
    ),
    (
        "晋城市凤城智能装备有限公司",
        "晋城市某自动化设备公司",
        "离职员工带走数控系统源代码",
        "申请人前技术人员离职后加入被申请人，被申请人随后推出功能、界面高度一致的数控系统，申请人怀疑商业秘密被侵犯。",
        "trade_secret",
        "litigation_guidance",
        "140571",
        "accepted",
    ),
    (
        "陵川县太行山珍食品有限公司",
        "郑州某食品贸易商行",
        "展会上发现仿冒包装",
        "在2026年11月的农产品博览会上，申请人发现被申请人展位销售的核桃露包装装潢与申请人知名商品包装近似。",
        "trademark",
        "trade_fair_complaint",
        "140524",
        "submitted",
    ),
    (
        "山西某新材料有限公司",
        None,
        "专利申请前的侵权风险咨询",
        "申请人拟推出新型铸造涂料，希望了解是否侵犯他人专利。申请材料未列明对方当事人。",
        "patent",
        "consultation",
        "140500",
        "needs_correction",
    ),
    (
        "晋城市某商贸有限公司",
        "晋城市某科技有限公司",
        "要求分中心认定对方专利无效",
        "申请人请求分中心直接宣告对方专利无效并责令停止生产。该请求不属于分中心援助范围。",
        "patent",
        "consultation",
        "140502",
        "rejected",
    ),
    (
        "晋城市丹河光学元件厂",
        "晋城市某眼镜店",
        "镜片商标侵权维权方案（已办结）",
        "申请人的“丹河”商标镜片被他人以散装方式销售并自行贴标，申请人请求制定维权方案。",
        "trademark",
        "protection_plan",
        "140502",
        "archived",
    ),
    (
        "山西某铸管股份有限公司",
        "晋城市某管件厂",
        "申请人已与对方和解后撤回",
        "双方就球墨铸铁管商标使用达成和解，申请人申请撤回援助申请。",
        "trademark",
        "consultation",
        "140525",
        "withdrawn",
    ),
    (
        "晋城市科创孵化器有限公司",
        "某网络科技有限公司",
        "在孵企业软件著作权被抄袭",
        "孵化器内某企业开发的煤矿安全巡检软件被他人抄袭并在应用商店上架，请求提供维权方案。",
        "copyright",
        "protection_plan",
        "140500",
        "closed",
    ),
]

PATHS = {
    "submitted": [],
    "needs_correction": ["request_correction"],
    "rejected": ["reject"],
    "accepted": ["accept"],
    "assigned": ["accept", "assign"],
    "in_progress": ["accept", "assign", "start"],
    "under_review": ["accept", "assign", "start", "submit_for_review"],
    "referred": ["accept", "assign", "start", "refer"],
    "closed": ["accept", "assign", "start", "submit_for_review", "approve_and_close"],
    "followed_up": ["accept", "assign", "start", "submit_for_review", "approve_and_close", "follow_up"],
    "archived": ["accept", "assign", "start", "submit_for_review", "approve_and_close", "follow_up", "archive"],
    "withdrawn": ["accept", "withdraw"],
}


def _steps(users):
    head, clerk, mediator = users["centre_head"], users["clerk"], users["mediator"]
    return {
        "request_correction": (clerk, "申请材料未列明对方当事人，请补正。", {}),
        "reject": (head, "请求事项不属于维权援助范围，建议向国家知识产权局请求宣告专利权无效。", {}),
        "accept": (head, "对方当事人明确，事实清楚，属于援助范围。", {}),
        "assign": (head, "指派调解员赵敏承办。", {"handler": mediator.pk}),
        "start": (mediator, "已联系申请人，开始办理。", {}),
        "submit_for_review": (
            mediator,
            "意见已形成，提交审核。",
            {"opinion": "经比对，被控产品与权利要求的技术特征基本相同，存在侵权可能（本意见仅供参考）。"},
        ),
        "approve_and_close": (
            head,
            "意见审核通过。",
            {"closing_report": "已向申请人出具参考意见和维权方案，申请人表示认可。"},
        ),
        "refer": (
            mediator,
            "申请人同意转交。",
            {
                "referral_target": "mediation",
                "referral_unit": "晋城市知识产权纠纷人民调解委员会",
                "applicant_consent": True,
            },
        ),
        "follow_up": (clerk, "电话回访。", {"satisfaction": 5, "follow_up_note": "申请人对服务表示满意。"}),
        "archive": (clerk, "材料齐全，归档。", {}),
        "withdraw": (clerk, "申请人书面申请撤回。", {}),
    }


def load_demo_assistance(users, rng: random.Random) -> int:
    if AssistanceRequest.objects.filter(created_by=users["clerk"]).exists():
        return 0
    steps = _steps(users)
    for applicant, respondent, title, facts, ip_type, assistance_type, code, target in SCENARIOS:
        request = assistance_request_create(
            actor=users["clerk"],
            jurisdiction=Jurisdiction.objects.get(code=code),
            applicant={
                "kind": "organization",
                "name": applicant,
                "credit_code": demo_credit_code(rng, applicant, code),
                "address": "山西省晋城市",
                "legal_representative": "王建军",
            },
            respondent=(
                {"kind": "organization", "name": respondent, "credit_code": demo_credit_code(rng, respondent, code)}
                if respondent
                else None
            ),
            contact_phone=f"1390356{rng.randint(1000, 9999)}",
            title=title,
            facts=facts,
            ip_type=ip_type,
            assistance_type=assistance_type,
            channel="counter",
        )
        for name in PATHS[target]:
            actor, reason, payload = steps[name]
            request = fire_transition(request, name, actor=actor, reason=reason, payload=payload)
    # A natural person applying online.
    assistance_request_create(
        actor=None,
        jurisdiction=Jurisdiction.objects.get(code="140525"),
        applicant={
            "kind": "person",
            "name": "李秀英",
            "id_number": make_id_number(rng, "140525"),
            "phone": "13935612345",
            "address": "晋城市泽州县北义城镇",
        },
        respondent={
            "kind": "organization",
            "name": "泽州县某农资经营部",
            "credit_code": demo_credit_code(rng, "泽州县某农资经营部", "140525"),
        },
        contact_phone="13935612345",
        title="购买的“太行红”品牌谷种疑似假冒",
        facts="本人在经营部购买的谷种包装印有他人注册商标，但种子质量差、出苗率低，怀疑为假冒商标商品。",
        ip_type="trademark",
        assistance_type="enforcement_referral",
        channel="online",
    )
    return len(SCENARIOS) + 1
