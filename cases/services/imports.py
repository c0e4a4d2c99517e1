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
from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.services import deadline_open
from casemgmt.errors import Forbidden, Invalid
from casemgmt.files import sniffing
from casemgmt.files.services import attachment_check
from casemgmt.iprights import IPType
from casemgmt.org.models import Role, User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.models import Party
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import history_append
from enforcement.supervision.services.imports.sheets import (
    MAX_BYTES,
    Column,
    SheetRejected,
    _labels,
    _workbook,
    cell_choice,
    cell_date,
    cell_text,
    read_sheet,
)

from ..models import AssistanceRequest
from ..models.assistance import AssistanceType
from ..rules import assistance as rules
from .assistance import new_tracking_code
from .common import party

IMPORTED = "imported"
IMPORTED_LABEL = "导入历史案件"
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
HEADERS = {column.field: column.header for column in ASSISTANCE_COLUMNS}

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
    (
        "说明",
        "导入的是历史案件：按所填状态直接登记，不触发流转，也不发送通知；每件记录一条“导入历史案件”的记录，"
        "注明文件名和 SHA-256。任何一行有误时整个表格都不导入，并逐行列出错误。",
    ),
]


def assistance_template() -> bytes:
    """The blank import sheet with a sheet of instructions."""
    return _workbook("维权援助申请", ASSISTANCE_COLUMNS, [], NOTES)


def may_import(actor) -> bool:
    """Only those who may register a request may import them (the registration rule)."""
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and bool(rules.registration(AssistanceRequest(), actor))
    )


def require_importer(actor) -> None:
    if not may_import(actor):
        raise Forbidden("您无权导入维权援助申请。")


def _checked_file(upload):
    """The upload as an .xlsx without macros, else SheetRejected (a 400 with the file's fault)."""
    try:
        return attachment_check(upload, allowed_types=(sniffing.XLSX.key,), max_bytes=MAX_BYTES)
    except Invalid as exc:
        raise SheetRejected({"file": exc.field_errors().get("file", ["请上传 .xlsx 文件。"])}) from None


def _party_body(cells, prefix: str, errors: dict) -> dict | None:
    name = cell_text(cells.get(f"{prefix}_name"))
    code = cell_text(cells.get(f"{prefix}_code"))
    kind_text = cell_text(cells.get(f"{prefix}_kind"))
    if not (name or code or kind_text):
        return None
    kind = cell_choice(kind_text, Party.Kind)
    if kind is None:
        errors[HEADERS[f"{prefix}_kind"]] = [f"须为：{_labels(Party.Kind)}。"]
        return None
    body = {"kind": kind, "name": name}
    if code:
        body["id_number" if kind == Party.Kind.PERSON else "credit_code"] = code
    return body


def _serializer_errors(errors: dict) -> dict:
    """The serializer's errors under the sheet's column headers."""
    result: dict = {}
    for name, messages in errors.items():
        if name in ("applicant", "respondent") and isinstance(messages, dict):
            for inner, inner_messages in messages.items():
                column = {"kind": f"{name}_kind", "name": f"{name}_name"}.get(inner, f"{name}_code")
                result.setdefault(HEADERS[column], []).extend(str(m) for m in inner_messages)
            continue
        column = HEADERS.get(name, "表格")
        if isinstance(messages, dict):
            messages = [m for inner in messages.values() for m in inner]
        result.setdefault(column, []).extend(str(m) for m in messages)
    return result


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _parse_row(cells: dict, *, actor, codes_seen: dict, number: int) -> tuple[dict, dict]:
    from ..api.serializers import AssistanceRequestSerializer

    errors: dict = {}
    body = {
        "title": cell_text(cells.get("title")),
        "facts": cell_text(cells.get("facts")),
        "claims": cell_text(cells.get("claims")),
        "contact_phone": cell_text(cells.get("contact_phone")),
    }
    for name, choices in (("ip_type", IPType), ("assistance_type", AssistanceType)):
        value = cell_choice(cells.get(name), choices)
        if value is None:
            errors[HEADERS[name]] = [f"须为：{_labels(choices)}。"]
        else:
            body[name] = value
    channel_text = cell_text(cells.get("channel"))
    if channel_text:
        channel = cell_choice(channel_text, AssistanceRequest.Channel)
        if channel is None:
            errors[HEADERS["channel"]] = [f"须为：{_labels(AssistanceRequest.Channel)}。"]
        else:
            body["channel"] = channel
    code = cell_text(cells.get("jurisdiction_code"))
    if code:
        body["jurisdiction_code"] = code
    applicant = _party_body(cells, "applicant", errors)
    if applicant is not None:
        body["applicant"] = applicant
    elif HEADERS["applicant_kind"] not in errors:
        errors[HEADERS["applicant_name"]] = ["请填写申请人。"]
    respondent = _party_body(cells, "respondent", errors)
    if respondent is not None:
        body["respondent"] = respondent

    serializer = AssistanceRequestSerializer(data=body, context={"request": SimpleNamespace(user=actor)})
    values: dict = {}
    if serializer.is_valid():
        values = dict(serializer.validated_data)
        values.pop("reason", None)
    else:
        for column, messages in _serializer_errors(serializer.errors).items():
            if column not in errors:
                errors[column] = messages

    # The state and what it implies.
    state = cell_choice(cells.get("state"), State)
    if state is None:
        errors[HEADERS["state"]] = [f"须为：{_labels(State)}。"]
    values["state"] = state
    dates = {}
    for name in ("applied_on", "accepted_on", "closed_on"):
        try:
            dates[name] = cell_date(cells.get(name))
        except (ValueError, OverflowError, TypeError):
            errors[HEADERS[name]] = ["日期无效，请按 2025-03-15 的格式填写。"]
            dates[name] = False
    today = timezone.localdate()
    for name, day in dates.items():
        if day and day > today:
            errors.setdefault(HEADERS[name], []).append("不能晚于今天。")
    if dates["applied_on"] is None:
        errors[HEADERS["applied_on"]] = ["请填写申请日期。"]
    if state in ACCEPTED_STATES and dates["accepted_on"] is None:
        errors[HEADERS["accepted_on"]] = [f"状态为“{State(state).label}”的须填写受理日期。"]
    if state in CLOSED_STATES and dates["closed_on"] is None:
        errors[HEADERS["closed_on"]] = [f"状态为“{State(state).label}”的须填写办结日期。"]
    if dates["applied_on"] and dates["accepted_on"] and dates["accepted_on"] < dates["applied_on"]:
        errors.setdefault(HEADERS["accepted_on"], []).append("受理日期不能早于申请日期。")
    if dates["accepted_on"] and dates["closed_on"] and dates["closed_on"] < dates["accepted_on"]:
        errors.setdefault(HEADERS["closed_on"], []).append("办结日期不能早于受理日期。")
    values.update(dates)

    username = cell_text(cells.get("handler"))
    values["handler"] = None
    if username:
        handler = User.objects.filter(username=username, is_active=True, role=Role.HANDLER).first()
        place = values.get("jurisdiction")
        if handler is None or (place is not None and not may_see_jurisdiction(handler, place.pk)):
            errors[HEADERS["handler"]] = [f"没有本区划的承办人“{username}”。"]
        values["handler"] = handler
    elif state in HANDLED_STATES:
        errors[HEADERS["handler"]] = [f"状态为“{State(state).label}”的须填写承办人账号。"]
    values["opinion"] = cell_text(cells.get("opinion"))
    values["closing_report"] = cell_text(cells.get("closing_report"))
    if state in OPINION_STATES and not values["opinion"]:
        errors[HEADERS["opinion"]] = [f"状态为“{State(state).label}”的须填写援助意见。"]

    tracking = cell_text(cells.get("tracking_code"))
    if tracking:
        if len(tracking) > 20:
            errors[HEADERS["tracking_code"]] = ["查询码不能超过20个字符。"]
        elif tracking in codes_seen:
            errors[HEADERS["tracking_code"]] = [f"与第{codes_seen[tracking]}行的查询码重复。"]
        elif AssistanceRequest.objects.filter(tracking_code=tracking).exists():
            errors[HEADERS["tracking_code"]] = ["该查询码已有申请使用。"]
        else:
            codes_seen[tracking] = number
    values["tracking_code"] = tracking
    return values, errors


def assistance_import(upload, *, actor) -> dict:
    """Import historical assistance requests from an uploaded .xlsx (see the module's docstring).
    Returns {"created", "sha256", "rows": [{"row", "id", "tracking_code", "state"}]}.

    Raises Forbidden (a role that may not register requests) or SheetRejected (nothing written)."""
    require_importer(actor)
    checked = _checked_file(upload)
    upload.seek(0)
    data = upload.read()
    rows = read_sheet(data, ASSISTANCE_COLUMNS)
    if not rows:
        raise SheetRejected({"file": ["表格中没有数据行。"]})
    sha, file_name = checked.sha256, checked.original_name
    reason = f"从 Excel 表格“{file_name}”导入，文件 SHA-256：{sha}"

    planned, bad_rows, codes_seen = [], [], {}
    for number, cells in rows:
        values, errors = _parse_row(cells, actor=actor, codes_seen=codes_seen, number=number)
        if errors:
            bad_rows.append({"row": number, "errors": errors})
        else:
            planned.append((number, values))
    if bad_rows:
        raise SheetRejected({"rows": bad_rows})

    report = {"created": 0, "sha256": sha, "file_name": file_name, "rows": []}
    with transaction.atomic():
        for number, values in planned:
            request = _create_imported(values, actor=actor, reason=reason, sha=sha, file_name=file_name, row=number)
            report["rows"].append(
                {"row": number, "id": request.pk, "tracking_code": request.tracking_code, "state": request.state}
            )
    report["created"] = len(report["rows"])
    return report


def _create_imported(values: dict, *, actor, reason: str, sha: str, file_name: str, row: int) -> AssistanceRequest:
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
    history_append(
        request,
        transition=IMPORTED,
        label=IMPORTED_LABEL,
        source="",
        target=state,
        actor=actor,
        reason=reason,
        payload={"import_sha256": sha, "import_file": file_name, "import_row": row},
    )
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
    index_on_commit(request)
    return request
