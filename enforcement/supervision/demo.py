"""Demo data of agency supervision (双随机、一公开), registered with the kernel's demo loader by
SupervisionConfig.ready and run after the enforcement demo (whose bureau staff it uses).

Everything goes through the services: the city bureau keeps the inspection items, registers the
agencies (every risk class, across the counties, a branch, one suspended and one cancelled) and
its officers and the county officers as inspectors with a few declared conflicts (回避), draws up
and files the city's annual plan, and registers spot-check tasks that it takes to each state —
draft, drawn, confirmed, inspecting, results entered, published, followed up, cancelled — with
the draw run at once (what the Celery task does) and results entered by the drawn inspectors.
泽州县's bureau has a plan of its own and a drawn task with a target nobody could be sent to (the
only other inspector of the county declared a conflict). Idempotent: nothing is created twice."""

import datetime as dt
import random

from django.utils import timezone

# name, kind, county, risk class, status, address, head office (name) or ""
AGENCIES = [
    ("晋城市丹河专利代理事务所（普通合伙）", "patent_agency", "140502", "A", "active", "晋城市城区凤台东街88号", ""),
    ("晋城市太行知识产权代理有限公司", "trademark_agency", "140502", "B", "active", "晋城市城区泽州路1066号", ""),
    ("晋城市凤城商标代理有限公司", "trademark_agency", "140502", "D", "suspended", "晋城市城区新市西街27号", ""),
    ("山西晋韵专利代理有限公司", "patent_agency", "140525", "B", "active", "泽州县南村镇府前街15号", ""),
    ("泽州县恒信商标代理有限公司", "trademark_agency", "140525", "C", "active", "泽州县巴公镇兴业路8号", ""),
    ("泽州县同创知识产权服务有限公司", "trademark_agency", "140525", "D", "active", "泽州县高都镇中心街3号", ""),
    ("高平市长平专利事务所（普通合伙）", "patent_agency", "140581", "A", "active", "高平市米山镇长平路52号", ""),
    ("高平市炎帝商标代理有限公司", "trademark_agency", "140581", "C", "active", "高平市炎帝大街210号", ""),
    (
        "山西晋韵专利代理有限公司高平分公司",
        "branch",
        "140581",
        "B",
        "active",
        "高平市建设路18号",
        "山西晋韵专利代理有限公司",
    ),
    ("阳城县析城知识产权代理有限公司", "trademark_agency", "140522", "B", "active", "阳城县凤城镇东关街6号", ""),
    ("阳城县蟒河专利代理事务所", "patent_agency", "140522", "D", "active", "阳城县润城镇滨河路21号", ""),
    ("陵川县王莽岭商标事务所有限公司", "trademark_agency", "140524", "B", "active", "陵川县崇文镇梅园路9号", ""),
    ("陵川县锡崖沟专利代理事务所", "patent_agency", "140524", "A", "cancelled", "陵川县附城镇正街2号", ""),
    ("沁水县沁河知识产权代理有限公司", "trademark_agency", "140521", "C", "active", "沁水县龙港镇文化街11号", ""),
    ("沁水县端氏商标代理有限公司", "trademark_agency", "140521", "B", "active", "沁水县端氏镇中街5号", ""),
    ("晋城市金鼎知识产权代理有限公司", "trademark_agency", "140571", "A", "active", "晋城经济技术开发区金鼎路66号", ""),
]
RISK_REASONS = {
    "A": "近三年无违法记录，年度报告按时公示",
    "B": "一般信用风险，年度报告按时公示",
    "C": "上年度年度报告逾期公示，曾被投诉",
    "D": "上年度因违规代理被警告，被列入重点监管",
}

ITEMS = [
    ("ZL-01", "执业许可及备案情况", "key", "《专利代理条例》第九条、第十四条"),
    ("ZL-02", "专利代理师执业及签名情况", "key", "《专利代理条例》第十五条、第十六条"),
    ("ZL-03", "年度报告公示情况", "general", "《专利代理管理办法》第四十二条"),
    ("ZL-04", "收费标准公示及委托合同签订情况", "general", "《专利代理管理办法》第三十条"),
    ("SB-01", "商标代理机构备案情况", "key", "《商标法》第六十八条；《商标代理监督管理规定》第五条"),
    ("SB-02", "商标代理行为规范情况", "general", "《商标代理监督管理规定》第十二条、第十三条"),
]

INSPECTORS = [
    ("officer_city", "专利、商标"),
    ("officer_city2", "专利"),
    ("officer_city3", "商标"),
    ("officer_zezhou", "专利、商标"),
    ("officer_zezhou2", "商标"),
    ("officer_gaoping", "专利"),
    ("officer_gaoping2", "商标"),
    ("officer_yangcheng", "专利、商标"),
    ("officer_yangcheng2", "商标"),
]
# username, agency, reason
CONFLICTS = [
    ("officer_city3", "高平市长平专利事务所（普通合伙）", "曾在该机构任职，离职未满三年"),
    ("officer_zezhou2", "泽州县同创知识产权服务有限公司", "配偶在该机构执业"),
    ("officer_yangcheng", "晋城市太行知识产权代理有限公司", "近亲属持有该机构股份"),
]

CITY_PLAN = "晋城市专利商标代理机构“双随机、一公开”抽查工作计划"
COUNTY_PLAN = "泽州县商标代理机构“双随机、一公开”抽查工作计划"

# title, the state it is taken to
TASKS = [
    ("第一批专利商标代理机构双随机抽查", "followed_up"),
    ("第二批专利商标代理机构双随机抽查", "published"),
    ("第三批专利商标代理机构双随机抽查", "results_entered"),
    ("第四批专利商标代理机构双随机抽查", "inspecting"),
    ("第五批专利商标代理机构双随机抽查", "confirmed"),
    ("第六批专利商标代理机构双随机抽查", "drawn"),
    ("第七批专利商标代理机构双随机抽查", "draft"),
    ("专项抽查（因计划调整取消）", "cancelled"),
]
PATHS = {
    "draft": [],
    "drawn": ["draw"],
    "confirmed": ["draw", "confirm"],
    "inspecting": ["draw", "confirm", "start_inspection", "some_results"],
    "results_entered": ["draw", "confirm", "start_inspection", "all_results", "complete_results"],
    "published": ["draw", "confirm", "start_inspection", "all_results", "complete_results", "publish"],
    "followed_up": [
        "draw",
        "confirm",
        "start_inspection",
        "all_results",
        "complete_results",
        "publish",
        "follow_up",
        "complete_follow_up",
    ],
    "cancelled": ["draw", "cancel"],
}
REASONS = {
    "confirm": "已核对抽取记录，抽取结果无误",
    "start_inspection": "检查组已通知到位，开始实施检查",
    "complete_results": "全部抽中对象的检查结果已录入",
    "publish": "检查结果经审核无误，依法公示",
    "complete_follow_up": "责令整改事项已全部整改完毕",
    "cancel": "因年度计划调整，本次专项抽查取消",
}


def _today() -> dt.date:
    return timezone.localdate()


def _items(head):
    from .models import InspectionItem
    from .services.plans import inspection_item_create

    for code, name, kind, basis in ITEMS:
        if not InspectionItem.objects.filter(code=code).exists():
            inspection_item_create(actor=head, code=code, name=name, kind=kind, legal_basis=basis)
    return list(InspectionItem.objects.filter(code__in=[code for code, *_ in ITEMS]).order_by("code"))


def _agencies(head, rng: random.Random) -> dict:
    from casemgmt.org.models import Jurisdiction
    from casemgmt.parties.codes import make_credit_code

    from .models import Agency
    from .services.directory import agency_create

    created = {}
    for name, kind, county, risk, status, address, parent in AGENCIES:
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            agency = agency_create(
                actor=head,
                reason="建立检查对象名录",
                name=name,
                kind=kind,
                credit_code=make_credit_code(rng, county),
                licence_number=f"{county}{len(created) + 1:04d}",
                jurisdiction=Jurisdiction.objects.get(code=county),
                address=f"山西省{address}",
                parent=created.get(parent) if parent else None,
                status=status,
                risk_class=risk,
                risk_reason=RISK_REASONS[risk],
                risk_set_on=_today() - dt.timedelta(days=90),
            )
        created[name] = agency
    return created


def _inspectors(head, staff: dict, agencies: dict) -> dict:
    from .models import Inspector, InspectorConflict
    from .services.directory import inspector_conflict_declare, inspector_create

    inspectors = {}
    for username, specialities in INSPECTORS:
        user = staff[username]
        inspector = Inspector.objects.filter(user=user).first()
        if inspector is None:
            inspector = inspector_create(actor=head, user=user, specialities=specialities, reason="建立检查人员名录")
        inspectors[username] = inspector
    for username, agency_name, reason in CONFLICTS:
        inspector, agency = inspectors[username], agencies[agency_name]
        if not InspectorConflict.objects.filter(inspector=inspector, agency=agency).exists():
            inspector_conflict_declare(
                inspector, actor=head, agency=agency, reason=reason, declared_on=_today() - dt.timedelta(days=60)
            )
    return inspectors


def _plan(head, jurisdiction_code: str, title: str, items, rules, filed_with: str, number: str):
    from casemgmt.org.models import Jurisdiction

    from .models import AnnualPlan
    from .services.plans import annual_plan_create, annual_plan_file

    year = _today().year
    plan = AnnualPlan.objects.filter(jurisdiction_id=jurisdiction_code, year=year, title=f"{year}年度{title}").first()
    if plan is None:
        plan = annual_plan_create(
            actor=head,
            jurisdiction=Jurisdiction.objects.get(code=jurisdiction_code),
            year=year,
            title=f"{year}年度{title}",
            items=items,
            class_rules=rules,
            team_size=2,
        )
    if not plan.is_filed:
        plan = annual_plan_file(
            plan,
            actor=head,
            filed_with=filed_with,
            filing_number=number.format(year=year),
            filed_on=_today() - dt.timedelta(days=30),
        )
    return plan


def _draw(task, actor):
    from .services.spot_checks import spot_check_draw_run, spot_check_draw_start

    spot_check_draw_start(task, actor=actor, reason="按年度抽查计划开展随机抽取")
    spot_check_draw_run(task.pk)  # what the Celery task does once the start is committed
    task.refresh_from_db()
    return task


def _member(target):
    return target.team.select_related("inspector__user").order_by("slot").first().inspector.user


FINDINGS = [
    ("no_problem", "执业许可、备案及年度报告公示情况正常，收费标准已在经营场所公示。", None, ""),
    ("rectification", "经营场所未公示收费标准，部分委托合同未载明代理权限。", 30, ""),
    ("no_problem", "现场核查执业人员和代理业务档案，未发现问题。", None, ""),
    ("unreachable", "按登记的住所前往两次，均无人办公，电话无法接通。", None, ""),
    ("referred", "该机构代理人员未取得专利代理师资格，已移送省知识产权局依法处理。", None, "山西省知识产权局"),
]


def _results(task, *, every: bool, variety: list) -> None:
    from .services.results import target_result_enter

    items = list(task.plan.items.all())
    targets = list(task.targets.filter(unstaffed_reason="").order_by("position"))
    if not every:
        targets = targets[:2]
    for index, target in enumerate(targets):
        finding, description, due_days, referred_to = variety[index % len(variety)]
        target_result_enter(
            task,
            target,
            actor=_member(target),
            checked_on=_today(),
            items=items,
            finding=finding,
            description=description,
            rectification_due=_today() + dt.timedelta(days=due_days) if due_days else None,
            referred_to=referred_to,
        )


def _follow_up(task) -> None:
    from .services.results import target_follow_up_record

    for target in task.targets.filter(result__finding="rectification").order_by("position"):
        target_follow_up_record(
            task,
            target,
            actor=_member(target),
            rectified_on=_today(),
            note="经复查，已在经营场所公示收费标准，委托合同已补正。",
        )


# The published task keeps an open rectification order and a referral; the followed-up one sees
# its order carried out.
VARIETY = {
    "followed_up": [FINDINGS[1], FINDINGS[0], FINDINGS[2]],
    "published": [FINDINGS[0], FINDINGS[1], FINDINGS[4], FINDINGS[2]],
    "results_entered": [FINDINGS[0], FINDINGS[3], FINDINGS[2]],
    "inspecting": [FINDINGS[0], FINDINGS[1]],
}


def _advance(task, state: str, people) -> None:
    from casemgmt.workflow.services import fire_transition

    for step in PATHS[state]:
        if step == "draw":
            task = _draw(task, people["officer"])
        elif step in ("some_results", "all_results"):
            _results(task, every=step == "all_results", variety=VARIETY[state])
        elif step == "follow_up":
            _follow_up(task)
        else:
            actor = {"confirm": "head", "cancel": "head", "publish": "reviewer"}.get(step, "officer")
            task = fire_transition(task, step, actor=people[actor], reason=REASONS[step])


def load_demo_supervision(users: dict, rng: random.Random) -> int:
    """Create the supervision demo once (idempotent); returns how many spot-check tasks it created."""
    from enforcement.demo.staff import extra_staff

    from .models import SpotCheck
    from .services.spot_checks import spot_check_create

    staff = {**users, **extra_staff()}
    head, county_head = staff["bureau_head"], staff["head_zezhou"]
    items = _items(head)
    agencies = _agencies(head, rng)
    _inspectors(head, staff, agencies)
    city_plan = _plan(
        head,
        "140500",
        CITY_PLAN,
        items,
        [
            {"risk_class": "A", "ratio": "0.3"},
            {"risk_class": "B", "ratio": "0.3"},
            {"risk_class": "C", "count": 1},
            {"risk_class": "D", "ratio": "0.5"},
        ],
        "山西省市场监督管理局（山西省知识产权局）",
        "晋市监备〔{year}〕12号",
    )
    county_plan = _plan(
        county_head,
        "140525",
        COUNTY_PLAN,
        [item for item in items if item.code.startswith("SB")],
        [{"risk_class": "B", "count": 1}, {"risk_class": "C", "count": 1}, {"risk_class": "D", "count": 1}],
        "晋城市市场监督管理局",
        "泽市监备〔{year}〕3号",
    )
    if SpotCheck.objects.filter(plan__in=[city_plan, county_plan]).exists():
        return 0
    people = {"officer": staff["officer_city"], "head": head, "reviewer": staff["reviewer"]}
    year = _today().year
    for title, state in TASKS:
        task = spot_check_create(
            actor=people["officer"],
            plan=city_plan,
            title=f"{year}年{title}",
            description="按年度抽查计划，随机抽取检查对象和检查人员。",
        )
        _advance(task, state, people)
    # 泽州县: the only other inspector of the county declared a conflict with the D-class agency,
    # so that target could not be staffed: the head must deal with it before confirming.
    county_task = spot_check_create(
        actor=staff["officer_zezhou"], plan=county_plan, title=f"{year}年泽州县商标代理机构双随机抽查"
    )
    _draw(county_task, staff["officer_zezhou"])
    return len(TASKS) + 1


def register() -> None:
    from casemgmt.demo.registry import register_demo

    register_demo("supervision", load_demo_supervision, after=("enforcement",))
