"""Importing historical mediation cases from Excel (issue 15 item 2) on the import kernel
(casemgmt.imports): the columns, the row check and the row → case function.

A case enters the state its row gives without any transition; the facts that state implies are
required (a mediation that succeeded has its agreement and the date it took effect, one that
was terminated its reason and end date, a judicial confirmation its court and dates). Time
limits: those its open state runs under, opened by the calendar kernel from the row's dates."""

import datetime as dt

from django.utils import timezone

from casemgmt.imports.kernel import ImportSpec, register_import
from casemgmt.imports.rows import party_columns, same_party
from casemgmt.imports.sheets import Column, _labels
from casemgmt.iprights import IPType
from casemgmt.org.models import Role
from casemgmt.parties.models import Party

from ..models import MediationCase
from ..rules import mediation as rules
from . import mediation as services
from .common import party

State = MediationCase.State
Source = MediationCase.Source


MEDIATION_COLUMNS = (
    Column("区划代码", "jurisdiction_code", required=False, width=12, text=True),
    Column("案件来源", "source", required=False, width=16),
    Column("委派/委托法院", "court_name", required=False, width=20),
    Column("法院案号", "court_case_number", required=False, width=22, text=True),
    *party_columns("applicant", "申请人", True),
    Column("申请人联系电话", "contact_phone", ("联系电话",), required=False, width=16, text=True),
    *party_columns("respondent", "被申请人", True),
    Column("纠纷事项", "title", width=30),
    Column("知识产权类型", "ip_type", width=14),
    Column("纠纷事实", "facts", width=40),
    Column("调解请求", "claims", required=False, width=30),
    Column("状态", "state", width=14),
    Column("申请日期", "applied_on", width=14),
    Column("受理日期", "accepted_on", required=False, width=14),
    Column("调解员账号", "mediator", required=False, width=14),
    Column("调解协议内容", "agreement_text", required=False, width=40),
    Column("调解协议生效日期", "agreement_effective_on", required=False, width=16),
    Column("终止调解原因", "termination_reason", required=False, width=30),
    Column("调解结束日期", "concluded_on", required=False, width=14),
    Column("司法确认法院", "confirmation_court", required=False, width=20),
    Column("申请司法确认日期", "confirmation_applied_on", required=False, width=16),
    Column("司法确认案号", "confirmation_case_number", required=False, width=22, text=True),
    Column("法院裁定日期", "confirmation_ruled_on", required=False, width=14),
    Column("司法确认结果", "confirmation_result", required=False, width=30),
    Column("履行完毕日期", "performed_on", required=False, width=14),
    Column("申请执行法院", "enforcement_court", required=False, width=20),
    Column("申请强制执行日期", "enforcement_applied_on", required=False, width=16),
)

IMPORTABLE_SOURCES = [Source.DIRECT, Source.COURT_PRE_LITIGATION, Source.COURT_IN_LITIGATION]
# The facts each state implies (the workflow could not have reached it without them).
AGREEMENT_STATES = {
    State.AGREEMENT_REACHED,
    State.JUDICIAL_CONFIRMATION_REQUESTED,
    State.CONFIRMED,
    State.CONFIRMATION_REJECTED,
    State.PERFORMED,
    State.ENFORCEMENT_APPLIED,
}
ACCEPTED_STATES = {State.ACCEPTED, State.IN_MEDIATION, State.TERMINATED, State.REFERRED, *AGREEMENT_STATES}
MEDIATOR_STATES = {State.IN_MEDIATION}
TERMINATED_STATES = {State.TERMINATED, State.REFERRED}
CONCLUDED_STATES = {State.DECLINED, *TERMINATED_STATES}
CONFIRMATION_STATES = {State.JUDICIAL_CONFIRMATION_REQUESTED, State.CONFIRMED, State.CONFIRMATION_REJECTED}
RULED_STATES = {State.CONFIRMED, State.CONFIRMATION_REJECTED}

NOTES = [
    ("区划代码", "选填，6位区划代码；不填的导入到本人所在区划。只能导入到本人可登记的区划。"),
    ("案件来源", f"选填：{'、'.join(str(s.label) for s in IMPORTABLE_SOURCES)}；不填为当事人直接申请。"),
    ("委派/委托法院、法院案号", "法院委派或委托的案件必填，案号如“(2024)晋05民初123号”。"),
    ("申请人/被申请人", f"类型（{_labels(Party.Kind)}）和名称必填；证件号码校验位须正确。"),
    ("知识产权类型", f"必填：{_labels(IPType)}。"),
    ("状态", f"必填：{_labels(State)}（也可填写英文代码）。"),
    ("申请日期", "必填，如 2025-03-15。"),
    ("受理日期", "已受理、调解中及其后的状态必填，不得早于申请日期。"),
    ("调解员账号", "调解中必填：本区划承办人/调解员的登录账号。"),
    ("调解协议内容、调解协议生效日期", "达成调解协议及其后的状态（司法确认、履行、申请执行）必填。"),
    ("终止调解原因、调解结束日期", "调解终止、已转仲裁/诉讼/裁决必填；不予调解须填结束日期。"),
    ("司法确认法院、申请司法确认日期", "已申请司法确认、司法确认有效、司法确认被驳回必填；后两者还须填法院裁定日期。"),
    ("履行完毕日期", "已履行必填。"),
    ("申请执行法院、申请强制执行日期", "已申请强制执行必填。"),
]
SAMPLE = {
    "区划代码": "140525",
    "案件来源": "当事人直接申请",
    "申请人类型": "法人或其他组织",
    "申请人名称": "晋城市示例光学有限公司",
    "申请人统一社会信用代码或身份证号": "911405254JURQ283FD",
    "申请人联系电话": "0356-1234567",
    "被申请人类型": "法人或其他组织",
    "被申请人名称": "晋城市示例贸易有限公司",
    "被申请人统一社会信用代码或身份证号": "91140502YUYU122BTT",
    "纠纷事项": "（示例）外观设计专利侵权纠纷",
    "知识产权类型": "专利",
    "纠纷事实": "被申请人销售的产品与申请人外观设计专利近似。",
    "状态": "达成调解协议",
    "申请日期": "2024-03-01",
    "受理日期": "2024-03-08",
    "调解协议内容": "被申请人停止销售并赔偿申请人损失人民币二万元。",
    "调解协议生效日期": "2024-04-02",
}


def may_import(actor) -> bool:
    """Those who may register an application may import them (the registration rule)."""
    return bool(rules.registration(MediationCase(), actor))


def _check(row) -> dict:
    values = {
        "jurisdiction": row.jurisdiction(),
        "applicant": row.party("applicant"),
        "respondent": row.party("respondent"),
        "contact_phone": row.text("contact_phone", max_length=30),
        "title": row.text("title", required=True, max_length=200),
        "ip_type": row.choice("ip_type", IPType),
        "facts": row.text("facts", required=True, max_length=20000),
        "claims": row.text("claims"),
        "source": row.choice("source", Source, required=False, allowed=IMPORTABLE_SOURCES) or Source.DIRECT,
        "court_name": row.text("court_name", max_length=100),
        "court_case_number": row.text("court_case_number", max_length=60),
    }
    if same_party(values["applicant"], values["respondent"]):
        row.error("respondent_name", "申请人与被申请人不能是同一当事人。")
    if values["source"] in MediationCase.COURT_SOURCES:
        if not values["court_name"]:
            row.error("court_name", "法院委派或委托的案件须填写法院名称。")
        if not values["court_case_number"]:
            row.error("court_case_number", "法院委派或委托的案件须填写法院案号。")
    elif values["court_name"] or values["court_case_number"]:
        row.error("source", "只有法院委派或委托的案件才填写法院名称和案号。")
    for name in ("court_case_number", "confirmation_case_number"):
        number = row.text(name, max_length=60)
        if number and not row.has_error(name):
            try:
                values[name] = rules.clean_court_case_number(number)
            except ValueError as exc:
                row.error(name, str(exc))

    state = values["state"] = row.choice("state", State)
    label = State(state).label if state else ""
    for name in (
        "applied_on",
        "accepted_on",
        "agreement_effective_on",
        "concluded_on",
        "confirmation_applied_on",
        "confirmation_ruled_on",
        "performed_on",
        "enforcement_applied_on",
    ):
        values[name] = row.date(name, required=name == "applied_on")
    for name in (
        "agreement_text",
        "termination_reason",
        "confirmation_result",
        "confirmation_court",
        "enforcement_court",
    ):
        values[name] = row.text(name)
    values["mediator"] = row.user("mediator", [Role.HANDLER], values["jurisdiction"], what="调解员")

    implied = [
        (ACCEPTED_STATES, ["accepted_on"]),
        (MEDIATOR_STATES, ["mediator"]),
        (AGREEMENT_STATES, ["agreement_text", "agreement_effective_on"]),
        (TERMINATED_STATES, ["termination_reason"]),
        (CONCLUDED_STATES, ["concluded_on"]),
        (CONFIRMATION_STATES, ["confirmation_court", "confirmation_applied_on"]),
        (RULED_STATES, ["confirmation_ruled_on"]),
        ({State.PERFORMED}, ["performed_on"]),
        ({State.ENFORCEMENT_APPLIED}, ["enforcement_court", "enforcement_applied_on"]),
    ]
    for states, names in implied:
        if state in states:
            for name in names:
                row.requires(name, values[name], label)
    row.not_before("accepted_on", "applied_on", values)
    row.not_before("agreement_effective_on", "accepted_on", values)
    row.not_before("concluded_on", "applied_on", values)
    row.not_before("confirmation_applied_on", "agreement_effective_on", values)
    row.not_before("confirmation_ruled_on", "confirmation_applied_on", values)
    return values


def _create(values: dict, *, actor) -> MediationCase:
    state = values["state"]
    concluded_on = values["concluded_on"]
    if concluded_on is None and state in AGREEMENT_STATES:
        concluded_on = values["agreement_effective_on"]
    case = MediationCase(
        # Set once at construction: the state is history the row records, not a transition.
        state=state,
        jurisdiction=values["jurisdiction"],
        created_by=actor,
        source=values["source"],
        court_name=values["court_name"],
        court_case_number=values["court_case_number"],
        applicant=party(values["applicant"]),
        respondent=party(values["respondent"]),
        contact_phone=values["contact_phone"],
        title=values["title"],
        ip_type=values["ip_type"],
        facts=values["facts"],
        claims=values["claims"],
        accepted_on=values["accepted_on"],
        mediator=values["mediator"],
        agreement_text=values["agreement_text"],
        agreement_effective_on=values["agreement_effective_on"],
        termination_reason=values["termination_reason"],
        concluded_on=concluded_on,
        confirmation_court=values["confirmation_court"],
        confirmation_applied_on=values["confirmation_applied_on"],
        confirmation_case_number=values.get("confirmation_case_number", ""),
        confirmation_ruled_on=values["confirmation_ruled_on"],
        confirmation_result=values["confirmation_result"],
        performance=MediationCase.Performance.FULL if state == State.PERFORMED else "",
        performed_on=values["performed_on"],
        enforcement_court=values["enforcement_court"],
        enforcement_applied_on=values["enforcement_applied_on"],
    )
    if case.accepted_on is not None:
        # Mediation proceeds only with the respondent's consent (《人民调解法》第十七条).
        case.respondent_response = MediationCase.RespondentResponse.CONSENTED
    case.save()
    applied = timezone.make_aware(dt.datetime.combine(values["applied_on"], dt.time(9)))
    MediationCase.objects.filter(pk=case.pk).update(created_at=applied)
    # The limits the open state runs under, as the transitions' effects open them.
    if state in (State.ACCEPTED, State.IN_MEDIATION):
        services.accepted(case, None, {})
    elif state == State.AGREEMENT_REACHED:
        services.confirmation_window_open(case)
    elif state == State.JUDICIAL_CONFIRMATION_REQUESTED:
        services.confirmation_requested(case, None, {})
    return case


MEDIATION_IMPORT = register_import(
    ImportSpec(
        key="mediation",
        label="调解案件",
        columns=MEDIATION_COLUMNS,
        notes=NOTES,
        may_import=may_import,
        check=_check,
        create=_create,
        sample=SAMPLE,
        describe=str,
        slug="mediation",
    )
)
