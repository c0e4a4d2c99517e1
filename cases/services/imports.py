"""Importing historical assistance requests from Excel (issue 15): a template, and an import that
is all or nothing.

It follows the directory import of the supervision app (enforcement.supervision.services.imports,
whose sheet reading it reuses): every row is read and checked first — with the same serializer as
the API's creation (parties through casemgmt.parties validation, the area the uploader may
register in) plus the state and its dates — and if any row is bad, `SheetRejected` reports each
bad row ({"rows": [{"row": 3, "errors": {"申请人名称": ["…"]}}]}, rows numbered as Excel shows them,
errors under the column's Chinese header) and nothing is written. A good sheet is written in one
transaction.

An imported request is history, not new work: it enters the state its row gives without firing
any transition (no notices, no e-mails), and carries exactly one history row ("imported", with the
file's name and SHA-256). Time limits: none for a finished request; an open one gets the limit
its state runs under, opened by the calendar kernel from the row's dates."""

import datetime as dt
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone

from casemgmt.calendar.services import deadline_open
from casemgmt.imports.kernel import ImportSpec, register_import, run_import
from casemgmt.imports.kernel import import_template as _template
from casemgmt.imports.kernel import require_importer as _require
from casemgmt.imports.sheets import Column, _labels, cell_choice
from casemgmt.iprights import IPType
from casemgmt.org.models import Role
from casemgmt.parties.models import Party

from ..models import AssistanceRequest
from ..models.assistance import AssistanceType
from ..rules import assistance as rules
from .assistance import new_tracking_code
from .common import party

State = AssistanceRequest.State

ASSISTANCE_COLUMNS = (
    Column("查询码", "tracking_code", required=False, width=16, text=True),
    Column("区划代码", "jurisdiction_code", required=False, width=12, text=True),
    Column("申请渠道", "channel", required=False, width=12),
    Column("申请人类型", "applicant_kind", width=16),
    Column("申请人名称", "applicant_name", width=30),
    Column("申请人统一社会信用代码或身份证号", "applicant_code", ("申请人证件号码",), width=24, text=True),
    Column("联系电话", "contact_phone", width=16, text=True),
    Column("对方当事人类型", "respondent_kind", required=False, width=16),
    Column("对方当事人名称", "respondent_name", required=False, width=30),
    Column("对方当事人统一社会信用代码或身份证号", "respondent_code", ("对方当事人证件号码",), False, 24, True),
    Column("事项", "title", width=30),
    Column("知识产权类型", "ip_type", width=14),
    Column("援助类型", "assistance_type", width=18),
    Column("事实与理由", "facts", width=40),
    Column("援助请求", "claims", required=False, width=30),
    Column("状态", "state", width=12),
    Column("申请日期", "applied_on", width=14),
    Column("受理日期", "accepted_on", required=False, width=14),
    Column("办结日期", "closed_on", required=False, width=14),
    Column("承办人账号", "handler", required=False, width=14),
    Column("援助意见", "opinion", required=False, width=30),
    Column("结案报告", "closing_report", required=False, width=30),
)

# Which dates and facts a state implies (the workflow could not have reached it without them).
ACCEPTED_STATES = {
    State.ACCEPTED,
    State.ASSIGNED,
    State.IN_PROGRESS,
    State.UNDER_REVIEW,
    State.REFERRED,
    State.CLOSED,
    State.FOLLOWED_UP,
    State.ARCHIVED,
}
HANDLED_STATES = {State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.REFERRED}
CLOSED_STATES = {State.CLOSED, State.FOLLOWED_UP, State.ARCHIVED}
OPINION_STATES = {State.UNDER_REVIEW}
# The time limit an open request runs under in each state (cases.services.assistance opens them).
ACCEPTANCE_LIMIT_STATES = {State.SUBMITTED, State.NEEDS_CORRECTION}

NOTES = [
    ("查询码", "选填；填写的按原查询码保存（不得与已有的重复），不填的自动生成。"),
    ("区划代码", "选填，6位区划代码；不填的导入到本人所在区划。只能导入到本人可登记的区划。"),
    ("申请渠道", f"选填：{_labels(AssistanceRequest.Channel)}；不填为窗口申请。"),
    ("申请人类型", f"必填：{_labels(Party.Kind)}。"),
    ("申请人名称", "必填。"),
    ("申请人统一社会信用代码或身份证号", "组织填写18位统一社会信用代码，自然人填写身份证号码，校验位须正确。"),
    ("联系电话", "必填。"),
    ("对方当事人类型/名称/证件号码", "选填；填写名称的须同时填写类型。"),
    ("事项、事实与理由", "必填。"),
    ("知识产权类型", f"必填：{_labels(IPType)}。"),
    ("援助类型", f"必填：{_labels(AssistanceType)}。"),
    ("状态", f"必填：{_labels(State)}（也可填写英文代码）。"),
    ("申请日期", "必填，如 2025-03-15。"),
    ("受理日期", "已受理及其后的状态必填，不得早于申请日期。"),
    ("办结日期", "已办结、已回访、已归档必填，不得早于受理日期。"),
    ("承办人账号", "已指派、办理中、审核中、已转交必填：本区划承办人的登录账号。"),
    ("援助意见", "审核中必填。"),
]


SAMPLE = {
    "区划代码": "140525",
    "申请渠道": "窗口申请",
    "申请人类型": "法人或其他组织",
    "申请人名称": "晋城市示例光学有限公司",
    "申请人统一社会信用代码或身份证号": "911405254JURQ283FD",
    "联系电话": "0356-1234567",
    "事项": "（示例）测距模组外观设计专利被仿制",
    "知识产权类型": "专利",
    "援助类型": "侵权判定参考意见",
    "事实与理由": "申请人发现对方销售的产品外观与其专利高度近似。",
    "状态": "已办结",
    "申请日期": "2024-03-01",
    "受理日期": "2024-03-05",
    "办结日期": "2024-04-10",
}


def may_import(actor) -> bool:
    """Only those who may register a request may import them (the registration rule)."""
    return bool(rules.registration(AssistanceRequest(), actor))


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _serializer_errors(row, errors: dict) -> None:
    """The creation serializer's errors under the sheet's column headers."""
    for name, messages in errors.items():
        if name in ("applicant", "respondent") and isinstance(messages, dict):
            for inner, inner_messages in messages.items():
                column = {"kind": f"{name}_kind", "name": f"{name}_name"}.get(inner, f"{name}_code")
                for message in inner_messages:
                    row.error(column, str(message))
            continue
        if isinstance(messages, dict):
            messages = [m for inner in messages.values() for m in inner]
        if not row.has_error(name):
            for message in messages:
                row.error(name, str(message))


def _party_body(row, prefix: str) -> dict | None:
    name, code = row.text(f"{prefix}_name"), row.text(f"{prefix}_code")
    kind_text = row.text(f"{prefix}_kind")
    if not (name or code or kind_text):
        return None
    kind = cell_choice(kind_text, Party.Kind)
    if kind is None:
        row.error(f"{prefix}_kind", f"须为：{_labels(Party.Kind)}。")
        return None
    body = {"kind": kind, "name": name}
    if code:
        body["id_number" if kind == Party.Kind.PERSON else "credit_code"] = code
    return body


def _check(row) -> dict:
    """One row's values, checked with the API's creation serializer (parties through
    casemgmt.parties validation, the area the uploader may register in) plus the state and the
    dates and facts it implies."""
    from ..api.serializers import AssistanceRequestSerializer

    body = {name: row.text(name) for name in ("title", "facts", "claims", "contact_phone")}
    for name, choices in (("ip_type", IPType), ("assistance_type", AssistanceType)):
        value = row.choice(name, choices)
        if value is not None:
            body[name] = value
    channel = row.choice("channel", AssistanceRequest.Channel, required=False)
    if channel:
        body["channel"] = channel
    if row.text("jurisdiction_code"):
        body["jurisdiction_code"] = row.text("jurisdiction_code")
    applicant = _party_body(row, "applicant")
    if applicant is not None:
        body["applicant"] = applicant
    elif not row.has_error("applicant_kind"):
        row.error("applicant_name", "请填写申请人。")
    respondent = _party_body(row, "respondent")
    if respondent is not None:
        body["respondent"] = respondent

    serializer = AssistanceRequestSerializer(data=body, context={"request": SimpleNamespace(user=row.actor)})
    values: dict = {}
    if serializer.is_valid():
        values = dict(serializer.validated_data)
        values.pop("reason", None)
    else:
        _serializer_errors(row, serializer.errors)

    state = row.choice("state", State)
    values["state"] = state
    for name in ("applied_on", "accepted_on", "closed_on"):
        values[name] = row.date(name, required=name == "applied_on")
    label = State(state).label if state else ""
    if state in ACCEPTED_STATES:
        row.requires("accepted_on", values["accepted_on"], label)
    if state in CLOSED_STATES:
        row.requires("closed_on", values["closed_on"], label)
    row.not_before("accepted_on", "applied_on", values)
    row.not_before("closed_on", "accepted_on", values)

    values["handler"] = row.user("handler", [Role.HANDLER], values.get("jurisdiction"), what="承办人")
    if state in HANDLED_STATES:
        row.requires("handler", values["handler"], label)
    values["opinion"] = row.text("opinion")
    values["closing_report"] = row.text("closing_report")
    if state in OPINION_STATES:
        row.requires("opinion", values["opinion"], label)

    tracking = row.text("tracking_code", max_length=20)
    row.unique("tracking_code", tracking, taken=AssistanceRequest.objects.filter(tracking_code=tracking).exists())
    values["tracking_code"] = tracking
    return values


def _create(values: dict, *, actor) -> AssistanceRequest:
    applied_on, accepted_on, closed_on = values["applied_on"], values["accepted_on"], values["closed_on"]
    state = values["state"]
    request = AssistanceRequest(
        # Set once at construction: the state is history the row records, not a transition.
        state=state,
        jurisdiction=values["jurisdiction"],
        created_by=actor,
        tracking_code=values["tracking_code"] or new_tracking_code(),
        channel=values.get("channel") or AssistanceRequest.Channel.COUNTER,
        applicant=party(values["applicant"]),
        respondent=party(values.get("respondent")),
        contact_phone=values["contact_phone"],
        contact_email=values.get("contact_email", ""),
        title=values["title"],
        ip_type=values["ip_type"],
        assistance_type=values["assistance_type"],
        facts=values["facts"],
        claims=values.get("claims", ""),
        handler=values["handler"],
        opinion=values["opinion"],
        closing_report=values["closing_report"],
        accepted_at=_moment(accepted_on) if accepted_on else None,
        closed_at=_moment(closed_on) if closed_on else None,
    )
    request.save()
    # The request was registered on the day the sheet gives (created_at is auto_now_add, so the
    # date is written after the insert, inside the same import transaction).
    AssistanceRequest.objects.filter(pk=request.pk).update(created_at=_moment(applied_on))
    if state in ACCEPTANCE_LIMIT_STATES:
        deadline_open(
            request,
            kind="acceptance_decision",
            label="受理审查时限",
            legal_basis="分中心服务规范（本地设置）",
            start=applied_on,
            rule="working_days",
            amount=settings.ASSISTANCE_ACCEPTANCE_WORKING_DAYS,
        )
    elif state in AssistanceRequest.OPEN_STATES:
        deadline_open(
            request,
            kind="completion",
            label="办结时限",
            legal_basis="分中心服务规范（本地设置）",
            start=accepted_on,
            rule="working_days",
            amount=settings.ASSISTANCE_COMPLETION_WORKING_DAYS,
            responsible=request.handler,
        )
    return request


ASSISTANCE_IMPORT = register_import(
    ImportSpec(
        key="assistance_request",
        label="维权援助申请",
        columns=ASSISTANCE_COLUMNS,
        notes=NOTES,
        may_import=may_import,
        check=_check,
        create=_create,
        sample=SAMPLE,
        describe=lambda request: request.tracking_code,
        slug="assistance",
    )
)


def assistance_template() -> bytes:
    return _template(ASSISTANCE_IMPORT)


def require_importer(actor) -> None:
    _require(ASSISTANCE_IMPORT, actor)


def assistance_import(upload, *, actor) -> dict:
    """Import historical assistance requests from an uploaded .xlsx (see the module's docstring)."""
    return run_import(ASSISTANCE_IMPORT, upload, actor=actor)
