"""Every write goes through the audited door.

The write routes are found from the URL conf — every API route answering a method other than
GET/HEAD/OPTIONS and every staff or public page that accepts a POST — never from a hand list.
Each must have a scenario below: a successful call appends exactly one history row to the object
it acts on, naming the actor and a reason, and a refused call (another county's user, a role
that may not, bad input) appends none anywhere. A new write route without a scenario fails
`test_every_write_route_has_a_scenario`; a route that is no write to case data (signing in, the
user's own inbox, a lookup sent by POST) is named in NOT_AUDITED with the reason."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.workflow.models import TransitionLog
from cases.models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase
from enforcement.models import EnforcementCase, Evidence, Inspection, PenaltyDecision, Seizure

from . import enforcement_factories as ef
from . import mediation_factories as mf
from .factories import CITY, GAOPING, ZEZHOU, UserFactory, assistance_request, jurisdiction
from .publication_factories import decided_case
from .uploads import png_bytes, upload

SAFE = {"get", "head", "options", "trace"}

# Routes that accept a write method but change no case data, and why.
NOT_AUDITED = {
    ("api-token", "post"): "登录换取令牌，不改变业务数据",
    ("api-logout", "post"): "注销所持令牌，不改变业务数据",
    ("api-logout-all", "post"): "注销本人全部令牌，不改变业务数据",
    ("web:login", "post"): "登录",
    ("web:login", "put"): "登录（Django 登录视图也接受 PUT）",
    ("web:logout", "post"): "退出登录",
    ("web:notifications-mark-read", "post"): "用户把自己的通知标为已读",
    ("public:status", "post"): "申请人用查询码查询进度（用 POST 以免手机号尾号进入网址），不写入",
    ("web:dashboard-reports", "post"): "生成本人可见数据的月度统计报表，只读取业务数据",
    ("web:object-export", "post"): "导出本人可见的列表（大量时在后台生成），只读取业务数据",
}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    pattern: str


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or ""), entry


def _probe_url(entry: URLPattern, name: str) -> str:
    kwargs = {}
    for key, converter in entry.pattern.converters.items():
        kwargs[key] = 999999 if converter.__class__.__name__ == "IntConverter" else "x"
    return reverse(name, kwargs=kwargs)


def write_routes() -> list[Route]:
    """(name, method) of every write route, from the URL conf. Function views are asked: a view
    that does not answer 405 to a POST accepts one."""
    probe = Client()
    admin = UserFactory(role=Role.ADMINISTRATOR, jurisdiction=jurisdiction(CITY), is_superuser=True, is_staff=True)
    probe.force_login(admin)
    routes = []
    for pattern, name, entry in _walk(get_resolver().url_patterns):
        if pattern.startswith("admin/"):
            continue  # Django admin: read-only for workflow data (tests/test_admin_lockdown.py)
        callback = entry.callback
        actions = getattr(callback, "actions", None)
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if actions is not None:
            methods = [m for m in actions if m not in SAFE]
        elif view_class is not None:
            methods = [m for m in view_class.http_method_names if m not in SAFE and hasattr(view_class, m)]
        else:
            methods = [] if probe.post(_probe_url(entry, name)).status_code == 405 else ["post"]
        routes += [Route(name, method, pattern) for method in methods]
    return routes


# ---------- scenarios ----------


@dataclass
class Call:
    user: object  # None: anonymous
    method: str
    url: str
    data: dict | None = None
    format: str = "json"  # json | multipart (API) or form (a staff/public page)

    def send(self):
        if self.format == "form":
            client = Client()
            if self.user is not None:
                client.force_login(self.user)
            return getattr(client, self.method)(self.url, self.data or {})
        client = APIClient()
        if self.user is not None:
            client.force_authenticate(self.user)
        return getattr(client, self.method)(self.url, self.data, format=self.format)


@dataclass
class Scenario:
    valid: Call
    refused: list[Call]
    # The object the valid call acts on (for a create: found from the response).
    target: Callable[[object], object]
    ok: tuple[int, ...] = (200, 201, 302)
    expected_actor: Callable[[], str] | None = None
    extra: dict = field(default_factory=dict)


class World:
    """A city bureau, a county bureau and the branch centre's staff."""

    def __init__(self):
        self.city = ef.bureau(CITY)
        self.county = ef.bureau(ZEZHOU)
        place = jurisdiction(CITY)
        self.clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=place)
        self.head = UserFactory(role=Role.CENTRE_HEAD, jurisdiction=place)
        self.mediator = UserFactory(role=Role.HANDLER, jurisdiction=place)
        self.auditor = UserFactory(role=Role.AUDITOR, jurisdiction=place)
        self.county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(GAOPING))

    @property
    def people(self):
        return {"clerk": self.clerk, "head": self.head, "mediator": self.mediator}

    def officer(self):
        return self.city.officers[0]


def _found(model, key="id"):
    return lambda response: model.objects.get(pk=response.json()[key])


def _same(obj):
    return lambda response: obj


def _code(seed: int, area: str = "140502") -> str:
    import random

    return make_credit_code(random.Random(seed), area)


def _org(seed: int) -> dict:
    return {"kind": "organization", "name": f"晋城市审计测试{seed}有限公司", "credit_code": _code(seed)}


def _today() -> str:
    return timezone.localdate().isoformat()


def _investigating(w: World) -> EnforcementCase:
    return ef.penalty_case_until("start_investigation", w.city)


def _inspection(w: World, case: EnforcementCase) -> Inspection:
    from enforcement.services.inspections import inspection_create

    officers = w.city.officers
    return inspection_create(
        case,
        actor=officers[0],
        started_at=ef.raid_start(2),
        ended_at=timezone.now(),
        place="晋城市城区凤台东街12号",
        officers=[officers[0], officers[1]],
        findings="货架上有标注他人注册商标的商品。",
        signature="absent",
        signature_note="当事人不在场",
        certificates_shown=True,
    )


def _seizure(w: World, case: EnforcementCase, **fields) -> Seizure:
    from enforcement.services import seizures

    body = {
        "measure": "seizure",
        "items": "“丹河”树脂镜片",
        "quantity": "1,200副",
        "place_kept": "城区局涉案物品库",
        "decided_on": timezone.localdate(),
    } | fields
    return seizures.seizure_create(case, actor=w.officer(), **body)


def _evidence(w: World, case: EnforcementCase) -> Evidence:
    from enforcement.services.evidence import evidence_add

    inspection = _inspection(w, case)
    return evidence_add(inspection, actor=w.officer(), upload=upload("货架.png", png_bytes()), description="货架")


def _decided(w: World) -> EnforcementCase:
    case = ef.penalty_case_until("decide", w.city)
    return ef.advance(case, w.city, "serve", "start_execution")


def party_create(w):
    body = _org(1)
    return Scenario(
        valid=Call(w.clerk, "post", "/api/parties/", body),
        refused=[
            Call(w.auditor, "post", "/api/parties/", _org(2)),
            Call(w.clerk, "post", "/api/parties/", {"kind": "x"}),
        ],
        target=_found(__import__("casemgmt.parties.models", fromlist=["Party"]).Party),
    )


def party_update(method):
    def build(w):
        from casemgmt.parties.models import Party

        party = Party.objects.create(kind="organization", name="晋城市审计测试9有限公司", credit_code=_code(9))
        body = {"address": "晋城市城区新市东街1号", "reason": "当事人变更住所"}
        if method == "put":
            body |= {"kind": "organization", "name": party.name, "credit_code": party.credit_code}
        url = f"/api/parties/{party.pk}/"
        return Scenario(
            valid=Call(w.clerk, method, url, body),
            refused=[Call(w.auditor, method, url, body), Call(w.clerk, method, url, body | {"kind": "x"})],
            target=_same(party),
        )

    return build


def public_application(w):
    body = {
        "applicant": _org(11),
        "respondent": _org(12),
        "contact_phone": "13903561234",
        "title": "煤层气排采设备实用新型专利纠纷",
        "ip_type": "patent",
        "assistance_type": "mediation_referral",
        "facts": "被申请人使用与本公司专利相同的排采控制装置。",
        "jurisdiction_code": ZEZHOU,
        "privacy_consent": True,
    }
    return Scenario(
        valid=Call(None, "post", "/api/public/assistance-requests/", body),
        refused=[Call(None, "post", "/api/public/assistance-requests/", body | {"privacy_consent": False})],
        target=lambda r: AssistanceRequest.objects.get(tracking_code=r.json()["tracking_code"]),
        expected_actor=lambda: "晋城市审计测试11有限公司",
    )


def public_apply_form(w):
    body = {
        "applicant.kind": "organization",
        "applicant.name": "晋城市审计测试13有限公司",
        "applicant.credit_code": _code(13),
        "contact_phone": "13903561234",
        "title": "外观设计专利被仿制",
        "ip_type": "patent",
        "assistance_type": "consultation",
        "facts": "发现他人仿制本公司外观设计。",
        "jurisdiction_code": ZEZHOU,
        "privacy_consent": "true",
    }
    return Scenario(
        valid=Call(None, "post", "/public/apply/", body, format="form"),
        refused=[
            Call(None, "post", "/public/apply/", {k: v for k, v in body.items() if k != "privacy_consent"}, "form")
        ],
        target=lambda r: AssistanceRequest.objects.order_by("-pk").first(),
        expected_actor=lambda: "晋城市审计测试13有限公司",
    )


def public_correction_form(w):
    from casemgmt.workflow.services import fire_transition

    waiting = assistance_request(respondent=False, jurisdiction_code=ZEZHOU)
    fire_transition(waiting, "request_correction", actor=w.clerk, reason="请补充对方当事人。")
    not_waiting = assistance_request(respondent=False, jurisdiction_code=ZEZHOU)
    body = {
        "tracking_code": waiting.tracking_code,
        "phone_last4": "1234",
        "statement": "对方为晋城市审计测试14有限公司。",
        "respondent.kind": "organization",
        "respondent.name": "晋城市审计测试14有限公司",
        "respondent.credit_code": _code(14),
    }
    url = "/public/correction/"
    return Scenario(
        valid=Call(None, "post", url, body, format="form"),
        refused=[
            Call(None, "post", url, body | {"phone_last4": "0000"}, "form"),
            Call(None, "post", url, body | {"statement": ""}, "form"),
            Call(None, "post", url, body | {"tracking_code": not_waiting.tracking_code}, "form"),
        ],
        target=_same(waiting),
        expected_actor=lambda: "系统",
    )


def assistance_import(w, page: bool = False):
    """One row imported: one record with one "imported" history row (a sheet of n rows writes n
    records, each with its own row; tests/test_excel_import.py checks several)."""
    from cases.services.imports import ASSISTANCE_COLUMNS

    from .identifiers import valid_id_number

    def sheet(seed: int, area: str = CITY, state: str = "已办结"):
        import random

        values = {
            "区划代码": area,
            "申请人类型": "法人或其他组织",
            "申请人名称": f"晋城市审计导入{seed}有限公司",
            "申请人统一社会信用代码或身份证号": _code(seed),
            "联系电话": "13903561234",
            "对方当事人类型": "自然人",
            "对方当事人名称": "王某",
            "对方当事人统一社会信用代码或身份证号": valid_id_number(random.Random(seed)),
            "事项": "商标被仿冒",
            "知识产权类型": "商标",
            "援助类型": "咨询",
            "事实与理由": "对方使用近似商标。",
            "状态": state,
            "申请日期": "2024-03-01",
            "受理日期": "2024-03-05",
            "办结日期": "2024-04-10",
        }
        headers = [c.header for c in ASSISTANCE_COLUMNS]
        return _sheet_upload(headers, [[values.get(h, "") for h in headers]])

    if page:
        url = reverse("web:assistance-import")
        return Scenario(
            valid=Call(w.clerk, "post", url, {"file": sheet(75)}, "form"),
            refused=[
                Call(w.auditor, "post", url, {"file": sheet(76)}, "form"),
                Call(w.county_clerk, "post", url, {"file": sheet(77, ZEZHOU)}, "form"),
                Call(w.clerk, "post", url, {"file": sheet(78, state="已拍板")}, "form"),
            ],
            target=lambda response: AssistanceRequest.objects.get(applicant__credit_code=_code(75)),
        )
    url = "/api/assistance-requests/import/"
    return Scenario(
        valid=Call(w.clerk, "post", url, {"file": sheet(71)}, "multipart"),
        refused=[
            Call(w.auditor, "post", url, {"file": sheet(72)}, "multipart"),
            Call(w.county_clerk, "post", url, {"file": sheet(73, ZEZHOU)}, "multipart"),
            Call(w.clerk, "post", url, {"file": sheet(74, state="已拍板")}, "multipart"),
        ],
        target=lambda response: AssistanceRequest.objects.get(pk=response.json()["rows"][0]["id"]),
    )


def _case_import_sheet(columns, values: dict):
    headers = [c.header for c in columns]
    return _sheet_upload(headers, [[values.get(h, "") for h in headers]])


def _imported_mediation(seed: int, area: str = CITY, state: str = "达成调解协议") -> dict:
    return {
        "区划代码": area,
        "申请人类型": "法人或其他组织",
        "申请人名称": f"晋城市审计调解导入{seed}有限公司",
        "申请人统一社会信用代码或身份证号": _code(seed),
        "被申请人类型": "法人或其他组织",
        "被申请人名称": f"晋城市审计调解被申请{seed}有限公司",
        "被申请人统一社会信用代码或身份证号": _code(seed + 500),
        "纠纷事项": "外观设计专利侵权纠纷",
        "知识产权类型": "专利",
        "纠纷事实": "被申请人销售近似产品。",
        "状态": state,
        "申请日期": "2024-03-01",
        "受理日期": "2024-03-08",
        "调解协议内容": "停止销售并赔偿。",
        "调解协议生效日期": "2024-04-02",
    }


def _imported_referral(seed: int, area: str = CITY, state: str = "已结案") -> dict:
    return {
        "区划代码": area,
        "转介类型": "诉讼",
        "接收机构": "晋城市中级人民法院",
        "申请人类型": "法人或其他组织",
        "申请人名称": f"晋城市审计转介导入{seed}有限公司",
        "申请人统一社会信用代码或身份证号": _code(seed),
        "被申请人类型": "法人或其他组织",
        "被申请人名称": f"晋城市审计转介被告{seed}有限公司",
        "被申请人统一社会信用代码或身份证号": _code(seed + 500),
        "纠纷事项": "商标侵权纠纷",
        "知识产权类型": "商标",
        "纠纷事实": "被申请人使用近似商标。",
        "状态": state,
        "转介日期": "2024-03-01",
        "受理日期": "2024-03-07",
        "结果文书": "民事判决书",
        "文书编号": f"(2024)晋05民初{seed}号",
        "文书日期": "2024-06-20",
        "结案日期": "2024-06-25",
    }


def _imported_penalty(seed: int, area: str = CITY, state: str = "已结案") -> dict:
    return {
        "程序": "行政处罚案件",
        "区划代码": area,
        "案号": f"晋市监立〔2023〕{seed}号",
        "案由": "销售侵犯注册商标专用权的商品",
        "案件类型": "商标侵权",
        "线索来源": "投诉举报",
        "收到日期": "2023-02-20",
        "基本案情": "当事人销售假冒注册商标的运动鞋。",
        "当事人类型": "法人或其他组织",
        "当事人名称": f"晋城市审计执法导入{seed}有限公司",
        "当事人统一社会信用代码或身份证号": _code(seed),
        "状态": state,
        "立案日期": "2023-03-01",
        "处理结果": "给予行政处罚",
        "决定日期": "2023-05-10",
        "决定书文号": f"晋市监罚〔2023〕{seed}号",
        "罚款金额（元）": "30000",
        "送达日期": "2023-05-12",
        "结案日期": "2023-06-30",
    }


def case_import(w, kind: str, page: bool = False):
    """One historical case imported (mediation, referral or enforcement case): one record with one
    "imported" history row; tests/test_case_imports.py checks sheets of several rows."""
    from cases.services.arbitration_import import ARBITRATION_COLUMNS
    from cases.services.mediation_import import MEDIATION_COLUMNS
    from enforcement.services.case_import import ENFORCEMENT_COLUMNS

    columns, row, model, api, slug, importer, county, party = {
        "mediation": (
            MEDIATION_COLUMNS,
            _imported_mediation,
            MediationCase,
            "mediations",
            "mediation",
            w.clerk,
            w.county_clerk,
            "applicant",
        ),
        "arbitration": (
            ARBITRATION_COLUMNS,
            _imported_referral,
            ArbitrationReferral,
            "arbitration-referrals",
            "arbitration",
            w.clerk,
            w.county_clerk,
            "applicant",
        ),
        "enforcement": (
            ENFORCEMENT_COLUMNS,
            _imported_penalty,
            EnforcementCase,
            "enforcement-cases",
            "enforcement",
            w.officer(),
            w.county.officers[0],
            "parties",
        ),
    }[kind]

    def sheet(seed: int, area: str = CITY, state: str | None = None):
        values = row(seed, area) if state is None else row(seed, area, state)
        return _case_import_sheet(columns, values)

    fmt = "form" if page else "multipart"
    url = reverse(f"web:{slug}-import") if page else f"/api/{api}/import/"
    seed = 85 if page else 81
    return Scenario(
        valid=Call(importer, "post", url, {"file": sheet(seed)}, fmt),
        refused=[
            Call(w.auditor, "post", url, {"file": sheet(seed + 1)}, fmt),
            Call(county, "post", url, {"file": sheet(seed + 2)}, fmt),
            Call(importer, "post", url, {"file": sheet(seed + 3, state="已拍板")}, fmt),
        ],
        target=lambda response: model.objects.get(**{f"{party}__credit_code": _code(seed)}),
    )


def assistance_create(w):
    body = {
        "applicant": _org(21),
        "respondent": _org(22),
        "contact_phone": "13903561234",
        "title": "激光测距模组外观设计专利被仿制",
        "ip_type": "patent",
        "assistance_type": "assessment_opinion",
        "facts": "申请人发现被申请人销售的测距模组外观与其专利高度近似。",
    }
    return Scenario(
        valid=Call(w.clerk, "post", "/api/assistance-requests/", body),
        refused=[
            Call(w.auditor, "post", "/api/assistance-requests/", body),
            Call(w.clerk, "post", "/api/assistance-requests/", body | {"title": ""}),
        ],
        target=_found(AssistanceRequest),
    )


def assistance_update(method):
    def build(w):
        request = assistance_request(actor=w.clerk)
        url = f"/api/assistance-requests/{request.pk}/"
        body = {"title": "激光测距模组外观设计专利被仿制（补充）", "reason": "申请人补充事项"}
        if method == "put":
            data = APIClient()
            data.force_authenticate(w.clerk)
            current = data.get(url).json()
            body = (
                {
                    key: current[key]
                    for key in ("applicant", "respondent", "contact_phone", "ip_type", "assistance_type")
                }
                | {"facts": current["facts"]}
                | body
            )
        return Scenario(
            valid=Call(w.clerk, method, url, body),
            refused=[Call(w.county_clerk, method, url, body), Call(w.clerk, method, url, body | {"title": ""})],
            target=_same(request),
        )

    return build


def assistance_transition(w):
    request = assistance_request(actor=w.clerk)
    url = f"/api/assistance-requests/{request.pk}/transitions/accept/"
    return Scenario(
        valid=Call(w.head, "post", url, {"reason": "对方当事人明确，属于援助范围"}),
        refused=[Call(w.clerk, "post", url, {"reason": "受理"}), Call(w.county_clerk, "post", url, {"reason": "受理"})],
        target=_same(request),
    )


def _referral(w: World) -> EnforcementReferral:
    from casemgmt.workflow.services import fire_transition

    request = assistance_request(actor=w.clerk)
    fire_transition(request, "accept", actor=w.head, reason="受理")
    fire_transition(request, "assign", actor=w.head, reason="指派", payload={"handler": w.mediator.pk})
    fire_transition(request, "start", actor=w.mediator, reason="开始")
    fire_transition(
        request,
        "refer",
        actor=w.mediator,
        reason="移送执法",
        payload={
            "referral_target": "enforcement",
            "referral_unit": "晋城市市场监督管理局",
            "applicant_consent": True,
        },
    )
    return EnforcementReferral.objects.get(assistance_request=request)


def enforcement_referral_transition(w):
    referral = _referral(w)
    url = f"/api/enforcement-referrals/{referral.pk}/transitions/acknowledge/"
    return Scenario(
        valid=Call(w.officer(), "post", url, {"reason": "已接收"}),
        refused=[Call(w.county.officers[0], "post", url, {"reason": "已接收"}), Call(w.clerk, "post", url, {})],
        target=_same(referral),
    )


def mediation_create(w):
    body = {
        "applicant": _org(31),
        "respondent": _org(32),
        "title": "铸造模具实用新型专利侵权纠纷",
        "facts": "申请人申请调解。",
        "ip_type": "patent",
    }
    return Scenario(
        valid=Call(w.clerk, "post", "/api/mediations/", body),
        refused=[Call(w.auditor, "post", "/api/mediations/", body), Call(w.clerk, "post", "/api/mediations/", {})],
        target=_found(MediationCase),
    )


def mediation_update(method):
    def build(w):
        case = mf.mediation_case(actor=w.clerk)
        url = f"/api/mediations/{case.pk}/"
        body = {"claims": "请求被申请人支付许可使用费。", "reason": "申请人变更请求"}
        if method == "put":
            client = APIClient()
            client.force_authenticate(w.clerk)
            current = client.get(url).json()
            body = {key: current[key] for key in ("applicant", "respondent", "title", "facts", "ip_type")} | body
        return Scenario(
            valid=Call(w.clerk, method, url, body),
            refused=[Call(w.county_clerk, method, url, body), Call(w.clerk, method, url, body | {"title": ""})],
            target=_same(case),
        )

    return build


def mediation_transition(w):
    case = mf.mediation_case(actor=w.clerk)
    url = f"/api/mediations/{case.pk}/transitions/consult_respondent/"
    return Scenario(
        valid=Call(w.clerk, "post", url, {"reason": "电话征询被申请人"}),
        refused=[Call(w.auditor, "post", url, {"reason": "征询"}), Call(w.county_clerk, "post", url, {"reason": "x"})],
        target=_same(case),
    )


def _session_body(days_ahead: int = 7) -> dict:
    start, end = mf.session_times(days_ahead=days_ahead)
    return {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": "分中心第一调解室"}


def mediation_session_create(w):
    case = mf.mediation_in_state("in_mediation", **w.people)
    url = f"/api/mediations/{case.pk}/sessions/"
    return Scenario(
        valid=Call(w.mediator, "post", url, _session_body() | {"reason": "安排首次调解"}),
        refused=[Call(w.clerk, "post", url, _session_body()), Call(w.mediator, "post", url, {"place": "x"})],
        target=_same(case),
    )


def mediation_session_update(w):
    from cases.models import MediationSession

    case = mf.mediation_in_state("in_mediation", **w.people)
    client = APIClient()
    client.force_authenticate(w.mediator)
    created = client.post(f"/api/mediations/{case.pk}/sessions/", _session_body(), format="json")
    assert created.status_code == 201, created.content
    session = MediationSession.objects.get(pk=created.json()["id"])
    url = f"/api/mediations/{case.pk}/sessions/{session.pk}/"
    return Scenario(
        valid=Call(w.mediator, "patch", url, {"place": "分中心第二调解室", "reason": "调解室调整"}),
        refused=[Call(w.clerk, "patch", url, {"place": "x"}), Call(w.mediator, "patch", url, {"starts_at": "x"})],
        target=_same(case),
    )


def mediation_court_report(w):
    case = mf.mediation_in_state("terminated", court=True, **w.people)
    url = f"/api/mediations/{case.pk}/court-report/"
    body = {"reported_on": _today(), "report": "调解不成，已函告晋城市中级人民法院。"}
    return Scenario(
        valid=Call(w.mediator, "post", url, body),
        refused=[Call(w.clerk, "post", url, body), Call(w.mediator, "post", url, {"reported_on": "x"})],
        target=_same(case),
    )


def arbitration_create(w):
    body = {
        "kind": "litigation",
        "receiving_body": "晋城市城区人民法院",
        "applicant": _org(41),
        "respondent": _org(42),
        "title": "旅游景区注册商标被用于纪念品",
        "facts": "被告在景区周边销售印有原告注册商标的纪念品。",
        "claims": "停止侵权。",
        "ip_type": "trademark",
    }
    return Scenario(
        valid=Call(w.clerk, "post", "/api/arbitration-referrals/", body),
        refused=[
            Call(w.auditor, "post", "/api/arbitration-referrals/", body),
            Call(w.clerk, "post", "/api/arbitration-referrals/", body | {"kind": "arbitration"}),
        ],
        target=_found(ArbitrationReferral),
    )


def _arbitration_referral(w: World) -> ArbitrationReferral:
    client = APIClient()
    client.force_authenticate(w.clerk)
    scenario = arbitration_create(w)
    response = client.post("/api/arbitration-referrals/", scenario.valid.data | {"applicant": _org(43)}, format="json")
    assert response.status_code == 201, response.content
    return ArbitrationReferral.objects.get(pk=response.json()["id"])


def arbitration_update(method):
    def build(w):
        referral = _arbitration_referral(w)
        url = f"/api/arbitration-referrals/{referral.pk}/"
        body = {"claims": "停止侵权，赔偿损失五万元。", "reason": "补充诉讼请求"}
        if method == "put":
            client = APIClient()
            client.force_authenticate(w.clerk)
            current = client.get(url).json()
            keys = ("kind", "receiving_body", "applicant", "respondent", "title", "facts", "ip_type")
            body = {key: current[key] for key in keys} | body
        return Scenario(
            valid=Call(w.clerk, method, url, body),
            refused=[Call(w.county_clerk, method, url, body), Call(w.clerk, method, url, body | {"title": ""})],
            target=_same(referral),
        )

    return build


def arbitration_transition(w):
    referral = _arbitration_referral(w)
    url = f"/api/arbitration-referrals/{referral.pk}/transitions/record_acceptance/"
    body = {"reason": "法院已立案", "accepted_on": _today(), "receiving_case_number": "（2026）晋0502民初88号"}
    return Scenario(
        valid=Call(w.clerk, "post", url, body),
        refused=[Call(w.auditor, "post", url, body), Call(w.clerk, "post", url, {"reason": "x", "accepted_on": "x"})],
        target=_same(referral),
    )


def enforcement_create(w):
    body = {
        "procedure": "penalty",
        "kind": "trademark_infringement",
        "clue_source": "complaint",
        "title": "销售假冒“丹河”商标镜片",
        "facts": "日常检查发现。",
        "received_on": _today(),
        "parties": [{"role": "respondent", "party": _org(51)}],
    }
    return Scenario(
        valid=Call(w.officer(), "post", "/api/enforcement-cases/", body),
        refused=[
            Call(w.clerk, "post", "/api/enforcement-cases/", body),
            Call(w.officer(), "post", "/api/enforcement-cases/", body | {"parties": []}),
        ],
        target=_found(EnforcementCase),
    )


def enforcement_update(method):
    def build(w):
        case = _investigating(w)
        url = f"/api/enforcement-cases/{case.pk}/"
        body = {"illegal_turnover": "80000.00", "reason": "补充查明的违法经营额"}
        if method == "put":
            client = APIClient()
            client.force_authenticate(w.officer())
            current = client.get(url).json()
            body = {key: current[key] for key in ("title", "facts")} | body
        return Scenario(
            valid=Call(w.officer(), method, url, body),
            refused=[
                Call(w.county.officers[0], method, url, body),
                Call(w.officer(), method, url, body | {"illegal_turnover": "-1"}),
            ],
            target=_same(case),
        )

    return build


def enforcement_transition(w):
    case = ef.penalty_clue(actor=w.officer())
    url = f"/api/enforcement-cases/{case.pk}/transitions/start_verification/"
    return Scenario(
        valid=Call(w.officer(), "post", url, {"reason": "核查线索"}),
        refused=[Call(w.clerk, "post", url, {"reason": "x"}), Call(w.county.officers[0], "post", url, {"reason": "x"})],
        target=_same(case),
    )


def enforcement_extend_time_limit(w):
    case = _investigating(w)
    url = f"/api/enforcement-cases/{case.pk}/extend-time-limit/"
    return Scenario(
        valid=Call(w.city.head, "post", url, {"reason": "案情复杂", "days": 30}),
        refused=[Call(w.officer(), "post", url, {"reason": "x"}), Call(w.city.head, "post", url, {"days": 30})],
        target=_same(case),
    )


def penalty_payment(w):
    case = _decided(w)
    decision = PenaltyDecision.objects.get(case=case)
    url = f"/api/penalty-decisions/{decision.pk}/payments/"
    body = {"amount": "1000.00", "paid_on": _today(), "receipt_number": "晋财缴2026-0001"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body),
        refused=[Call(w.county.officers[0], "post", url, body), Call(w.officer(), "post", url, body | {"amount": "0"})],
        target=_same(case),
    )


def penalty_revoke(w):
    decided = decided_case(w.city)
    decision = PenaltyDecision.objects.get(case=decided.case)
    url = f"/api/penalty-decisions/{decision.pk}/revoke/"
    body = {"ground": "revoked", "reason": "行政复议决定撤销", "on": _today()}
    return Scenario(
        valid=Call(w.city.head, "post", url, body),
        refused=[Call(w.officer(), "post", url, body), Call(w.city.head, "post", url, body | {"reason": ""})],
        target=_same(decided.case),
    )


def inspection_create(w):
    case = _investigating(w)
    officers = w.city.officers
    url = f"/api/enforcement-cases/{case.pk}/inspections/"
    body = {
        "started_at": ef.raid_start().isoformat(),
        "place": "晋城市城区凤台东街眼镜市场12号商铺",
        "officers": [officers[0].pk, officers[1].pk],
        "certificates_shown": True,
        "findings": "后仓堆放标有“丹河”商标的树脂镜片。",
        "signature": "absent",
        "signature_note": "当事人不在场",
    }
    return Scenario(
        valid=Call(officers[0], "post", url, body),
        refused=[
            Call(w.clerk, "post", url, body),
            Call(officers[0], "post", url, body | {"certificates_shown": False}),
        ],
        target=_same(case),
    )


def evidence_add(w):
    case = _investigating(w)
    inspection = _inspection(w, case)
    url = f"/api/enforcement-cases/{case.pk}/inspections/{inspection.pk}/evidence/"
    return Scenario(
        valid=Call(
            w.officer(), "post", url, {"file": upload("a.png", png_bytes()), "description": "货架"}, "multipart"
        ),
        refused=[
            Call(w.clerk, "post", url, {"file": upload("b.png", png_bytes()), "description": "货架"}, "multipart"),
            Call(w.officer(), "post", url, {"file": upload("c.png", png_bytes()), "description": ""}, "multipart"),
        ],
        target=_same(case),
    )


def evidence_supersede(w):
    case = _investigating(w)
    evidence = _evidence(w, case)
    url = f"/api/enforcement-cases/{case.pk}/inspections/{evidence.inspection_id}/evidence/{evidence.pk}/supersede/"

    def body(name, reason="原照片模糊"):
        return {"file": upload(name, png_bytes()), "reason": reason}

    return Scenario(
        valid=Call(w.officer(), "post", url, body("d.png"), "multipart"),
        refused=[
            Call(w.clerk, "post", url, body("e.png"), "multipart"),
            Call(w.officer(), "post", url, body("f.png", ""), "multipart"),
        ],
        target=_same(case),
    )


def seizure_create(w):
    case = _investigating(w)
    url = f"/api/enforcement-cases/{case.pk}/seizures/"
    body = {"measure": "seizure", "items": "树脂镜片", "quantity": "1,200副", "place_kept": "城区局涉案物品库"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body),
        refused=[Call(w.clerk, "post", url, body), Call(w.officer(), "post", url, body | {"items": ""})],
        target=_same(case),
    )


def _seizure_action(action: str, body: dict, bad: dict | None, *, by_head: bool, emergency: bool = False):
    """`bad`: a body the service refuses (None where every body is valid: then another role's
    user tries instead)."""

    def build(w):
        case = _investigating(w)
        fields = {}
        if emergency:
            fields = {"emergency": True, "inspection": _inspection(w, case)}
        seizure = _seizure(w, case, **fields)
        url = f"/api/enforcement-cases/{case.pk}/seizures/{seizure.pk}/{action}/"
        actor = w.city.head if by_head else w.officer()
        second = Call(actor, "post", url, bad) if bad is not None else Call(w.clerk, "post", url, body)
        return Scenario(
            valid=Call(actor, "post", url, body),
            refused=[Call(w.county.head, "post", url, body), second],
            target=_same(case),
        )

    return build


def publication_transition(w):
    decided = decided_case(w.city)
    publication = decided.publication
    url = f"/api/publications/{publication.pk}/transitions/publish/"
    return Scenario(
        valid=Call(w.city.reviewer, "post", url, {"reason": "已核对屏蔽内容"}),
        refused=[
            Call(w.officer(), "post", url, {"reason": "x"}),
            Call(w.county.reviewer, "post", url, {"reason": "x"}),
        ],
        target=_same(publication),
    )


def web_transition_form(w):
    request = assistance_request(actor=w.clerk)
    url = reverse("web:object-transition", args=["assistance_request", request.pk, "accept"])
    return Scenario(
        valid=Call(w.head, "post", url, {"reason": "属于援助范围"}, "form"),
        refused=[Call(w.clerk, "post", url, {"reason": "x"}, "form"), Call(w.county_clerk, "post", url, {}, "form")],
        target=_same(request),
    )


def raid_form(w):
    case = _investigating(w)
    officers = w.city.officers
    url = reverse("web:enforcement-raid", args=[case.pk])
    body = {
        "started_at": timezone.localtime(ef.raid_start()).strftime("%Y-%m-%dT%H:%M"),
        "place": "晋城市城区凤台东街眼镜市场12号商铺",
        "officers": [officers[0].pk, officers[1].pk],
        "certificates_shown": "on",
        "findings": "后仓堆放标有“丹河”商标的树脂镜片。",
        "signature": "absent",
        "signature_note": "当事人不在场",
    }
    return Scenario(
        valid=Call(officers[0], "post", url, body, "form"),
        refused=[
            Call(w.clerk, "post", url, body, "form"),
            Call(officers[0], "post", url, body | {"place": ""}, "form"),
        ],
        target=_same(case),
    )


def raid_evidence_form(w):
    case = _investigating(w)
    inspection = _inspection(w, case)
    url = reverse("web:enforcement-raid-evidence", args=[case.pk, inspection.pk])

    def body(name, description="货架"):
        return {"photos": upload(name, png_bytes()), "photo_description": description}

    return Scenario(
        valid=Call(w.officer(), "post", url, body("g.png"), "form"),
        refused=[
            Call(w.clerk, "post", url, body("h.png"), "form"),
            Call(w.officer(), "post", url, {"photo_description": "货架"}, "form"),
        ],
        target=_same(case),
    )


def raid_supersede_form(w):
    case = _investigating(w)
    evidence = _evidence(w, case)
    url = reverse("web:enforcement-raid-evidence-supersede", args=[case.pk, evidence.inspection_id, evidence.pk])

    def body(name, reason="原照片模糊"):
        return {"file": upload(name, png_bytes()), "reason": reason}

    return Scenario(
        valid=Call(w.officer(), "post", url, body("j.png"), "form"),
        refused=[
            Call(w.clerk, "post", url, body("k.png"), "form"),
            Call(w.officer(), "post", url, body("l.png", ""), "form"),
        ],
        target=_same(case),
    )


def raid_seizure_form(w):
    case = _investigating(w)
    url = reverse("web:enforcement-raid-seizure", args=[case.pk])
    body = {
        "measure": "seizure",
        "items": "树脂镜片",
        "quantity": "1,200副",
        "place_kept": "城区局涉案物品库",
        "decided_on": _today(),
    }
    return Scenario(
        valid=Call(w.officer(), "post", url, body, "form"),
        refused=[
            Call(w.clerk, "post", url, body, "form"),
            Call(w.officer(), "post", url, body | {"items": ""}, "form"),
        ],
        target=_same(case),
    )


def raid_seizure_action_form(w):
    case = _investigating(w)
    seizure = _seizure(w, case)
    url = reverse("web:enforcement-raid-seizure-action", args=[case.pk, seizure.pk, "extend"])
    return Scenario(
        valid=Call(w.city.head, "post", url, {"reason": "情况复杂", "days": "20"}, "form"),
        refused=[
            Call(w.officer(), "post", url, {"reason": "x"}, "form"),
            Call(w.city.head, "post", url, {"reason": ""}, "form"),
        ],
        target=_same(case),
    )


# --- agency supervision: directories, items and plans (双随机) ---


def _sheet_upload(headers, rows):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [headers, *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("名录.xlsx", buffer.getvalue())


def _agency_sheet(credit_code: str, risk: str = "B"):
    from enforcement.supervision.services.imports import AGENCY_COLUMNS

    row = ["晋城市审计测试专利代理事务所", "专利代理机构", credit_code, "", "泽州县", "", "正常经营", risk, "", "", ""]
    return _sheet_upload([c.header for c in AGENCY_COLUMNS], [row])


def _inspector_sheet(username: str, active: str = "是"):
    from enforcement.supervision.services.imports import INSPECTOR_COLUMNS

    return _sheet_upload(
        [c.header for c in INSPECTOR_COLUMNS], [[username, "", "14050399999", "", "专利", active, "", ""]]
    )


def supervision_agency_create(w):
    from enforcement.supervision.models import Agency

    body = {
        "kind": "patent_agency",
        "name": "晋城市审计测试专利代理事务所",
        "credit_code": _code(61),
        "jurisdiction": ZEZHOU,
    }
    return Scenario(
        valid=Call(w.officer(), "post", "/api/agencies/", body),
        refused=[
            Call(w.auditor, "post", "/api/agencies/", body),
            Call(w.officer(), "post", "/api/agencies/", body | {"credit_code": "91140500MA0KXXXXX1"}),
        ],
        target=_found(Agency),
    )


def supervision_agency_update(w):
    from . import supervision_factories as sf

    agency = sf.agency(ZEZHOU)
    url = f"/api/agencies/{agency.pk}/"
    body = {"address": "泽州县南村镇新址1号", "reason": "机构变更住所"}
    return Scenario(
        valid=Call(w.county.officers[0], "patch", url, body),
        refused=[
            Call(UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(GAOPING)), "patch", url, body),
            Call(w.auditor, "patch", url, body),
            Call(w.county.officers[0], "patch", url, {"risk_class": "D"}),
        ],
        target=_same(agency),
    )


def supervision_agency_import(w):
    from enforcement.supervision.models import Agency

    credit_code = _code(62)
    return Scenario(
        valid=Call(w.officer(), "post", "/api/agencies/import/", {"file": _agency_sheet(credit_code)}, "multipart"),
        refused=[
            Call(w.auditor, "post", "/api/agencies/import/", {"file": _agency_sheet(_code(63))}, "multipart"),
            Call(w.officer(), "post", "/api/agencies/import/", {"file": _agency_sheet(_code(64), "E")}, "multipart"),
        ],
        target=lambda response: Agency.objects.get(credit_code=credit_code),
    )


def supervision_inspector_create(w):
    from enforcement.supervision.models import Inspector

    return Scenario(
        valid=Call(w.county.head, "post", "/api/inspectors/", {"user": w.county.officers[1].pk}),
        refused=[
            Call(w.auditor, "post", "/api/inspectors/", {"user": w.county.officers[1].pk}),
            Call(w.county.head, "post", "/api/inspectors/", {"user": w.clerk.pk}),
        ],
        target=_found(Inspector),
    )


def supervision_inspector_update(w):
    from . import supervision_factories as sf

    inspector = sf.inspector(w.county.officers[2])
    url = f"/api/inspectors/{inspector.pk}/"
    return Scenario(
        valid=Call(w.county.head, "patch", url, {"active": False, "reason": "调离执法岗位"}),
        refused=[
            Call(w.auditor, "patch", url, {"active": False, "reason": "x"}),
            Call(
                UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(GAOPING)), "patch", url, {"specialities": "x"}
            ),
            Call(w.county.head, "patch", url, {"active": False}),
        ],
        target=_same(inspector),
    )


def supervision_inspector_conflict(w):
    from . import supervision_factories as sf

    inspector = sf.inspector(w.county.officers[2])
    agency = sf.agency(ZEZHOU)
    url = f"/api/inspectors/{inspector.pk}/conflicts/"
    return Scenario(
        valid=Call(w.county.head, "post", url, {"agency": agency.pk, "reason": "配偶在该机构执业"}),
        refused=[
            Call(w.auditor, "post", url, {"agency": agency.pk, "reason": "x"}),
            Call(w.county.head, "post", url, {"agency": agency.pk}),
        ],
        target=_same(inspector),
    )


def supervision_inspector_import(w):
    from enforcement.supervision.models import Inspector

    officer = w.county.officers[0]
    return Scenario(
        valid=Call(
            w.officer(), "post", "/api/inspectors/import/", {"file": _inspector_sheet(officer.username)}, "multipart"
        ),
        refused=[
            Call(
                w.auditor, "post", "/api/inspectors/import/", {"file": _inspector_sheet(officer.username)}, "multipart"
            ),
            Call(
                w.officer(),
                "post",
                "/api/inspectors/import/",
                {"file": _inspector_sheet(officer.username, "也许")},
                "multipart",
            ),
        ],
        target=lambda response: Inspector.objects.get(user=officer),
    )


def supervision_item_create(w):
    from enforcement.supervision.models import InspectionItem

    body = {"code": "SJ-01", "name": "执业许可情况", "kind": "key", "legal_basis": "《专利代理条例》第九条"}
    return Scenario(
        valid=Call(w.city.head, "post", "/api/inspection-items/", body),
        refused=[
            Call(w.county.head, "post", "/api/inspection-items/", body),
            Call(w.city.head, "post", "/api/inspection-items/", body | {"legal_basis": ""}),
        ],
        target=_found(InspectionItem),
    )


def supervision_item_update(w):
    from . import supervision_factories as sf

    item = sf.inspection_item()
    url = f"/api/inspection-items/{item.pk}/"
    return Scenario(
        valid=Call(w.city.head, "patch", url, {"active": False, "reason": "事项已取消"}),
        refused=[
            Call(w.county.head, "patch", url, {"active": False, "reason": "x"}),
            Call(w.city.head, "patch", url, {"active": False}),
        ],
        target=_same(item),
    )


def supervision_plan_create(w):
    from enforcement.supervision.models import AnnualPlan

    from . import supervision_factories as sf

    body = {
        "jurisdiction": CITY,
        "year": 2026,
        "title": "2026年度专利商标代理机构双随机抽查计划",
        "class_rules": [{"risk_class": "A", "ratio": "0.05"}, {"risk_class": "D", "count": 3}],
        "items": [sf.inspection_item().pk],
    }
    return Scenario(
        valid=Call(w.city.head, "post", "/api/annual-plans/", body),
        refused=[
            Call(w.auditor, "post", "/api/annual-plans/", body),
            Call(w.city.head, "post", "/api/annual-plans/", body | {"class_rules": [{"risk_class": "A"}]}),
        ],
        target=_found(AnnualPlan),
    )


def supervision_plan_update(w):
    from . import supervision_factories as sf

    plan = sf.annual_plan(CITY, filed=False)
    url = f"/api/annual-plans/{plan.pk}/"
    body = {"class_rules": [{"risk_class": "B", "ratio": "0.1"}], "reason": "按上级意见调整"}
    return Scenario(
        valid=Call(w.city.head, "patch", url, body),
        refused=[
            Call(w.county.head, "patch", url, body),
            Call(w.city.head, "patch", url, body | {"team_size": 9}),
        ],
        target=_same(plan),
    )


def supervision_plan_file(w):
    from . import supervision_factories as sf

    plan = sf.annual_plan(CITY, filed=False)
    url = f"/api/annual-plans/{plan.pk}/file/"
    body = {"filed_with": "山西省市场监督管理局", "filing_number": "晋市监备〔2026〕3号"}
    return Scenario(
        valid=Call(w.city.head, "post", url, body),
        refused=[
            Call(w.county.head, "post", url, body),
            Call(w.auditor, "post", url, body),
            Call(w.city.head, "post", url, {"filed_with": "山西省市场监督管理局"}),
        ],
        target=_same(plan),
    )


# --- agency supervision: spot-check tasks (双随机抽查任务) ---


class _SpotChecks:
    """A city plan with six agencies and five inspectors (city officers stationed in counties),
    and a task of it advanced to a stage through the services."""

    def __init__(self, w: World):
        from enforcement.supervision.services.spot_checks import spot_check_create as create_task

        from . import supervision_factories as sf

        city = jurisdiction(CITY)
        counties = [ZEZHOU, GAOPING, "140502"]
        for n in range(6):
            sf.agency(counties[n % 3], risk_class="B")
        self.inspectors = [
            sf.inspector(UserFactory(role=Role.OFFICER, jurisdiction=city), jurisdiction_code=counties[n % 3])
            for n in range(5)
        ]
        self.w = w
        self.plan = sf.annual_plan(CITY, counts={"B": 2})
        self.task = create_task(actor=w.officer(), plan=self.plan, title="2026年第一批专利代理机构抽查")

    def drawn(self):
        from enforcement.supervision.services.spot_checks import spot_check_draw_run, spot_check_draw_start

        spot_check_draw_start(self.task, actor=self.w.officer())
        spot_check_draw_run(self.task.pk)
        self.task.refresh_from_db()
        return self.task

    def advanced(self, *names):
        from casemgmt.workflow.services import fire_transition

        task = self.drawn()
        actors = {"confirm": self.w.city.head, "start_inspection": self.w.officer()}
        for name in names:
            task = fire_transition(task, name, actor=actors[name], reason="推进")
        return task

    def first_target(self):
        return self.task.targets.order_by("position").first()

    def member(self, target):
        return target.team.select_related("inspector__user").first().inspector.user

    def outsider(self, target):
        team = set(target.team.values_list("inspector_id", flat=True))
        return next(i.user for i in self.inspectors if i.pk not in team)

    def result_body(self, **extra):
        return {
            "checked_on": _today(),
            "items": list(self.plan.items.values_list("pk", flat=True)),
            "finding": "no_problem",
        } | extra


def spot_check_create(w):
    s = _SpotChecks(w)
    body = {"title": "2026年第二批专利代理机构抽查", "plan": s.plan.pk, "reason": "年度计划第二批"}
    return Scenario(
        valid=Call(w.officer(), "post", "/api/spot-checks/", body),
        refused=[
            Call(w.auditor, "post", "/api/spot-checks/", body),
            Call(w.officer(), "post", "/api/spot-checks/", body | {"title": ""}),
        ],
        target=_found(__import__("enforcement.supervision.models", fromlist=["SpotCheck"]).SpotCheck),
    )


def spot_check_update(method):
    def build(w):
        s = _SpotChecks(w)
        url = f"/api/spot-checks/{s.task.pk}/"
        body = {"title": "2026年第一批专利代理机构抽查（更正）", "reason": "名称笔误"}
        return Scenario(
            valid=Call(w.officer(), method, url, body),
            refused=[
                Call(w.county.officers[0], method, url, body),
                Call(w.officer(), method, url, body | {"title": ""}),
            ],
            target=_same(s.task),
        )

    return build


def spot_check_draw(w):
    s = _SpotChecks(w)
    url = f"/api/spot-checks/{s.task.pk}/draw/"
    return Scenario(
        valid=Call(w.officer(), "post", url, {"reason": "按计划抽取"}),
        refused=[Call(w.city.reviewer, "post", url, {}), Call(w.county.officers[0], "post", url, {})],
        target=_same(s.task),
        ok=(202,),
    )


def spot_check_transition(w):
    s = _SpotChecks(w)
    task = s.drawn()
    url = f"/api/spot-checks/{task.pk}/transitions/confirm/"
    return Scenario(
        valid=Call(w.city.head, "post", url, {"reason": "抽取结果经核对无误"}),
        refused=[Call(w.officer(), "post", url, {"reason": "确认"}), Call(w.county.head, "post", url, {"reason": "x"})],
        target=_same(task),
    )


def spot_check_result(w):
    s = _SpotChecks(w)
    task = s.advanced("confirm", "start_inspection")
    target = s.first_target()
    url = f"/api/spot-checks/{task.pk}/targets/{target.pk}/result/"
    return Scenario(
        valid=Call(s.member(target), "post", url, s.result_body(reason="现场检查")),
        refused=[
            Call(s.outsider(target), "post", url, s.result_body()),
            Call(s.member(target), "post", url, s.result_body(finding="x")),
        ],
        target=_same(task),
    )


def spot_check_follow_up(w):
    from enforcement.supervision.services.results import target_result_enter

    s = _SpotChecks(w)
    task = s.advanced("confirm", "start_inspection")
    target = s.first_target()
    due = timezone.localdate() + dt.timedelta(days=30)
    body = s.result_body(finding="rectification", description="未公示收费标准", rectification_due=due)
    target_result_enter(task, target, actor=s.member(target), **body)
    url = f"/api/spot-checks/{task.pk}/targets/{target.pk}/follow-up/"
    note = {"note": "已电话督促整改", "reason": "跟进"}
    return Scenario(
        valid=Call(s.member(target), "post", url, note),
        refused=[Call(s.outsider(target), "post", url, note), Call(s.member(target), "post", url, {})],
        target=_same(task),
    )


def spot_check_redraw(w):
    s = _SpotChecks(w)
    task = s.advanced("confirm")
    target = s.first_target()
    inspector = target.team.first().inspector_id
    url = f"/api/spot-checks/{task.pk}/targets/{target.pk}/redraw/"
    return Scenario(
        valid=Call(w.officer(), "post", url, {"inspector": inspector, "reason": "检查人员近亲属在该机构执业"}),
        refused=[
            Call(w.auditor, "post", url, {"inspector": inspector, "reason": "回避"}),
            Call(w.officer(), "post", url, {"inspector": inspector}),
        ],
        target=_same(task),
    )


SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("party-list", "post"): party_create,
    ("party-detail", "put"): party_update("put"),
    ("party-detail", "patch"): party_update("patch"),
    ("public-assistance-request-create", "post"): public_application,
    ("public:apply", "post"): public_apply_form,
    ("public:correction", "post"): public_correction_form,
    ("assistance-request-list", "post"): assistance_create,
    ("assistance-request-import", "post"): assistance_import,
    ("web:assistance-import", "post"): lambda w: assistance_import(w, page=True),
    ("mediation-import", "post"): lambda w: case_import(w, "mediation"),
    ("web:mediation-import", "post"): lambda w: case_import(w, "mediation", page=True),
    ("arbitration-referral-import", "post"): lambda w: case_import(w, "arbitration"),
    ("web:arbitration-import", "post"): lambda w: case_import(w, "arbitration", page=True),
    ("enforcement-case-import", "post"): lambda w: case_import(w, "enforcement"),
    ("web:enforcement-import", "post"): lambda w: case_import(w, "enforcement", page=True),
    ("assistance-request-detail", "put"): assistance_update("put"),
    ("assistance-request-detail", "patch"): assistance_update("patch"),
    ("assistance-request-fire-transition", "post"): assistance_transition,
    ("enforcement-referral-fire-transition", "post"): enforcement_referral_transition,
    ("mediation-list", "post"): mediation_create,
    ("mediation-detail", "put"): mediation_update("put"),
    ("mediation-detail", "patch"): mediation_update("patch"),
    ("mediation-fire-transition", "post"): mediation_transition,
    ("mediation-sessions", "post"): mediation_session_create,
    ("mediation-session-detail", "patch"): mediation_session_update,
    ("mediation-court-report", "post"): mediation_court_report,
    ("arbitration-referral-list", "post"): arbitration_create,
    ("arbitration-referral-detail", "put"): arbitration_update("put"),
    ("arbitration-referral-detail", "patch"): arbitration_update("patch"),
    ("arbitration-referral-fire-transition", "post"): arbitration_transition,
    ("enforcement-case-list", "post"): enforcement_create,
    ("enforcement-case-detail", "put"): enforcement_update("put"),
    ("enforcement-case-detail", "patch"): enforcement_update("patch"),
    ("enforcement-case-fire-transition", "post"): enforcement_transition,
    ("enforcement-case-extend-time-limit", "post"): enforcement_extend_time_limit,
    ("penalty-decision-payments", "post"): penalty_payment,
    ("penalty-decision-revoke", "post"): penalty_revoke,
    ("enforcement-inspection-list", "post"): inspection_create,
    ("enforcement-inspection-evidence", "post"): evidence_add,
    ("enforcement-inspection-supersede", "post"): evidence_supersede,
    ("enforcement-seizure-list", "post"): seizure_create,
    ("enforcement-seizure-approve", "post"): _seizure_action(
        "approve", {"note": "同意"}, None, by_head=True, emergency=True
    ),
    ("enforcement-seizure-extend", "post"): _seizure_action(
        "extend", {"reason": "情况复杂", "days": 30}, {"reason": "情况复杂", "days": 31}, by_head=True
    ),
    ("enforcement-seizure-release", "post"): _seizure_action(
        "release", {"reason": "已作出处罚决定"}, {"reason": ""}, by_head=False
    ),
    ("publication-fire-transition", "post"): publication_transition,
    ("web:object-transition", "post"): web_transition_form,
    ("web:enforcement-raid", "post"): raid_form,
    ("web:enforcement-raid-evidence", "post"): raid_evidence_form,
    ("web:enforcement-raid-evidence-supersede", "post"): raid_supersede_form,
    ("web:enforcement-raid-seizure", "post"): raid_seizure_form,
    ("web:enforcement-raid-seizure-action", "post"): raid_seizure_action_form,
    ("agency-list", "post"): supervision_agency_create,
    ("agency-detail", "patch"): supervision_agency_update,
    ("agency-import", "post"): supervision_agency_import,
    ("inspector-list", "post"): supervision_inspector_create,
    ("inspector-detail", "patch"): supervision_inspector_update,
    ("inspector-conflicts", "post"): supervision_inspector_conflict,
    ("inspector-import", "post"): supervision_inspector_import,
    ("inspection-item-list", "post"): supervision_item_create,
    ("inspection-item-detail", "patch"): supervision_item_update,
    ("annual-plan-list", "post"): supervision_plan_create,
    ("annual-plan-detail", "patch"): supervision_plan_update,
    ("annual-plan-file", "post"): supervision_plan_file,
    ("spot-check-list", "post"): spot_check_create,
    ("spot-check-detail", "put"): spot_check_update("put"),
    ("spot-check-detail", "patch"): spot_check_update("patch"),
    ("spot-check-draw", "post"): spot_check_draw,
    ("spot-check-fire-transition", "post"): spot_check_transition,
    ("spot-check-target-result", "post"): spot_check_result,
    ("spot-check-target-follow-up", "post"): spot_check_follow_up,
    ("spot-check-target-redraw", "post"): spot_check_redraw,
}


@pytest.mark.django_db
def test_every_write_route_has_a_scenario():
    routes = {(route.name, route.method) for route in write_routes()}
    missing = sorted(routes - set(SCENARIOS) - set(NOT_AUDITED))
    assert not missing, f"write routes without an audit scenario: {missing}"
    stale = sorted((set(SCENARIOS) | set(NOT_AUDITED)) - routes)
    assert not stale, f"scenarios for routes that no longer exist: {stale}"


def _rows_of(obj):
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_write_appends_one_history_row_and_a_refused_one_none(key):
    scenario = SCENARIOS[key](World())

    for call in scenario.refused:
        before = TransitionLog.objects.count()
        response = call.send()
        assert response.status_code in (400, 403, 404, 409), (call.user, response.status_code, response.content[:300])
        assert TransitionLog.objects.count() == before, f"a refused {key} wrote history"

    before = TransitionLog.objects.count()
    started = timezone.now()
    response = scenario.valid.send()
    assert response.status_code in scenario.ok, response.content.decode()[:2000]
    target = scenario.target(response)
    rows = list(_rows_of(target).filter(at__gte=started))
    assert len(rows) == 1, [(r.transition, r.reason) for r in rows]
    row = rows[0]
    user = scenario.valid.user
    if user is not None:
        assert (row.actor_id, row.actor_username, row.actor_name) == (user.pk, user.username, user.display_name)
    else:
        assert scenario.expected_actor() in row.actor_name
    assert row.reason.strip(), f"{key} logged no reason"
    assert TransitionLog.objects.count() >= before + 1


# --- the serious-dishonesty list (creditlist) ---
# Appended as one block: its scenarios join SCENARIOS (so the route check sees them) and run
# through the same test below (the parametrisation above was fixed before this block was read).


def _credit(w: World):
    from .creditlist_factories import CreditBureau

    return CreditBureau(staff=w.city, credit=UserFactory(role=Role.CREDIT_OFFICER, jurisdiction=jurisdiction(CITY)))


def _county_credit():
    return UserFactory(role=Role.CREDIT_OFFICER, jurisdiction=jurisdiction(ZEZHOU))


def credit_entry_create(w):
    from creditlist.models import CreditEntry

    cb = _credit(w)
    body = {
        "party": _org(71),
        "ground": "malicious_trademark_filing",
        "matched_rule": "国家知识产权局认定该公司恶意申请注册商标46件。",
    }
    return Scenario(
        valid=Call(cb.credit, "post", "/api/credit-list/", body),
        refused=[
            Call(w.auditor, "post", "/api/credit-list/", body),
            Call(cb.credit, "post", "/api/credit-list/", body | {"ground": "intentional_infringement"}),
        ],
        target=_found(CreditEntry),
    )


def credit_entry_update(w):
    from .creditlist_factories import repeat_offence

    cb = _credit(w)
    entry = repeat_offence(cb).entry
    url = f"/api/credit-list/{entry.pk}/"
    body = {"facts": "五年内两次销售假冒“丹河”注册商标的树脂镜片。", "reason": "补充违法事实"}
    return Scenario(
        valid=Call(cb.credit, "patch", url, body),
        refused=[Call(_county_credit(), "patch", url, body), Call(cb.credit, "patch", url, {"measures": ["x"]})],
        target=_same(entry),
    )


def credit_entry_transition(w):
    from .creditlist_factories import repeat_offence

    cb = _credit(w)
    entry = repeat_offence(cb).entry
    url = f"/api/credit-list/{entry.pk}/transitions/notify/"
    return Scenario(
        valid=Call(cb.credit, "post", url, {"reason": "直接送达"}),
        refused=[Call(w.city.head, "post", url, {"reason": "x"}), Call(_county_credit(), "post", url, {})],
        target=_same(entry),
    )


def credit_removal_counter(w):
    from .creditlist_factories import published_entry

    cb = _credit(w)
    _, entry = published_entry(cb)
    url = f"/api/credit-list/{entry.pk}/removal-applications/"
    body = {
        "applicant_name": "王建国",
        "contact_phone": "13903561234",
        "statement": "申请",
        "effects_statement": "整改",
    }
    return Scenario(
        valid=Call(cb.credit, "post", url, body, "multipart"),
        refused=[
            Call(_county_credit(), "post", url, body, "multipart"),
            Call(cb.credit, "post", url, body | {"statement": ""}, "multipart"),
        ],
        target=_same(entry),
    )


def credit_removal_online(w):
    from creditlist.models import EarlyRemovalApplication

    from .creditlist_factories import published_entry

    _, entry = published_entry(_credit(w))

    def body(name, identifier=entry.party.credit_code):
        return {
            "entry": entry.pk,
            "party_identifier": identifier,
            "applicant_name": entry.party.name,
            "contact_phone": "13903561234",
            "statement": "申请提前移出。",
            "effects_statement": "已整改并消除影响。",
            "privacy_consent": "true",
            "attachments": [upload(name, png_bytes())],
        }

    url = "/api/public/credit-removal-applications/"
    return Scenario(
        valid=Call(None, "post", url, body("m.png"), "multipart"),
        refused=[Call(None, "post", url, body("n.png", "91140500MA0K000000"), "multipart")],
        target=lambda r: EarlyRemovalApplication.objects.get(tracking_code=r.json()["tracking_code"]),
        expected_actor=lambda: "晋城市丹河光学眼镜有限公司",
    )


CREDITLIST_SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("credit-entry-list", "post"): credit_entry_create,
    ("credit-entry-detail", "patch"): credit_entry_update,
    ("credit-entry-fire-transition", "post"): credit_entry_transition,
    ("credit-entry-removal-applications", "post"): credit_removal_counter,
    ("public-credit-removal-application-create", "post"): credit_removal_online,
}
SCENARIOS.update(CREDITLIST_SCENARIOS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(CREDITLIST_SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_credit_list_write_appends_one_history_row_and_a_refused_one_none(key):
    test_a_write_appends_one_history_row_and_a_refused_one_none(key)


# --- the serious-dishonesty list's HTML pages (creditlist/web) ---
# Appended as one block, like the one above: the staff propose and counter forms and the public
# online application join SCENARIOS; the public status lookup (a POST that writes nothing) joins
# NOT_AUDITED.

NOT_AUDITED[("public_credit:status", "post")] = (
    "申请人用查询码查询提前移出申请结果（用 POST 以免手机号尾号进入网址），不写入"
)


def credit_propose_form(w):
    from creditlist.models import CreditEntry

    cb = _credit(w)
    party = {f"party.{key}": value for key, value in _org(72).items()}
    body = {"pick": "new", "ground": "malicious_trademark_filing", "matched_rule": "恶意申请注册商标46件。"} | party
    url = reverse("web:credit-propose")
    return Scenario(
        valid=Call(cb.credit, "post", url, body, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(cb.credit, "post", url, body | {"matched_rule": ""}, "form"),
            Call(cb.credit, "post", url, body | {"ground": "intentional_infringement"}, "form"),
        ],
        target=lambda response: CreditEntry.objects.get(party__credit_code=_code(72)),
    )


def credit_removal_counter_form(w):
    from .creditlist_factories import published_entry

    cb = _credit(w)
    _, entry = published_entry(cb)
    url = reverse("web:credit-removal-counter", args=[entry.pk])

    def body(name, **fields):
        return {
            "applicant_name": "王建国",
            "contact_phone": "13903561234",
            "statement": "申请提前移出。",
            "effects_statement": "已整改。",
            "attachments": upload(name, png_bytes()),
        } | fields

    return Scenario(
        valid=Call(cb.credit, "post", url, body("p.png"), "form"),
        refused=[
            Call(_county_credit(), "post", url, body("q.png"), "form"),
            Call(cb.staff.reviewer, "post", url, body("r.png"), "form"),
            Call(cb.credit, "post", url, body("s.png", statement=""), "form"),
        ],
        target=_same(entry),
    )


def credit_apply_online_form(w):
    from creditlist.models import EarlyRemovalApplication

    from .creditlist_factories import published_entry

    _, entry = published_entry(_credit(w))
    url = reverse("public_credit:apply", args=[entry.pk])

    def body(name, identifier=entry.party.credit_code):
        return {
            "party_identifier": identifier,
            "applicant_name": entry.party.name,
            "contact_phone": "13903561234",
            "statement": "申请提前移出。",
            "effects_statement": "已整改并消除影响。",
            "privacy_consent": "true",
            "attachments": upload(name, png_bytes()),
        }

    return Scenario(
        valid=Call(None, "post", url, body("t.png"), "form"),
        refused=[
            Call(None, "post", url, body("u.png", "91140500MA0K000000"), "form"),
            Call(None, "post", reverse("public_credit:apply", args=[999999]), body("v.png"), "form"),
        ],
        target=lambda response: EarlyRemovalApplication.objects.get(entry=entry),
        expected_actor=lambda: "晋城市丹河光学眼镜有限公司",
    )


CREDITLIST_WEB_SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("web:credit-propose", "post"): credit_propose_form,
    ("web:credit-removal-counter", "post"): credit_removal_counter_form,
    ("public_credit:apply", "post"): credit_apply_online_form,
}
SCENARIOS.update(CREDITLIST_WEB_SCENARIOS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(CREDITLIST_WEB_SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_credit_list_page_write_appends_one_history_row_and_a_refused_one_none(key):
    test_a_write_appends_one_history_row_and_a_refused_one_none(key)


# --- agency supervision: the staff pages (双随机) ---
# Appended as one block, like the credit list's: the pages' forms, each through the same service
# as its API route, each writing one history row on the record it acts on.


def _sv(name: str, *args) -> str:
    return reverse(f"web:supervision-{name}", args=args)


def _sv_agency_form(**values) -> dict:
    return {
        "name": "晋城市网页审计测试专利代理事务所",
        "kind": "patent_agency",
        "credit_code": _code(81, ZEZHOU),
        "jurisdiction": ZEZHOU,
        "status": "active",
        "risk_class": "B",
        **values,
    }


def sv_agency_create_form(w):
    from enforcement.supervision.models import Agency

    url = _sv("agency-create")
    body = _sv_agency_form()
    return Scenario(
        valid=Call(w.officer(), "post", url, body, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(w.officer(), "post", url, body | {"credit_code": "91140500MA0KXXXXX1"}, "form"),
        ],
        target=lambda response: Agency.objects.get(credit_code=body["credit_code"]),
    )


def sv_agency_edit_form(w):
    from . import supervision_factories as sf

    agency = sf.agency(ZEZHOU)
    url = _sv("agency-edit", agency.pk)
    body = _sv_agency_form(name=agency.name, credit_code=agency.credit_code, address="泽州县南村镇新址1号")
    return Scenario(
        valid=Call(w.county.officers[0], "post", url, body | {"reason": "机构变更住所"}, "form"),
        refused=[
            Call(UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(GAOPING)), "post", url, body, "form"),
            Call(w.auditor, "post", url, body, "form"),
            Call(w.county.officers[0], "post", url, body | {"risk_class": "D"}, "form"),
        ],
        target=_same(agency),
    )


def sv_agency_import_form(w):
    from enforcement.supervision.models import Agency

    url, code = _sv("agency-import"), _code(82)
    return Scenario(
        valid=Call(w.officer(), "post", url, {"file": _agency_sheet(code)}, "form"),
        refused=[
            Call(w.auditor, "post", url, {"file": _agency_sheet(_code(83))}, "form"),
            Call(w.officer(), "post", url, {"file": _agency_sheet(_code(84), "E")}, "form"),
        ],
        target=lambda response: Agency.objects.get(credit_code=code),
    )


def sv_inspector_create_form(w):
    from enforcement.supervision.models import Inspector

    url, officer = _sv("inspector-create"), w.county.officers[1]
    return Scenario(
        valid=Call(w.county.head, "post", url, {"user": officer.pk, "specialities": "商标"}, "form"),
        refused=[
            Call(w.auditor, "post", url, {"user": officer.pk}, "form"),
            Call(w.county.head, "post", url, {"user": w.clerk.pk}, "form"),
        ],
        target=lambda response: Inspector.objects.get(user=officer),
    )


def sv_inspector_edit_form(w):
    from . import supervision_factories as sf

    inspector = sf.inspector(w.county.officers[2])
    url = _sv("inspector-edit", inspector.pk)
    body = {"certificate_number": inspector.certificate_number, "specialities": "商标"}  # active: unticked
    return Scenario(
        valid=Call(w.county.head, "post", url, body | {"reason": "调离执法岗位"}, "form"),
        refused=[
            Call(w.auditor, "post", url, body | {"reason": "x"}, "form"),
            Call(UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(GAOPING)), "post", url, body, "form"),
            Call(w.county.head, "post", url, body, "form"),
        ],
        target=_same(inspector),
    )


def sv_inspector_conflict_form(w):
    from . import supervision_factories as sf

    inspector, agency = sf.inspector(w.county.officers[2]), sf.agency(ZEZHOU)
    url = _sv("inspector-conflict", inspector.pk)
    return Scenario(
        valid=Call(w.county.head, "post", url, {"agency": agency.pk, "reason": "配偶在该机构执业"}, "form"),
        refused=[
            Call(w.auditor, "post", url, {"agency": agency.pk, "reason": "x"}, "form"),
            Call(w.county.head, "post", url, {"agency": agency.pk}, "form"),
        ],
        target=_same(inspector),
    )


def sv_inspector_import_form(w):
    from enforcement.supervision.models import Inspector

    url, officer = _sv("inspector-import"), w.county.officers[0]
    return Scenario(
        valid=Call(w.officer(), "post", url, {"file": _inspector_sheet(officer.username)}, "form"),
        refused=[
            Call(w.auditor, "post", url, {"file": _inspector_sheet(officer.username)}, "form"),
            Call(w.officer(), "post", url, {"file": _inspector_sheet(officer.username, "也许")}, "form"),
        ],
        target=lambda response: Inspector.objects.get(user=officer),
    )


def sv_item_create_form(w):
    from enforcement.supervision.models import InspectionItem

    url = _sv("item-create")
    body = {"code": "SJ-91", "name": "执业许可情况", "kind": "key", "legal_basis": "《专利代理条例》第九条"}
    return Scenario(
        valid=Call(w.city.head, "post", url, body, "form"),
        refused=[
            Call(w.county.head, "post", url, body, "form"),
            Call(w.city.head, "post", url, body | {"legal_basis": ""}, "form"),
        ],
        target=lambda response: InspectionItem.objects.get(code="SJ-91"),
    )


def sv_item_edit_form(w):
    from . import supervision_factories as sf

    item = sf.inspection_item()
    url = _sv("item-edit", item.pk)
    body = {"code": item.code, "name": item.name, "kind": item.kind, "legal_basis": item.legal_basis}  # unticked
    return Scenario(
        valid=Call(w.city.head, "post", url, body | {"reason": "事项已取消"}, "form"),
        refused=[
            Call(w.county.head, "post", url, body | {"reason": "x"}, "form"),
            Call(w.city.head, "post", url, body, "form"),
        ],
        target=_same(item),
    )


def _sv_plan_form(items, **values) -> dict:
    rules = {"A": ("5", ""), "B": ("", ""), "C": ("", "3"), "D": ("50", "")}
    body = {
        "jurisdiction": CITY,
        "year": "2026",
        "title": "2026年度网页审计测试抽查计划",
        "items": [item.pk for item in items],
        "team_size": "2",
        "exclude_same_county": "on",
        "rounding": "ceil",
        "rules-TOTAL_FORMS": "4",
        "rules-INITIAL_FORMS": "4",
    }
    for index, (risk_class, (percent, count)) in enumerate(rules.items()):
        body |= {f"rules-{index}-risk_class": risk_class, f"rules-{index}-percent": percent}
        body |= {f"rules-{index}-count": count}
    return body | values


def sv_plan_create_form(w):
    from enforcement.supervision.models import AnnualPlan

    from . import supervision_factories as sf

    url, body = _sv("plan-create"), _sv_plan_form([sf.inspection_item()])
    return Scenario(
        valid=Call(w.city.head, "post", url, body, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(w.city.head, "post", url, body | {"rules-3-count": "2"}, "form"),  # D: a ratio and a count
        ],
        target=lambda response: AnnualPlan.objects.get(title=body["title"]),
    )


def sv_plan_edit_form(w):
    from . import supervision_factories as sf

    plan = sf.annual_plan(CITY, filed=False)
    url = _sv("plan-edit", plan.pk)
    body = _sv_plan_form(list(plan.items.all()), title=plan.title, reason="按上级意见调整")
    return Scenario(
        valid=Call(w.city.head, "post", url, body, "form"),
        refused=[
            Call(w.county.head, "post", url, body, "form"),
            Call(w.city.head, "post", url, body | {"team_size": "9"}, "form"),
        ],
        target=_same(plan),
    )


def sv_plan_file_form(w):
    from . import supervision_factories as sf

    plan = sf.annual_plan(CITY, filed=False)
    url = _sv("plan-file", plan.pk)
    body = {"filed_with": "山西省市场监督管理局", "filing_number": "晋市监备〔2026〕3号"}
    return Scenario(
        valid=Call(w.city.head, "post", url, body, "form"),
        refused=[
            Call(w.county.head, "post", url, body, "form"),
            Call(w.auditor, "post", url, body, "form"),
            Call(w.city.head, "post", url, {"filed_with": "山西省市场监督管理局"}, "form"),
        ],
        target=_same(plan),
    )


def sv_spot_check_create_form(w):
    from enforcement.supervision.models import SpotCheck

    s = _SpotChecks(w)
    url = _sv("spot-check-create")
    body = {"plan": s.plan.pk, "title": "2026年第三批专利代理机构抽查"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(w.officer(), "post", url, body | {"title": ""}, "form"),
        ],
        target=lambda response: SpotCheck.objects.get(title=body["title"]),
    )


def sv_spot_check_draw_form(w):
    s = _SpotChecks(w)
    url = _sv("spot-check-draw", s.task.pk)
    return Scenario(
        valid=Call(w.officer(), "post", url, {}, "form"),
        refused=[Call(w.city.reviewer, "post", url, {}, "form"), Call(w.county.officers[0], "post", url, {}, "form")],
        target=_same(s.task),
    )


def sv_spot_check_redraw_form(w):
    s = _SpotChecks(w)
    task = s.advanced("confirm")
    target = s.first_target()
    inspector = target.team.first().inspector_id
    url = _sv("spot-check-redraw", task.pk, target.pk)
    return Scenario(
        valid=Call(w.officer(), "post", url, {"inspector": inspector, "reason": "检查人员近亲属在该机构执业"}, "form"),
        refused=[
            Call(w.auditor, "post", url, {"inspector": inspector, "reason": "回避"}, "form"),
            Call(w.officer(), "post", url, {"inspector": inspector}, "form"),
        ],
        target=_same(task),
    )


def sv_spot_check_result_form(w):
    s = _SpotChecks(w)
    task = s.advanced("confirm", "start_inspection")
    target = s.first_target()
    url = _sv("spot-check-result", task.pk, target.pk)
    return Scenario(
        valid=Call(s.member(target), "post", url, s.result_body(), "form"),
        refused=[
            Call(s.outsider(target), "post", url, s.result_body(), "form"),
            Call(s.member(target), "post", url, s.result_body(finding="x"), "form"),
        ],
        target=_same(task),
    )


def sv_spot_check_follow_up_form(w):
    from enforcement.supervision.services.results import target_result_enter

    s = _SpotChecks(w)
    task = s.advanced("confirm", "start_inspection")
    target = s.first_target()
    due = timezone.localdate() + dt.timedelta(days=30)
    body = s.result_body(finding="rectification", description="未公示收费标准", rectification_due=due)
    target_result_enter(task, target, actor=s.member(target), **body)
    url = _sv("spot-check-follow-up", task.pk, target.pk)
    note = {"note": "已电话督促整改", "reason": "跟进"}
    return Scenario(
        valid=Call(s.member(target), "post", url, note, "form"),
        refused=[Call(s.outsider(target), "post", url, note, "form"), Call(s.member(target), "post", url, {}, "form")],
        target=_same(task),
    )


SUPERVISION_WEB_SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("web:supervision-agency-create", "post"): sv_agency_create_form,
    ("web:supervision-agency-edit", "post"): sv_agency_edit_form,
    ("web:supervision-agency-import", "post"): sv_agency_import_form,
    ("web:supervision-inspector-create", "post"): sv_inspector_create_form,
    ("web:supervision-inspector-edit", "post"): sv_inspector_edit_form,
    ("web:supervision-inspector-conflict", "post"): sv_inspector_conflict_form,
    ("web:supervision-inspector-import", "post"): sv_inspector_import_form,
    ("web:supervision-item-create", "post"): sv_item_create_form,
    ("web:supervision-item-edit", "post"): sv_item_edit_form,
    ("web:supervision-plan-create", "post"): sv_plan_create_form,
    ("web:supervision-plan-edit", "post"): sv_plan_edit_form,
    ("web:supervision-plan-file", "post"): sv_plan_file_form,
    ("web:supervision-spot-check-create", "post"): sv_spot_check_create_form,
    ("web:supervision-spot-check-draw", "post"): sv_spot_check_draw_form,
    ("web:supervision-spot-check-redraw", "post"): sv_spot_check_redraw_form,
    ("web:supervision-spot-check-result", "post"): sv_spot_check_result_form,
    ("web:supervision-spot-check-follow-up", "post"): sv_spot_check_follow_up_form,
}
SCENARIOS.update(SUPERVISION_WEB_SCENARIOS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(SUPERVISION_WEB_SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_supervision_page_write_appends_one_history_row_and_a_refused_one_none(key):
    test_a_write_appends_one_history_row_and_a_refused_one_none(key)


# --- execution of penalty decisions (deferral/instalments, review/lawsuit, national-office referrals) ---
# Appended as one block, like the ones above.


def _agency_filed(w: World) -> EnforcementCase:
    clue = ef.penalty_clue(jurisdiction_code=w.city.code, kind="agency_violation")
    return ef.advance(clue, w.city, "start_verification", "file_case", file_case={"agency_subject": "patent_agency"})


def _in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def penalty_arrangement(w):
    case = _decided(w)
    decision = PenaltyDecision.objects.get(case=case)
    url = f"/api/penalty-decisions/{decision.pk}/arrangements/"
    body = {"kind": "deferral", "applied_on": _today(), "deferred_to": _in_days(60), "reason": "当事人经营困难"}
    return Scenario(
        valid=Call(w.city.head, "post", url, body),
        refused=[
            Call(w.officer(), "post", url, body),
            Call(w.city.head, "post", url, body | {"deferred_to": _today()}),
        ],
        target=_same(case),
    )


def penalty_remedy(w):
    case = _decided(w)
    decision = PenaltyDecision.objects.get(case=case)
    url = f"/api/penalty-decisions/{decision.pk}/remedies/"
    body = {"kind": "review", "filed_on": _today(), "body": "晋城市人民政府"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body),
        refused=[Call(w.county.officers[0], "post", url, body), Call(w.officer(), "post", url, body | {"body": ""})],
        target=_same(case),
    )


def penalty_remedy_conclude(w):
    from enforcement.services.execution import remedy_record

    case = _decided(w)
    decision = PenaltyDecision.objects.get(case=case)
    remedy = remedy_record(decision, actor=w.officer(), kind="lawsuit", filed_on=timezone.localdate(), body="城区法院")
    url = f"/api/penalty-decisions/{decision.pk}/remedies/{remedy.pk}/conclude/"
    body = {"ended_on": _today(), "outcome": "upheld"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body),
        refused=[Call(w.clerk, "post", url, body), Call(w.officer(), "post", url, body | {"outcome": "x"})],
        target=_same(case),
    )


def national_referral(w):
    case = _agency_filed(w)
    url = f"/api/enforcement-cases/{case.pk}/national-office-referrals/"
    body = {"measure": "revocation", "grounds": "情节严重", "referred_on": _today()}
    return Scenario(
        valid=Call(w.city.head, "post", url, body),
        refused=[
            Call(w.officer(), "post", url, body),
            Call(w.city.head, "post", url, body | {"measure": "suspension"}),
        ],
        target=_same(case),
    )


def national_referral_answer(w):
    from enforcement.services.agency import national_referral_create

    case = _agency_filed(w)
    referral = national_referral_create(
        case, actor=w.city.head, measure="revocation", grounds="情节严重", referred_on=timezone.localdate()
    )
    url = f"/api/enforcement-cases/{case.pk}/national-office-referrals/{referral.pk}/answer/"
    body = {"answered_on": _today(), "answer": "已吊销执业许可证"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body),
        refused=[Call(w.county.officers[0], "post", url, body), Call(w.officer(), "post", url, body | {"answer": ""})],
        target=_same(case),
    )


def execution_page_form(w):
    case = _decided(w)
    url = reverse("web:enforcement-execution", args=[case.pk, "remedy"])
    body = {"kind": "lawsuit", "filed_on": _today(), "body": "晋城市城区人民法院"}
    return Scenario(
        valid=Call(w.officer(), "post", url, body, "form"),
        refused=[
            Call(w.county.officers[0], "post", url, body, "form"),
            Call(w.officer(), "post", url, body | {"body": ""}, "form"),
            Call(w.auditor, "post", url, body, "form"),
        ],
        target=_same(case),
    )


EXECUTION_SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("penalty-decision-arrangements", "post"): penalty_arrangement,
    ("penalty-decision-remedies", "post"): penalty_remedy,
    ("penalty-decision-remedy-conclude", "post"): penalty_remedy_conclude,
    ("enforcement-case-national-referrals", "post"): national_referral,
    ("enforcement-case-national-referral-answer", "post"): national_referral_answer,
    ("web:enforcement-execution", "post"): execution_page_form,
}
SCENARIOS.update(EXECUTION_SCENARIOS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXECUTION_SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_an_execution_write_appends_one_history_row_and_a_refused_one_none(key):
    test_a_write_appends_one_history_row_and_a_refused_one_none(key)


# --- the staff create and edit screens (issue 14 item 1) ---
# Appended as one block, like the ones above: each page writes through the API's service, so a
# successful post is one history row on the record (a create: its creation row, with the files
# stored in the same transaction), a refused one none.


def _form_party(slot: str, seed: int) -> dict:
    return {f"{slot}.pick": "new"} | {f"{slot}.{key}": value for key, value in _org(seed).items()}


def object_create_form(w):
    url = reverse("web:object-create", args=["assistance_request"])
    body = {
        "channel": "counter",
        "contact_phone": "13903561234",
        "title": "窗口登记：外观设计专利被仿制",
        "ip_type": "patent",
        "assistance_type": "consultation",
        "facts": "申请人到窗口反映其外观设计被仿制。",
        **_form_party("applicant", 81),
    }
    return Scenario(
        valid=Call(w.clerk, "post", url, body | {"attachments": upload("w.png", png_bytes())}, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(w.clerk, "post", url, body | {"title": ""}, "form"),
            Call(w.clerk, "post", url, body | {"applicant.credit_code": "91140500MA0K000000"}, "form"),
        ],
        target=lambda response: AssistanceRequest.objects.get(title=body["title"]),
    )


def object_edit_form(w):
    request = assistance_request(actor=w.clerk, respondent=False)
    url = reverse("web:object-edit", args=["assistance_request", request.pk])
    body = {
        "channel": request.channel,
        "contact_phone": request.contact_phone,
        "title": request.title,
        "ip_type": request.ip_type,
        "assistance_type": request.assistance_type,
        "facts": request.facts,
        "applicant.pick": f"party:{request.applicant_id}",
        **_form_party("respondent", 82),
        "reason": "申请人补充对方当事人",
    }
    return Scenario(
        valid=Call(w.clerk, "post", url, body, "form"),
        refused=[
            Call(w.county_clerk, "post", url, body, "form"),
            Call(w.auditor, "post", url, body, "form"),
            Call(w.clerk, "post", url, body | {"title": ""}, "form"),
        ],
        target=_same(request),
    )


def object_attachments_form(w):
    request = assistance_request(actor=w.clerk)
    url = reverse("web:object-attachments", args=["assistance_request", request.pk])

    def body(name, kind="evidence"):
        return {"files": upload(name, png_bytes()), "kind": kind, "description": "现场照片"}

    return Scenario(
        valid=Call(w.clerk, "post", url, body("x.png"), "form"),
        refused=[
            Call(w.county_clerk, "post", url, body("y.png"), "form"),
            Call(w.auditor, "post", url, body("y.png"), "form"),
            Call(w.clerk, "post", url, body("z.png", kind="x"), "form"),
        ],
        target=_same(request),
    )


def party_create_form(w):
    from casemgmt.parties.models import Party

    url = reverse("web:party-create")
    body = _org(83)
    return Scenario(
        valid=Call(w.clerk, "post", url, body, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(w.clerk, "post", url, body | {"credit_code": ""}, "form"),
        ],
        target=lambda response: Party.objects.get(credit_code=body["credit_code"]),
    )


def party_edit_form(w):
    from casemgmt.parties.models import Party

    party = Party.objects.create(kind="organization", name="晋城市审计测试84有限公司", credit_code=_code(84))
    url = reverse("web:party-edit", args=[party.pk])
    body = {"kind": "organization", "name": party.name, "credit_code": party.credit_code, "address": "城区新址"}
    return Scenario(
        valid=Call(w.clerk, "post", url, body | {"reason": "当事人变更住所"}, "form"),
        refused=[
            Call(w.auditor, "post", url, body, "form"),
            Call(w.clerk, "post", url, body | {"kind": "x"}, "form"),
        ],
        target=_same(party),
    )


def mediation_session_form(w):
    case = mf.mediation_in_state("in_mediation", **w.people)
    url = reverse("web:mediation-session-create", args=[case.pk])
    start, end = mf.session_times(days_ahead=9)
    body = {
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(end).strftime("%Y-%m-%dT%H:%M"),
        "place": "分中心第一调解室",
    }
    return Scenario(
        valid=Call(w.mediator, "post", url, body | {"reason": "安排首次调解"}, "form"),
        refused=[
            Call(w.clerk, "post", url, body, "form"),
            Call(w.county_clerk, "post", url, body, "form"),
            Call(w.mediator, "post", url, body | {"place": ""}, "form"),
        ],
        target=_same(case),
    )


def mediation_session_edit_form(w):
    from cases.services.sessions import mediation_session_create as book

    case = mf.mediation_in_state("in_mediation", **w.people)
    start, end = mf.session_times(days_ahead=-2)
    session = book(
        case, actor=w.mediator, starts_at=start, ends_at=end, place="分中心第一调解室", participants="申请人、被申请人"
    )
    url = reverse("web:mediation-session-edit", args=[case.pk, session.pk])
    body = {
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(end).strftime("%Y-%m-%dT%H:%M"),
        "place": "分中心第一调解室",
        "participants": "申请人、被申请人",
    }
    return Scenario(
        valid=Call(w.mediator, "post", url, body | {"minutes": "双方陈述意见，同意继续协商。"}, "form"),
        refused=[
            Call(w.clerk, "post", url, body | {"minutes": "x"}, "form"),
            Call(w.county_clerk, "post", url, body | {"minutes": "x"}, "form"),
            Call(w.mediator, "post", url, body | {"starts_at": "x"}, "form"),
            Call(w.mediator, "post", url, body, "form"),  # nothing changed
        ],
        target=_same(case),
    )


def mediation_court_report_form(w):
    case = mf.mediation_in_state("terminated", court=True, **w.people)
    url = reverse("web:mediation-court-report", args=[case.pk])
    body = {"reported_on": _today(), "report": "调解不成，已函告晋城市中级人民法院。"}
    return Scenario(
        valid=Call(w.mediator, "post", url, body, "form"),
        refused=[
            Call(w.clerk, "post", url, body, "form"),
            Call(w.county_clerk, "post", url, body, "form"),
            Call(w.mediator, "post", url, body | {"report": ""}, "form"),
            Call(w.mediator, "post", url, body | {"reported_on": "2099-01-01"}, "form"),
        ],
        target=_same(case),
    )


STAFF_FORM_SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("web:object-create", "post"): object_create_form,
    ("web:object-edit", "post"): object_edit_form,
    ("web:object-attachments", "post"): object_attachments_form,
    ("web:party-create", "post"): party_create_form,
    ("web:party-edit", "post"): party_edit_form,
    ("web:mediation-session-create", "post"): mediation_session_form,
    ("web:mediation-session-edit", "post"): mediation_session_edit_form,
    ("web:mediation-court-report", "post"): mediation_court_report_form,
}
SCENARIOS.update(STAFF_FORM_SCENARIOS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(STAFF_FORM_SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_staff_form_write_appends_one_history_row_and_a_refused_one_none(key):
    test_a_write_appends_one_history_row_and_a_refused_one_none(key)


# --- long jobs started from a staff list (issue 15 item 4) ---
# A document batch issues its documents in a task (queued through the task outbox in the
# request's transaction): the call runs the callbacks after its "commit", as the relay would.


@dataclass
class CallRunningTasks(Call):
    def send(self):
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().send()


def document_batch_form(w):
    case = ef.penalty_case_until("serve", w.city)
    url = reverse("web:object-document-batch", args=["enforcement_case"])
    body = {"kind": "penalty_service_receipt", "ids": [case.pk]}
    return Scenario(
        valid=CallRunningTasks(w.city.head, "post", url, body, "form"),
        refused=[
            CallRunningTasks(w.county.head, "post", url, body, "form"),  # not theirs: none chosen
            CallRunningTasks(w.auditor, "post", url, body, "form"),
            CallRunningTasks(w.city.head, "post", url, body | {"kind": "x"}, "form"),
        ],
        target=_same(case),
    )


LONG_JOB_SCENARIOS: dict[tuple[str, str], Callable[[World], Scenario]] = {
    ("web:object-document-batch", "post"): document_batch_form,
}
SCENARIOS.update(LONG_JOB_SCENARIOS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(LONG_JOB_SCENARIOS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_long_job_write_appends_one_history_row_and_a_refused_one_none(key):
    test_a_write_appends_one_history_row_and_a_refused_one_none(key)
