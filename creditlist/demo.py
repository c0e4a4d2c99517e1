"""The list's demo data for `manage.py load_demo`: entries of the city bureau in every state, from a
fresh proposal to removal, expiry, revocation and dismissal, each reached through the real
services and transitions (numbered notices and decisions, deadlines, history), two of them on the
enforcement demo's penalty decisions, the rest proposed by the credit officer. Registered with
the kernel's loader by CreditlistConfig.ready, after the enforcement demo; the services are
imported only when it runs. Idempotent: nothing is added once the credit officer has proposed."""

import datetime as dt
from dataclasses import dataclass, field

CITY = "140500"
NOTICE_WINDOW_PASSED = 30  # days since the notice: the party's window has lapsed


@dataclass(frozen=True)
class Scenario:
    """One demo entry: who, on which ground, why, the path it takes and when it was notified (days
    ago; listed_days_ago moves the listing into the past for the removal and expiry demos)."""

    party: str
    ground: str
    matched_rule: str
    facts: str
    path: tuple
    notified_days_ago: int = 0
    listed_days_ago: int = 0
    decision_of: str = ""  # the penalty decision's party (from the enforcement demo)
    extra: dict = field(default_factory=dict)


HEARD = ("notify", "record_waiver")
CONSENTED = (*HEARD, "submit_for_consent", "record_consent")
PUBLISHED = (*CONSENTED, "list", "publish")
YEAR = 365

SCENARIOS = [
    Scenario(
        "晋城市某知识产权咨询有限公司",
        "malicious_trademark_filing",
        "国家知识产权局2025年第12号通报：该公司不以使用为目的申请注册商标46件，构成恶意商标注册申请。",
        "2024年至2025年间，当事人以自己名义申请注册“太行红”“丹河”等与本地知名商品名称相同的商标46件，并向在先使用人索要转让费。",
        (),
    ),
    Scenario(
        "山西某新材料科技有限公司",
        "abnormal_patent_application",
        "国家知识产权局通报该公司提交非正常专利申请37件（拼凑、编造实验数据）。",
        "当事人为获取专利资助，委托代理机构批量提交内容相似的实用新型专利申请37件，已被驳回或视为撤回。",
        ("notify",),
        notified_days_ago=1,
    ),
    Scenario(
        "晋城市某商贸有限公司",
        "malicious_trademark_filing",
        "当事人恶意抢注他人在先使用并有一定影响的商标12件，被商标局认定为恶意注册。",
        "当事人抢注本地老字号“凤台”系列商标并向原使用人发送侵权警告函。",
        ("notify", "request_hearing"),
        notified_days_ago=2,
    ),
    Scenario(
        "晋城市某生物科技有限公司",
        "abnormal_patent_application",
        "国家知识产权局认定该公司提交的21件专利申请属于非正常专利申请。",
        "当事人提交的专利申请说明书大量雷同，系购买的“专利申请包”。",
        ("notify", "request_hearing", "hold_hearing"),
        notified_days_ago=4,
    ),
    Scenario(
        "山西某智能科技有限公司",
        "abnormal_patent_application",
        "国家知识产权局通报该公司提交非正常专利申请15件。",
        "当事人为申报高新技术企业，短期内集中提交与主营业务无关的专利申请。",
        ("notify", "submit_for_consent"),
        notified_days_ago=NOTICE_WINDOW_PASSED,
    ),
    Scenario(
        "晋城市某品牌管理有限公司",
        "malicious_trademark_filing",
        "当事人申请注册商标68件，多数与他人知名商标近似，商标局认定为恶意注册申请。",
        "当事人以囤积商标、高价转让为业，已转让抢注商标9件。",
        CONSENTED,
        notified_days_ago=NOTICE_WINDOW_PASSED + 5,
    ),
    Scenario(
        "晋城市某电器销售有限公司",
        "malicious_trademark_filing",
        "商标局认定当事人恶意申请注册商标29件。",
        "当事人抢注外地知名电器品牌商标并在电商平台投诉正品销售者。",
        (*CONSENTED, "list"),
        notified_days_ago=NOTICE_WINDOW_PASSED + 10,
    ),
    Scenario(
        "刘玉梅",
        "refusal_to_perform",
        "当事人对已生效的行政处罚决定有履行能力但拒不履行：仅缴纳部分罚款，经催告逾期仍不缴纳。",
        "当事人网店销售假冒“凤城”商标光学望远镜，被处罚款五万元，缴纳一半后拒不缴纳余款。",
        PUBLISHED,
        notified_days_ago=NOTICE_WINDOW_PASSED + 15,
        decision_of="刘玉梅",
        extra={"online_application": True},
    ),
    Scenario(
        "晋城市某文化传媒有限公司",
        "malicious_trademark_filing",
        "商标局认定当事人恶意申请注册商标33件。",
        "当事人抢注本地景区名称商标并许可他人使用收取费用。",
        (*PUBLISHED, "counter_application"),
        notified_days_ago=14 * 30 + 20,
        listed_days_ago=14 * 30,
    ),
    Scenario(
        "山西某光电科技有限公司",
        "abnormal_patent_application",
        "国家知识产权局通报该公司提交非正常专利申请24件。",
        "当事人批量提交编造实验数据的发明专利申请。",
        (*PUBLISHED, "counter_application", "approve_removal"),
        notified_days_ago=16 * 30 + 20,
        listed_days_ago=16 * 30,
    ),
    Scenario(
        "晋城市某网络科技有限公司",
        "malicious_trademark_filing",
        "商标局认定当事人恶意申请注册商标51件。",
        "当事人大量申请与网络热词、他人知名商标相同的商标并对外兜售。",
        (*PUBLISHED, "expire"),
        notified_days_ago=3 * YEAR + 40,
        listed_days_ago=3 * YEAR + 20,
    ),
    Scenario(
        "晋城市某电子科技有限公司",
        "intentional_infringement",
        "当事人在产品说明书上标注尚未授权的专利申请号，受到行政处罚。",
        "当事人在激光测距仪说明书上标注尚未授权的专利申请号并称“专利产品”。",
        (*PUBLISHED, "revoke"),
        notified_days_ago=NOTICE_WINDOW_PASSED + 20,
        decision_of="晋城市某电子科技有限公司",
    ),
    Scenario(
        "晋城市某农业开发有限公司",
        "malicious_trademark_filing",
        "当事人申请注册“长平黄梨”等商标9件，商标局初步认定为恶意注册申请。",
        "当事人称系为保护本地农产品品牌而申请，已主动撤回全部申请。",
        ("notify", "record_objection", "dismiss"),
        notified_days_ago=3,
    ),
]


class _Demo:
    def __init__(self, users, rng):
        from casemgmt.org.models import Jurisdiction
        from creditlist import rules

        self.users = users
        self.rng = rng
        self.today = rules.today()
        self.jurisdiction = Jurisdiction.objects.get(code=CITY)

    @property
    def credit(self):
        return self.users["credit_officer"]

    def party(self, name: str):
        from casemgmt.parties.codes import demo_credit_code
        from casemgmt.parties.services import party_get_or_create

        return party_get_or_create(
            kind="organization",
            name=name,
            credit_code=demo_credit_code(self.rng, name, CITY),
            address="山西省晋城市城区",
            legal_representative=self.rng.choice(["王建军", "李红梅", "张志强", "赵国庆"]),
        )

    def decision(self, party_name: str):
        from enforcement.models import PenaltyDecision

        return (
            PenaltyDecision.objects.filter(jurisdiction_id=CITY, party__name=party_name)
            .select_related("party")
            .order_by("-decided_on")
            .first()
        )

    def propose(self, scenario: Scenario):
        from creditlist.models import CreditGround
        from creditlist.services.entries import credit_entry_propose

        decision = self.decision(scenario.decision_of) if scenario.decision_of else None
        if scenario.decision_of and decision is None:
            return None  # the enforcement demo did not run: nothing to rest on
        return credit_entry_propose(
            actor=self.credit,
            party=decision.party if decision else self.party(scenario.party),
            ground=CreditGround.objects.get(code=scenario.ground),
            penalty_decision=decision,
            matched_rule=scenario.matched_rule,
            facts=scenario.facts,
            reason="信用管理人员提出拟列入",
        )

    def run(self, scenario: Scenario) -> bool:
        from creditlist import rules

        entry = self.propose(scenario)
        if entry is None:
            return False
        earliest = entry.penalty_decision.decided_on if entry.penalty_decision_id else dt.date(2000, 1, 1)
        served = max(self.today - dt.timedelta(days=scenario.notified_days_ago), earliest)
        listed = self.today - dt.timedelta(days=scenario.listed_days_ago) if scenario.listed_days_ago else None
        for name in scenario.path:
            if name in ("submit_for_consent", "record_consent") and not rules.consent_required(entry):
                continue  # the level above's consent is switched off (CREDITLIST_LEVEL_ABOVE_CONSENT)
            entry = self.step(entry, name, served=served, listed=listed)
        if scenario.extra.get("online_application"):
            self.online_application(entry)
        return True

    def step(self, entry, name: str, *, served: dt.date, listed: dt.date | None):
        from casemgmt.workflow.services import fire_transition
        from creditlist.services.entries import credit_entries_expire

        head, credit = self.users["bureau_head"], self.credit
        # The listing follows the notice by three weeks (or is set by the scenario); the consent
        # comes shortly before it.
        listing_day = listed or min(served + dt.timedelta(days=21), self.today)
        consent_day = max(served, listing_day - dt.timedelta(days=5))
        steps = {
            "notify": (credit, "直接送达列入告知书", {"served_on": served}),
            "record_waiver": (credit, "当事人书面表示放弃陈述、申辩和听证", {"waived_on": served}),
            "request_hearing": (
                credit,
                "当事人书面申请听证",
                {"requested_on": min(served + dt.timedelta(days=1), self.today)},
            ),
            "hold_hearing": (
                credit,
                "",
                {
                    "held_on": self.today,
                    "hearing_record": "听证会在本局第二会议室举行。当事人称专利申请系代理机构所为，本人不知情；调查人员出示了委托合同和付款记录。",
                },
            ),
            "record_objection": (
                credit,
                "",
                {
                    "objection_text": "当事人称申请注册系为保护本地农产品品牌，并非恶意囤积，且已主动撤回全部申请。",
                    "received_on": min(served + dt.timedelta(days=1), self.today),
                },
            ),
            "submit_for_consent": (credit, "报请山西省市场监督管理局同意", {"requested_on": consent_day}),
            "record_consent": (
                credit,
                "",
                {
                    "consent_reference": f"晋市监信函〔{consent_day:%Y}〕{self.rng.randint(3, 60)}号",
                    "consented_on": consent_day,
                },
            ),
            "list": (head, "经集体讨论，决定列入严重违法失信名单", {"listed_on": listing_day}),
            "publish": (credit, "通过国家企业信用信息公示系统及本系统公示", {}),
            "approve_removal": (
                head,
                "当事人已履行义务、主动消除不良影响，准予提前移出",
                {"conditions_confirmed": True, "removed_on": self.today},
            ),
            "revoke": (head, "经复核，假冒专利行为不属于故意侵犯知识产权，列入事由不成立，撤销列入", {}),
            "dismiss": (head, "采纳当事人的申辩意见：已主动撤回全部申请，不予列入", {}),
        }
        if name == "counter_application":
            return self.counter_application(entry)
        if name == "expire":
            credit_entries_expire()  # the system acts, as the beat task would
            entry.refresh_from_db()
            return entry
        actor, reason, payload = steps[name]
        return fire_transition(entry, name, actor=actor, reason=reason, payload=payload)

    def counter_application(self, entry):
        from creditlist.services.removal import removal_application_submit

        removal_application_submit(
            entry,
            actor=self.credit,
            channel="counter",
            applicant_name=f"{entry.party.name}（经办人：{entry.party.legal_representative}）",
            contact_phone=f"1393566{self.rng.randint(1000, 9999)}",
            statement="列入已满一年，已停止违法行为并完成整改，申请提前移出严重违法失信名单。",
            effects_statement="已撤回全部违规申请，向有关权利人书面致歉，并在本地媒体刊登声明。",
        )
        entry.refresh_from_db()
        return entry

    def online_application(self, entry) -> None:
        """The party applies online within the first year and with the fine unpaid: refused at
        once with the reasons (shown on the entry's page and to the applicant)."""
        from creditlist.services.removal import removal_application_submit

        removal_application_submit(
            entry,
            actor=None,
            channel="online",
            applicant_name=entry.party.name,
            contact_phone="13935661234",
            statement="本人已认识到错误，申请提前移出。",
            effects_statement="已关闭网店，不再销售侵权商品。",
        )


def load_demo_creditlist(users: dict, rng) -> int:
    """Create the demo entries once (idempotent); returns how many were created."""
    from creditlist.models import CreditEntry

    if CreditEntry.objects.filter(created_by=users["credit_officer"]).exists():
        return 0
    demo = _Demo(users, rng)
    return sum(1 for scenario in SCENARIOS if demo.run(scenario))


def register() -> None:
    from casemgmt.demo.registry import register_demo

    # After the enforcement demo: two entries rest on its penalty decisions.
    register_demo("creditlist", load_demo_creditlist, after=("enforcement",))
