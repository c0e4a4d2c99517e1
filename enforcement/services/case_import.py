"""Importing historical enforcement cases from Excel (issue 15 item 2) on the import kernel
(casemgmt.imports): penalty cases and patent-dispute adjudications, one sheet (the 程序 column
says which), since both are EnforcementCase records.

A case enters the state its row gives without any transition (no notices) and carries the facts
that state implies: a filed case its 案号, filing date and lead officer; a penalty case decided
with a penalty its 决定书文号, decision date and fine (a PenaltyDecision is recorded, with its
document as a record of the paper one); a served one its service date; a closed one its closing
date; a decided adjudication its 裁决书文号. The historical 案号 and 文号 are recorded through the
numbering kernel (casemgmt.numbering.services.number_record), so a number issued later never
repeats one: a number used twice in the sheet or already on record is a row error. Time limits:
those the open state runs under, opened by the calendar kernel from the row's dates."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import escape

from casemgmt.documents.models import OfficialDocument
from casemgmt.imports.kernel import ImportSpec, register_import
from casemgmt.imports.rows import party_columns, same_party
from casemgmt.imports.sheets import Column, _labels
from casemgmt.numbering.services import number_parse, number_record, number_taken
from casemgmt.org.models import Role
from casemgmt.parties.models import Party

from ..choices import ClosingReason, ClueSource, Kind, Outcome, PartyRole, Procedure, ServiceMethod, State
from ..models import EnforcementCase, PenaltyDecision
from .adjudication import ruling_limit_open
from .cases import CREATORS, _open_filing_limit, _party, _save_parties
from .common import CASE_NUMBER_TYPES, bureau_name
from .decisions import penalty_decision_serve
from .penalty import decision_limit_open, service_limit_open

DECISION_NUMBER_TYPE = "罚"  # the penalty_decision document's 文号 type (enforcement.documents)
RULING_NUMBER_TYPE = "裁"  # the adjudication_ruling document's


ENFORCEMENT_COLUMNS = (
    Column("程序", "procedure", width=20),
    Column("区划代码", "jurisdiction_code", required=False, width=12, text=True),
    Column("案号", "case_number", required=False, width=24, text=True),
    Column("案由", "title", width=30),
    Column("案件类型", "kind", required=False, width=16),
    Column("线索来源", "clue_source", required=False, width=16),
    Column("收到日期", "received_on", ("线索/请求收到日期",), width=14),
    Column("基本案情", "facts", width=40),
    Column("请求事项", "claims", required=False, width=30),
    *party_columns("respondent", "当事人", True),
    *party_columns("right_holder", "请求人", False),
    Column("状态", "state", width=14),
    Column("违法行为发生日期", "violation_on", required=False, width=16),
    Column("立案日期", "filed_on", ("立案/受理日期",), required=False, width=14),
    Column("主办人员账号", "lead_officer", required=False, width=14),
    Column("处理结果", "outcome", required=False, width=16),
    Column("决定日期", "decided_on", ("决定/裁决日期",), required=False, width=14),
    Column("决定书文号", "decision_number", required=False, width=24, text=True),
    Column("罚款金额（元）", "fine_amount", ("罚款金额",), required=False, width=14),
    Column("没收违法所得（元）", "confiscated_gains", ("没收违法所得",), required=False, width=14),
    Column("处罚依据", "legal_basis", required=False, width=30),
    Column("裁决书文号", "ruling_number", required=False, width=24, text=True),
    Column("送达日期", "served_on", required=False, width=14),
    Column("送达方式", "service_method", required=False, width=14),
    Column("结案日期", "closed_on", ("结案/生效日期",), required=False, width=14),
    Column("结案报告", "closing_report", required=False, width=30),
)

# The states a historical case may be imported in, per procedure: those whose facts the sheet
# carries. A case in the middle of review, hearing or a criminal referral is registered by hand.
PENALTY_STATES = [
    State.CLUE,
    State.VERIFYING,
    State.NOT_FILED,
    State.FILED,
    State.INVESTIGATING,
    State.INVESTIGATION_CLOSED,
    State.DECIDED,
    State.SERVED,
    State.EXECUTING,
    State.CLOSED,
    State.ARCHIVED,
]
ADJUDICATION_STATES = [
    State.REQUESTED,
    State.EXAMINED,
    State.REJECTED,
    State.WITHDRAWN,
    State.FILED,
    State.SERVED_ON_RESPONDENT,
    State.ANSWERED,
    State.ORAL_HEARING,
    State.DECIDED,
    State.SERVED,
    State.FINAL,
]
STATES = {Procedure.PENALTY: PENALTY_STATES, Procedure.ADJUDICATION: ADJUDICATION_STATES}
UNFILED = {State.CLUE, State.VERIFYING, State.NOT_FILED, State.REQUESTED, State.EXAMINED, State.REJECTED}
DECIDED = {State.DECIDED, State.SERVED, State.EXECUTING, State.CLOSED, State.ARCHIVED, State.FINAL}
SERVED = {State.SERVED, State.EXECUTING, State.FINAL}
CLOSED = {State.CLOSED, State.ARCHIVED, State.FINAL}
# Open filed states: someone of the bureau answers for them (a finished case's officer may have left).
OFFICER_STATES = {
    State.FILED,
    State.INVESTIGATING,
    State.INVESTIGATION_CLOSED,
    State.SERVED_ON_RESPONDENT,
    State.ANSWERED,
    State.ORAL_HEARING,
    State.DECIDED,
    State.SERVED,
    State.EXECUTING,
}
# Penalty states past the decision that only a decision with a penalty leads to.
PENALTY_ONLY = {State.SERVED, State.EXECUTING}
DECISION_LIMIT_STATES = {
    Procedure.PENALTY: {State.FILED, State.INVESTIGATING, State.INVESTIGATION_CLOSED},
    Procedure.ADJUDICATION: {State.FILED, State.SERVED_ON_RESPONDENT, State.ANSWERED, State.ORAL_HEARING},
}
CLOSING_REASONS = {
    Outcome.PENALTY: ClosingReason.EXECUTED,
    Outcome.NO_PENALTY: ClosingReason.NO_PENALTY,
    Outcome.TRANSFERRED: ClosingReason.TRANSFERRED,
}
IMPORTED_TEMPLATE_VERSION = "导入"

NOTES = [
    ("程序", f"必填：{_labels(Procedure)}。"),
    ("区划代码", "选填，6位区划代码；不填的导入到本人所在区划。只能导入到本人可登记的区划。"),
    (
        "状态",
        f"行政处罚案件：{'、'.join(str(s.label) for s in PENALTY_STATES)}；"
        f"行政裁决案件：{'、'.join(str(s.label) for s in ADJUDICATION_STATES)}。"
        "处于法制审核、告知、听证、中止或移送过程中的案件请逐件登记。",
    ),
    (
        "案号",
        "已立案及其后的状态必填，如“晋市监立〔2024〕12号”（行政裁决为“…裁立〔2024〕3号”）。"
        "案号和文号登记到文号系统，今后取号不会与之重复；与已有或表内其他行重复的不能导入。",
    ),
    ("案件类型、线索来源", f"行政处罚案件必填：{_labels(Kind)}；线索来源不能为“维权援助中心移送”。"),
    ("请求事项、请求人", "行政裁决案件必填（请求人为专利权人或利害关系人）。"),
    ("当事人", f"类型（{_labels(Party.Kind)}）和名称必填（行政裁决为被请求人）；证件号码校验位须正确。"),
    ("立案日期、主办人员账号", "已立案及其后的状态必填；主办人员为本区划执法人员或机关负责人的登录账号。"),
    (
        "处理结果、决定日期",
        f"已作出决定及其后的状态必填；处理结果为：{_labels(Outcome)}（行政裁决不填）。",
    ),
    ("决定书文号、罚款金额", "给予行政处罚的必填，如“晋市监罚〔2024〕5号”；只给予警告的罚款金额填0。"),
    ("裁决书文号", "行政裁决已作出裁决及其后的状态必填，如“晋市监裁〔2024〕2号”。"),
    ("送达日期", f"已送达、执行中、已生效必填；送达方式选填：{_labels(ServiceMethod)}（不填为直接送达）。"),
    ("结案日期", "已结案、已归档必填；行政裁决已生效的填生效日期。"),
]
SAMPLE = {
    "程序": "行政处罚案件",
    "区划代码": "140525",
    "案号": "泽市监立〔2024〕12号",
    "案由": "（示例）销售侵犯注册商标专用权的商品",
    "案件类型": "商标侵权",
    "线索来源": "投诉举报",
    "收到日期": "2024-02-20",
    "基本案情": "当事人在其门店销售假冒注册商标的运动鞋。",
    "当事人类型": "法人或其他组织",
    "当事人名称": "晋城市示例贸易有限公司",
    "当事人统一社会信用代码或身份证号": "91140502YUYU122BTT",
    "状态": "已结案",
    "立案日期": "2024-03-01",
    "主办人员账号": "officer01",
    "处理结果": "给予行政处罚",
    "决定日期": "2024-05-10",
    "决定书文号": "泽市监罚〔2024〕5号",
    "罚款金额（元）": "30000",
    "处罚依据": "《中华人民共和国商标法》第六十条第二款",
    "送达日期": "2024-05-12",
    "结案日期": "2024-06-30",
}


def may_import(actor) -> bool:
    """Those who may register enforcement cases may import them (officers and heads)."""
    return getattr(actor, "role", None) in CREATORS and getattr(actor, "is_active", False)


def _parses(text: str, doc_type: str) -> bool:
    try:
        number_parse(text, doc_type=doc_type)
    except ValueError:
        return False
    return True


def _number(row, field: str, doc_type: str, values: dict) -> None:
    """A historical 案号/文号 of the sheet: of the right type, used once in the sheet, not on record."""
    text = row.text(field)
    if not text:
        return
    if doc_type == "立" and _parses(text, "裁立"):  # 晋市监裁立〔…〕 is an adjudication's 案号
        row.error(field, "这是行政裁决案件的案号。")
        return
    try:
        number_parse(text, doc_type=doc_type)
    except ValueError as exc:
        row.error(field, str(exc))
        return
    taken = (
        number_taken(text, doc_type=doc_type)
        or EnforcementCase.objects.filter(case_number=text).exists()
        or EnforcementCase.objects.filter(ruling_number=text).exists()
        or PenaltyDecision.objects.filter(number_text=text).exists()
    )
    row.unique(field, text, kind="文号", taken=taken)
    values[field] = text


def _check(row) -> dict:
    procedure = row.choice("procedure", Procedure)
    values = {
        "procedure": procedure,
        "jurisdiction": row.jurisdiction(),
        "title": row.text("title", required=True, max_length=200),
        "facts": row.text("facts", required=True, max_length=20000),
        "claims": row.text("claims"),
        "respondent": row.party("respondent"),
        "right_holder": row.party("right_holder", required=procedure == Procedure.ADJUDICATION),
        "legal_basis": row.text("legal_basis"),
        "closing_report": row.text("closing_report"),
        "case_number": "",
        "decision_number": "",
        "ruling_number": "",
    }
    for name in ("received_on", "violation_on", "filed_on", "decided_on", "served_on", "closed_on"):
        values[name] = row.date(name, required=name == "received_on")
    values["fine_amount"] = row.money("fine_amount")
    values["confiscated_gains"] = row.money("confiscated_gains")
    values["service_method"] = row.choice("service_method", ServiceMethod, required=False) or ServiceMethod.DIRECT
    values["lead_officer"] = row.user(
        "lead_officer", [Role.OFFICER, Role.AGENCY_HEAD], values["jurisdiction"], what="执法人员"
    )
    if procedure is None:
        return values

    penalty = procedure == Procedure.PENALTY
    if penalty:
        values["kind"] = row.choice("kind", Kind)
        importable = [s for s in ClueSource.values if s != ClueSource.ASSISTANCE_REFERRAL]
        values["clue_source"] = row.choice("clue_source", ClueSource, allowed=importable)
        values["outcome"] = row.choice("outcome", Outcome, required=False)
    else:
        values["kind"], values["clue_source"], values["outcome"] = "", "", ""
        for name, message in (
            ("kind", "行政裁决案件不区分处罚案件类型。"),
            ("clue_source", "行政裁决案件不填写线索来源。"),
        ):
            if row.text(name):
                row.error(name, message)
        if not values["claims"]:
            row.error("claims", "行政裁决案件须填写请求事项。")
        if row.text("outcome"):
            row.error("outcome", "行政裁决案件不填写处理结果。")
    if same_party(values["respondent"], values["right_holder"]):
        row.error("right_holder_name", "同一当事人不能既是被调查（被请求）的一方，又是权利人。")

    state = values["state"] = row.choice("state", State, allowed=STATES[procedure])
    if state is None:
        return values
    label = State(state).label

    # Numbers, on record in the numbering kernel once imported.
    _number(row, "case_number", CASE_NUMBER_TYPES[procedure], values)
    if penalty:
        _number(row, "decision_number", DECISION_NUMBER_TYPE, values)
        if row.text("ruling_number"):
            row.error("ruling_number", "行政处罚案件不填写裁决书文号。")
    else:
        _number(row, "ruling_number", RULING_NUMBER_TYPE, values)
        if row.text("decision_number"):
            row.error("decision_number", "行政裁决案件不填写决定书文号。")

    if state not in UNFILED:
        row.requires("case_number", values["case_number"], label)
        row.requires("filed_on", values["filed_on"], label)
    elif row.text("case_number"):
        row.error("case_number", f"状态为“{label}”的案件尚未立案，不填写案号。")
    if state in OFFICER_STATES:
        row.requires("lead_officer", values["lead_officer"], label)
    if state in DECIDED:
        row.requires("decided_on", values["decided_on"], label)
        if penalty:
            row.requires("outcome", values["outcome"], label)
            if state in PENALTY_ONLY and values["outcome"] not in (None, Outcome.PENALTY):
                row.error("outcome", f"状态为“{label}”的须为给予行政处罚。")
            if values["outcome"] == Outcome.PENALTY:
                row.requires("decision_number", values["decision_number"], label)
                row.requires("fine_amount", values["fine_amount"], label)
        else:
            row.requires("ruling_number", values["ruling_number"], label)
    if state in SERVED:
        row.requires("served_on", values["served_on"], label)
    if state in CLOSED:
        row.requires("closed_on", values["closed_on"], label)
    if values["outcome"] != Outcome.PENALTY:
        for name in ("decision_number", "fine_amount"):
            if row.text(name) and not row.has_error(name):
                row.error(name, "只有给予行政处罚的案件才填写。")
    row.not_before("filed_on", "received_on", values)
    row.not_before("decided_on", "filed_on", values)
    row.not_before("served_on", "decided_on", values)
    row.not_before("closed_on", "decided_on", values)
    return values


def _record_decision(case, values: dict, issued, *, actor) -> PenaltyDecision:
    """The PenaltyDecision of an imported case decided with a penalty. Its document is a record of
    the paper decision (the numbered summary; no text is generated for a decision made on paper)."""
    fine = values["fine_amount"] or Decimal("0")
    gains = values["confiscated_gains"] or Decimal("0")
    decision = PenaltyDecision(
        case=case,
        jurisdiction_id=case.jurisdiction_id,
        party=case.principal_party,
        violation_type=case.violation_type or case.title,
        legal_basis=values["legal_basis"] or "见纸质处罚决定书（历史案件导入）",
        warning=fine == 0 and gains == 0,
        fine_amount=fine,
        confiscated_gains=gains,
        decided_on=values["decided_on"],
        decided_by=actor,
        authority=bureau_name(case),
    )
    decision.warning_only = decision.warning
    decision.facts = case.facts
    decision.decision_text = (
        f"{issued.text}：{case.principal_party.name}，{decision.penalty_summary or '给予行政处罚'}。"
        "（历史案件，由 Excel 表格导入；决定书正文以纸质文书为准。）"
    )
    html = f"<article><h1>行政处罚决定书</h1><p>{escape(decision.decision_text)}</p></article>"
    document = OfficialDocument.objects.create(
        content_type=ContentType.objects.get_for_model(EnforcementCase),
        object_id=case.pk,
        jurisdiction_id=case.jurisdiction_id,
        kind="penalty_decision",
        title="行政处罚决定书",
        number=issued,
        template_version=IMPORTED_TEMPLATE_VERSION,
        fields={"imported": True},
        html=html,
        sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
        created_by=actor,
    )
    decision.document, decision.number, decision.number_text = document, issued, issued.text
    decision.save()
    return decision


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _create(values: dict, *, actor) -> EnforcementCase:
    procedure, state = values["procedure"], values["state"]
    penalty = procedure == Procedure.PENALTY
    outcome = values["outcome"] or ""
    case = EnforcementCase(
        # Set once at construction: the state is history the row records, not a transition.
        state=state,
        procedure=procedure,
        jurisdiction=values["jurisdiction"],
        created_by=actor,
        title=values["title"],
        facts=values["facts"],
        claims=values["claims"],
        kind=values["kind"] or "",
        clue_source=values["clue_source"] or "",
        received_on=values["received_on"],
        violation_on=values["violation_on"] if penalty else None,
        filed_on=values["filed_on"],
        filing_decided_on=values["filed_on"],
        lead_officer=values["lead_officer"],
        outcome=outcome,
        decided_on=values["decided_on"],
        ruling_number=values["ruling_number"],
        ruling_served_on=values["served_on"] if not penalty else None,
        final_on=values["closed_on"] if state == State.FINAL else None,
        closed_on=values["closed_on"] if state in (State.CLOSED, State.ARCHIVED) else None,
        closing_reason=CLOSING_REASONS.get(outcome, "") if state in (State.CLOSED, State.ARCHIVED) else "",
        closing_report=values["closing_report"],
    )
    case.save()
    EnforcementCase.objects.filter(pk=case.pk).update(created_at=_moment(values["received_on"]))
    links = [(PartyRole.RESPONDENT, values["respondent"])]
    if values["right_holder"]:
        links.append((PartyRole.RIGHT_HOLDER, values["right_holder"]))
    _save_parties(case, [(role, _party(data)) for role, data in links])
    if case.lead_officer is not None:
        case.officers.add(case.lead_officer)

    if values["case_number"]:
        issued = number_record(values["case_number"], doc_type=CASE_NUMBER_TYPES[procedure], obj=case, actor=actor)
        case.case_number_issued, case.case_number = issued, issued.text
        case.save(update_fields=["case_number_issued", "case_number", "updated_at"])
    if values["ruling_number"]:
        number_record(values["ruling_number"], doc_type=RULING_NUMBER_TYPE, obj=case, actor=actor)
    decision = None
    if values["decision_number"]:
        issued = number_record(values["decision_number"], doc_type=DECISION_NUMBER_TYPE, obj=case, actor=actor)
        decision = _record_decision(case, values, issued, actor=actor)
        if values["served_on"]:
            decision.served_on, decision.service_method = values["served_on"], values["service_method"]
            decision.save(update_fields=["served_on", "service_method", "updated_at"])

    # The limits the open state runs under, as the transitions' effects open them.
    if state in (State.CLUE, State.VERIFYING, State.REQUESTED, State.EXAMINED):
        _open_filing_limit(case)
    elif state in DECISION_LIMIT_STATES[procedure]:
        if penalty:
            decision_limit_open(case)
        else:
            ruling_limit_open(case)
    elif state == State.DECIDED and decision is not None:
        service_limit_open(case)
    elif state in PENALTY_ONLY and decision is not None:
        # Payment and the party's remedy periods run from service (penalty_decision_serve).
        penalty_decision_serve(decision, served_on=values["served_on"], method=values["service_method"])
    return case


ENFORCEMENT_IMPORT = register_import(
    ImportSpec(
        key="enforcement_case",
        label="执法案件",
        columns=ENFORCEMENT_COLUMNS,
        notes=NOTES,
        may_import=may_import,
        check=_check,
        create=_create,
        sample=SAMPLE,
        describe=lambda case: case.case_number or str(case),
        slug="enforcement",
    )
)
