"""The catalogues the list starts with: the grounds for listing and the joint measures of the
national basic list. They are data: administrators correct and extend them in the admin.
Citations marked (verify) were not checked against the current text (DOMAIN.md: such items are
configurable, never hard-coded)."""

from django.db import migrations

MEASURES_2021 = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号，2021年）"
CNIPA_2022 = "《知识产权信用管理规定》（国家知识产权局，2022年）"

GROUNDS = [
    {
        "code": "intentional_infringement",
        "name": "故意侵犯知识产权，受到较重行政处罚",
        "description": (
            "故意侵犯注册商标专用权、专利权等知识产权，性质恶劣、情节严重、社会危害较大，受到较重行政处罚的；"
            "五年内实施两次以上商标侵权行为、依法从重处罚的，属于此类。"
        ),
        "legal_basis": (
            f"{MEASURES_2021}第二条、第九条（故意侵犯知识产权）（verify）；{CNIPA_2022}（verify）；"
            "《中华人民共和国商标法》第六十条第二款"
        ),
        "needs_penalty_decision": True,
        "auto_rule": "trademark_repeat",
        "rule_parameters": {},
    },
    {
        "code": "abnormal_patent_application",
        "name": "提交非正常专利申请，损害社会公共利益",
        "description": "不以保护创新为目的的非正常专利申请行为，经认定或受到行政处罚的。",
        "legal_basis": (
            f"{MEASURES_2021}第九条（提交非正常专利申请）（verify）；{CNIPA_2022}第六条（verify）；"
            "《规范申请专利行为的规定》（国家知识产权局令第77号）（verify）"
        ),
        "needs_penalty_decision": False,
        "auto_rule": "",
        "rule_parameters": {},
    },
    {
        "code": "malicious_trademark_filing",
        "name": "恶意商标注册申请，损害社会公共利益",
        "description": "不以使用为目的的恶意商标注册申请行为，经认定或受到行政处罚的。",
        "legal_basis": (
            f"{MEASURES_2021}第九条（恶意商标注册申请）（verify）；{CNIPA_2022}第六条（verify）；"
            "《中华人民共和国商标法》第四条、第六十八条第四款；《规范商标申请注册行为若干规定》（verify）"
        ),
        "needs_penalty_decision": False,
        "auto_rule": "",
        "rule_parameters": {},
    },
    {
        "code": "serious_agency_violation",
        "name": "从事严重违法专利、商标代理行为，受到较重行政处罚",
        "description": (
            "专利代理机构、商标代理机构严重违法从事代理业务（双随机抽查发现或经查处），受到较重行政处罚的，"
            "如吊销执业许可，或罚款达到规则参数规定的数额（verify）。"
        ),
        "legal_basis": (
            f"{MEASURES_2021}第九条（严重违法专利、商标代理行为）（verify）；《专利代理条例》第二十五条至第二十七条；"
            "《中华人民共和国商标法》第六十八条"
        ),
        "needs_penalty_decision": True,
        "auto_rule": "agency_heavy_penalty",
        "rule_parameters": {"min_fine": "50000.00"},
    },
    {
        "code": "refusal_to_perform",
        "name": "有履行能力但拒不履行、逃避执行行政处罚决定",
        "description": "对市场监督管理部门、知识产权管理部门作出的行政处罚、行政裁决等决定，有履行能力但拒不履行、逃避执行的。",
        "legal_basis": f"{MEASURES_2021}（拒不履行行政处罚决定）（verify）；{CNIPA_2022}第六条（verify）",
        "needs_penalty_decision": True,
        "auto_rule": "",
        "rule_parameters": {},
    },
]

MEASURES = [
    {
        "code": "licensing_consideration",
        "name": "在审查行政许可、资质、资格，委托承担政府采购项目、工程招投标时作为重要考量因素",
        "legal_basis": f"{MEASURES_2021}第十七条（verify）；全国失信惩戒措施基础清单（verify）",
        "implementing_agencies": "行政许可机关、政府采购和招投标监管部门",
    },
    {
        "code": "key_supervision",
        "name": "列为重点监管对象，提高检查频次，依法严格监管",
        "legal_basis": f"{MEASURES_2021}第十七条（verify）；{CNIPA_2022}（verify）",
        "implementing_agencies": "市场监督管理部门、知识产权管理部门",
    },
    {
        "code": "no_credit_commitment",
        "name": "不适用告知承诺制",
        "legal_basis": f"{MEASURES_2021}第十七条（verify）",
        "implementing_agencies": "各行政审批部门",
    },
    {
        "code": "funding_strict_review",
        "name": "对申请财政资金资助项目从严审批",
        "legal_basis": f"{CNIPA_2022}（verify）；全国失信惩戒措施基础清单（verify）",
        "implementing_agencies": "财政、发展改革、科技、知识产权等部门",
    },
    {
        "code": "fee_reduction_strict_review",
        "name": "对专利、商标有关费用减缴、资助奖励和优先审查等请求从严审批",
        "legal_basis": f"{CNIPA_2022}（verify）",
        "implementing_agencies": "国家知识产权局及地方知识产权管理部门",
    },
    {
        "code": "no_awards",
        "name": "不予授予荣誉称号等表彰奖励，取消参加评优评先（含中国专利奖等）资格",
        "legal_basis": f"{MEASURES_2021}第十七条（verify）；{CNIPA_2022}（verify）",
        "implementing_agencies": "市场监督管理部门、知识产权管理部门及评审机构",
    },
    {
        "code": "no_demonstration_status",
        "name": "不予认定或取消知识产权示范企业、优势企业等资格",
        "legal_basis": f"{CNIPA_2022}（verify）；全国失信惩戒措施基础清单（verify）",
        "implementing_agencies": "知识产权管理部门",
    },
]


def seed(apps, schema_editor):
    CreditGround = apps.get_model("creditlist", "CreditGround")
    JointMeasure = apps.get_model("creditlist", "JointMeasure")
    for position, ground in enumerate(GROUNDS, start=1):
        CreditGround.objects.update_or_create(
            code=ground["code"], defaults={**ground, "listing_years": 3, "active": True, "position": position}
        )
    for position, measure in enumerate(MEASURES, start=1):
        JointMeasure.objects.update_or_create(
            code=measure["code"],
            defaults={**measure, "applies_by_default": True, "active": True, "position": position},
        )


def unseed(apps, schema_editor):
    apps.get_model("creditlist", "CreditGround").objects.filter(code__in=[g["code"] for g in GROUNDS]).delete()
    apps.get_model("creditlist", "JointMeasure").objects.filter(code__in=[m["code"] for m in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("creditlist", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
