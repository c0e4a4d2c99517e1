"""Importing historical arbitration/litigation referrals from Excel (issue 15 item 2) on the
import kernel (casemgmt.imports): the columns, the row check and the row → referral function.

A referral enters the state its row gives without any transition; what that state implies is
required (the receiving body's acceptance date, its outcome document, the closing date).
Time limit: a referral still awaiting the receiving body's answer gets the acceptance limit,
opened by the calendar kernel from the referral date."""

from casemgmt.calendar.services import deadline_open
from casemgmt.imports.kernel import ImportSpec, register_import
from casemgmt.imports.rows import party_columns, same_party
from casemgmt.imports.sheets import Column, _labels
from casemgmt.iprights import IPType
from casemgmt.org.models import Role
from casemgmt.parties.models import Party

from ..models import ArbitrationReferral
from ..rules import arbitration as rules
from .arbitration import RECEIVING_ACCEPTANCE, receiving_acceptance_limit
from .common import party

State = ArbitrationReferral.State
Kind = ArbitrationReferral.Kind
OutcomeKind = ArbitrationReferral.OutcomeKind

ARBITRATION_COLUMNS = (
    Column("区划代码", "jurisdiction_code", required=False, width=12, text=True),
    Column("转介类型", "kind", width=16),
    Column("接收机构", "receiving_body", width=24),
    *party_columns("applicant", "申请人", True),
    *party_columns("respondent", "被申请人", True),
    Column("纠纷事项", "title", width=30),
    Column("知识产权类型", "ip_type", width=14),
    Column("纠纷事实", "facts", width=40),
    Column("请求事项", "claims", required=False, width=30),
    Column("仲裁协议订立日期", "arbitration_agreement_on", required=False, width=16),
    Column("书面仲裁协议", "arbitration_agreement", required=False, width=30),
    Column("跟进人账号", "handler", required=False, width=14),
    Column("状态", "state", width=16),
    Column("转介日期", "referred_on", width=14),
    Column("受理日期", "accepted_on", required=False, width=14),
    Column("接收机构案号", "receiving_case_number", required=False, width=22, text=True),
    Column("结果文书", "outcome_kind", required=False, width=20),
    Column("文书编号", "outcome_document_number", required=False, width=22, text=True),
    Column("文书日期", "outcome_on", required=False, width=14),
    Column("结果摘要", "outcome_summary", required=False, width=30),
    Column("结案日期", "closed_on", required=False, width=14),
)

ACCEPTED_STATES = {State.ACCEPTED_BY_COMMISSION, State.AWARD_OR_MEDIATION_STATEMENT, State.CLOSED}
OUTCOME_STATES = {State.AWARD_OR_MEDIATION_STATEMENT, State.CLOSED}
CLOSED_STATES = {State.CLOSED, State.DECLINED}

NOTES = [
    ("区划代码", "选填，6位区划代码；不填的导入到本人所在区划。只能导入到本人可登记的区划。"),
    ("转介类型", f"必填：{_labels(Kind)}。"),
    ("接收机构", "必填：仲裁委员会、人民法院或行政裁决机关的名称。"),
    ("申请人/被申请人", f"类型（{_labels(Party.Kind)}）和名称必填；证件号码校验位须正确。"),
    ("知识产权类型", f"必填：{_labels(IPType)}。"),
    ("仲裁协议订立日期、书面仲裁协议", "转介仲裁的必填（《仲裁法》第四条、第十六条）。"),
    ("跟进人账号", "选填：本区划承办人的登录账号。"),
    ("状态", f"必填：{_labels(State)}（也可填写英文代码）。"),
    ("转介日期", "必填，如 2025-03-15。"),
    ("受理日期", "接收机构已受理、已作出裁决/调解书、已结案必填，不得早于转介日期。"),
    ("结果文书、文书编号、文书日期", f"已作出裁决/调解书、已结案必填；结果文书为：{_labels(OutcomeKind)}。"),
    ("结案日期", "已结案、接收机构不予受理必填。"),
]
SAMPLE = {
    "区划代码": "140525",
    "转介类型": "诉讼",
    "接收机构": "晋城市中级人民法院",
    "申请人类型": "法人或其他组织",
    "申请人名称": "晋城市示例光学有限公司",
    "申请人统一社会信用代码或身份证号": "911405254JURQ283FD",
    "被申请人类型": "法人或其他组织",
    "被申请人名称": "晋城市示例贸易有限公司",
    "被申请人统一社会信用代码或身份证号": "91140502YUYU122BTT",
    "纠纷事项": "（示例）商标侵权纠纷",
    "知识产权类型": "商标",
    "纠纷事实": "被申请人在同类商品上使用近似商标。",
    "状态": "已结案",
    "转介日期": "2024-03-01",
    "受理日期": "2024-03-07",
    "结果文书": "民事调解书",
    "文书编号": "(2024)晋05民初88号",
    "文书日期": "2024-06-20",
    "结案日期": "2024-06-25",
}


def may_import(actor) -> bool:
    """Those who may register a referral may import them (the registration rule)."""
    return bool(rules.registration(ArbitrationReferral(), actor))


def _check(row) -> dict:
    values = {
        "jurisdiction": row.jurisdiction(),
        "kind": row.choice("kind", Kind),
        "receiving_body": row.text("receiving_body", required=True, max_length=200),
        "applicant": row.party("applicant"),
        "respondent": row.party("respondent"),
        "title": row.text("title", required=True, max_length=200),
        "ip_type": row.choice("ip_type", IPType),
        "facts": row.text("facts", required=True, max_length=20000),
        "claims": row.text("claims"),
        "arbitration_agreement_on": row.date("arbitration_agreement_on"),
        "arbitration_agreement": row.text("arbitration_agreement"),
        "receiving_case_number": row.text("receiving_case_number", max_length=60),
        "outcome_kind": row.choice("outcome_kind", OutcomeKind, required=False) or "",
        "outcome_document_number": row.text("outcome_document_number", max_length=60),
        "outcome_summary": row.text("outcome_summary"),
    }
    if same_party(values["applicant"], values["respondent"]):
        row.error("respondent_name", "申请人与被申请人不能是同一当事人。")
    if values["kind"]:
        agreement = rules.arbitration_agreement_errors(
            values["kind"], values["arbitration_agreement_on"], values["arbitration_agreement"]
        )
        for name, messages in agreement.items():
            if not row.has_error(name):
                for message in messages:
                    row.error(name, message)
        if values["outcome_kind"] and values["outcome_kind"] not in rules.OUTCOMES_BY_KIND[values["kind"]]:
            allowed = "、".join(str(OutcomeKind(v).label) for v in sorted(rules.OUTCOMES_BY_KIND[values["kind"]]))
            row.error("outcome_kind", f"{Kind(values['kind']).label}的结果文书须为：{allowed}。")
    values["handler"] = row.user("handler", [Role.HANDLER], values["jurisdiction"], what="承办人")

    state = values["state"] = row.choice("state", State)
    label = State(state).label if state else ""
    for name in ("referred_on", "accepted_on", "outcome_on", "closed_on"):
        values[name] = row.date(name, required=name == "referred_on")
    implied = [
        (ACCEPTED_STATES, ["accepted_on"]),
        (OUTCOME_STATES, ["outcome_kind", "outcome_document_number", "outcome_on"]),
        (CLOSED_STATES, ["closed_on"]),
    ]
    for states, names in implied:
        if state in states:
            for name in names:
                row.requires(name, values[name], label)
    row.not_before("accepted_on", "referred_on", values)
    row.not_before("outcome_on", "accepted_on", values)
    row.not_before("closed_on", "referred_on", values)
    return values


def _create(values: dict, *, actor) -> ArbitrationReferral:
    referral = ArbitrationReferral(
        # Set once at construction: the state is history the row records, not a transition.
        state=values["state"],
        jurisdiction=values["jurisdiction"],
        created_by=actor,
        kind=values["kind"],
        receiving_body=values["receiving_body"],
        applicant=party(values["applicant"]),
        respondent=party(values["respondent"]),
        title=values["title"],
        ip_type=values["ip_type"],
        facts=values["facts"],
        claims=values["claims"],
        arbitration_agreement_on=values["arbitration_agreement_on"],
        arbitration_agreement=values["arbitration_agreement"],
        handler=values["handler"],
        referred_on=values["referred_on"],
        accepted_on=values["accepted_on"],
        receiving_case_number=values["receiving_case_number"],
        outcome_kind=values["outcome_kind"],
        outcome_document_number=values["outcome_document_number"],
        outcome_on=values["outcome_on"],
        outcome_summary=values["outcome_summary"],
        closed_on=values["closed_on"],
    )
    referral.save()
    if referral.state == State.REFERRED:
        # The receiving body's decision whether to accept, as arbitration_referral_create opens it.
        rule, amount, basis = receiving_acceptance_limit(referral.kind)
        deadline_open(
            referral,
            kind=RECEIVING_ACCEPTANCE,
            label=f"{referral.get_kind_display()}受理审查（接收机构）",
            legal_basis=basis,
            start=referral.referred_on,
            rule=rule,
            amount=amount,
            responsible=referral.handler,
        )
    return referral


ARBITRATION_IMPORT = register_import(
    ImportSpec(
        key="arbitration_referral",
        label="仲裁/诉讼转介",
        columns=ARBITRATION_COLUMNS,
        notes=NOTES,
        may_import=may_import,
        check=_check,
        create=_create,
        sample=SAMPLE,
        describe=str,
        slug="arbitration",
    )
)
