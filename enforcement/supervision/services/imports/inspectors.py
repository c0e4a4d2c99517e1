"""The inspector sheet (检查人员名录): its columns, export and import. Conflicts (回避) may be added
by a sheet, never withdrawn."""

from django.db import transaction
from django.utils import timezone

from casemgmt.org.models import User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.validation import clean_credit_code
from casemgmt.workflow.steps import audited_write

from ...models import Agency, Inspector, InspectorConflict
from ..directory import (
    NOT_AN_INSPECTOR_USER,
    _length_errors,
    directory_writers,
    inspector_create,
    inspector_errors,
    inspector_user_errors,
    require_writer,
)
from .sheets import (
    LIST_SEPARATORS,
    REASON_SEPARATORS,
    Column,
    ImportReport,
    SheetRejected,
    _import_reason,
    _jurisdictions,
    _merge,
    _Planned,
    _workbook,
    cell_bool,
    cell_text,
    file_sha256,
    read_sheet,
)

INSPECTOR_IMPORTED = "导入更新检查人员信息"

INSPECTOR_COLUMNS = (
    Column("账号", "username", ("姓名/账号", "用户名", "登录账号"), width=16, text=True),
    Column("姓名", "name", required=False, width=12),
    Column("执法证号", "certificate_number", width=18, text=True),
    Column("所在县（市、区）", "jurisdiction", ("所在县", "所在县（市区）", "所在区县"), width=20),
    Column("专业领域", "specialities", width=20),
    Column("在册", "active", ("在册可抽取",), width=8),
    Column("回避对象统一社会信用代码", "conflicts", ("回避对象",), width=40, text=True),
    Column("回避理由", "conflict_reasons", width=40),
)


INSPECTOR_NOTES = [
    ("账号", "必填：执法人员在本系统的登录账号（须为在职的执法人员或机关负责人）；按账号匹配已登记的检查人员。"),
    ("姓名", "选填；填写的须与账号的姓名一致。"),
    ("执法证号", "必填；未填写的取该账号登记的执法证号。"),
    ("所在县（市、区）", "须与该执法人员的所属区划一致；未填写的取其所属区划。"),
    ("专业领域", "选填，以顿号分隔，如：专利、商标。"),
    ("在册", "是／否；未填写的为“是”。"),
    ("回避对象统一社会信用代码", "选填，多个以顿号或分号分隔。回避申报只能增加，不能通过导入撤销。"),
    ("回避理由", "新增回避对象时必填：填写一个理由（适用于全部新增对象），或按回避对象的顺序逐一填写并以分号分隔。"),
    ("说明", "任何一行有误时整个表格都不导入，并逐行列出错误；重复导入同一表格不会产生任何修改。"),
]


def _conflicts_of(inspector: Inspector) -> list[InspectorConflict]:
    return sorted(inspector.conflicts.all(), key=lambda c: (c.declared_on, c.pk))


def inspector_row(inspector: Inspector) -> list:
    conflicts = _conflicts_of(inspector)
    return [
        inspector.user.username,
        inspector.user.display_name,
        inspector.certificate_number,
        inspector.jurisdiction.name,
        inspector.specialities,
        "是" if inspector.active else "否",
        "、".join(conflict.agency.credit_code for conflict in conflicts),
        "；".join(conflict.reason for conflict in conflicts),
    ]


def inspectors_workbook(inspectors) -> bytes:
    rows = [
        inspector_row(i)
        for i in inspectors.select_related("user", "jurisdiction").prefetch_related("conflicts__agency")
    ]
    return _workbook("检查人员名录", INSPECTOR_COLUMNS, rows, INSPECTOR_NOTES)


# --- importing inspectors ----------------------------------------------------------------------


def _split(text: str, separators) -> list[str]:
    return [part.strip() for part in separators.split(text or "") if part.strip()]


def _parse_inspector(cells: dict, jurisdictions: dict, actor) -> tuple[dict, dict]:
    errors: dict = {}
    username = cell_text(cells.get("username"))
    user = User.objects.filter(username=username).select_related("jurisdiction").first() if username else None
    values: dict = {"user": user, "username": username}
    if not username:
        errors["username"] = ["请填写执法人员的账号。"]
        return values, errors
    # A listed inspector is found through its own jurisdiction; a new one must qualify (below).
    instance = Inspector.objects.filter(user=user).select_related("jurisdiction").first() if user else None
    values["instance"] = instance
    home = instance.jurisdiction_id if instance else getattr(user, "jurisdiction_id", None)
    if user is None or not may_see_jurisdiction(actor, home):
        errors["username"] = [NOT_AN_INSPECTOR_USER]
        return values, errors
    name = cell_text(cells.get("name"))
    if name and name not in (user.full_name, user.display_name):
        errors["name"] = [f"姓名与账号不符（账号 {username} 的姓名为 {user.display_name}）。"]
    values["certificate_number"] = cell_text(cells.get("certificate_number")) or user.certificate_number
    place = cell_text(cells.get("jurisdiction"))
    values["jurisdiction"] = jurisdictions.get(place) if place else user.jurisdiction
    if values["jurisdiction"] is None:
        errors["jurisdiction"] = [f"未知的县（市、区）：{place}。"]
    values["specialities"] = cell_text(cells.get("specialities"))
    active = cell_bool(cells.get("active")) if cell_text(cells.get("active")) else True
    if active is None:
        errors["active"] = ["在册须填写“是”或“否”。"]
    values["active"] = active
    codes, bad = [], []
    for text in _split(cell_text(cells.get("conflicts")), LIST_SEPARATORS):
        try:
            code = clean_credit_code(text)
        except ValueError:
            bad.append(text)
            continue
        if code not in codes:
            codes.append(code)
    if bad:
        errors["conflicts"] = [f"回避对象的统一社会信用代码无效：{'、'.join(bad)}。"]
    values["conflict_codes"] = codes
    values["conflict_reasons"] = _split(cell_text(cells.get("conflict_reasons")), REASON_SEPARATORS)
    return values, errors


def _conflicts_plan(values: dict, instance: Inspector | None, errors: dict) -> list[tuple]:
    """The conflicts the row adds: [(agency, reason)]."""
    codes = values["conflict_codes"]
    agencies = {a.credit_code: a for a in Agency.objects.filter(credit_code__in=codes)}
    missing = [code for code in codes if code not in agencies]
    if missing:
        _merge(errors, {"conflicts": [f"未找到统一社会信用代码为 {'、'.join(missing)} 的检查对象。"]})
    declared = {c.agency.credit_code: c for c in instance.conflicts.select_related("agency")} if instance else {}
    withdrawn = [code for code in declared if code not in codes]
    if withdrawn:
        _merge(errors, {"conflicts": [f"回避申报只能增加，不能通过导入撤销：{'、'.join(withdrawn)}。"]})
    new = [code for code in codes if code not in declared and code in agencies]
    reasons = values["conflict_reasons"]
    if not new:
        return []
    if len(reasons) == len(codes):
        chosen = {code: reasons[index] for index, code in enumerate(codes)}
    elif len(reasons) == 1:
        chosen = dict.fromkeys(codes, reasons[0])
    else:
        _merge(errors, {"conflict_reasons": ["新增回避对象须填写回避理由：一个理由，或按回避对象的顺序逐一填写。"]})
        return []
    reason_errors: dict = {}
    for code in new:
        _length_errors(InspectorConflict, {"reason": chosen[code]}, reason_errors)
    if reason_errors:
        _merge(errors, {"conflict_reasons": reason_errors["reason"]})
    return [(agencies[code], chosen[code]) for code in new]


def _inspector_changes(values: dict, instance: Inspector) -> dict:
    changes = {}
    for name in ("certificate_number", "jurisdiction", "specialities", "active"):
        value = values[name]
        current = instance.jurisdiction_id if name == "jurisdiction" else getattr(instance, name)
        if (value.pk if name == "jurisdiction" else value) != current:
            changes[name] = value
    return changes


def _add_conflicts(inspector: Inspector, conflicts: list[tuple], actor) -> None:
    today = timezone.localdate()
    for agency, reason in conflicts:
        InspectorConflict.objects.create(
            inspector=inspector, agency=agency, reason=reason, declared_on=today, declared_by=actor
        )


def inspectors_import(data: bytes, *, actor, dry_run: bool = False, file_name: str = "") -> ImportReport:
    """Import the inspector sheet (see the module's docstring): all rows or none. A row's new
    conflicts are recorded in the inspector's one history row of this import."""
    require_writer(actor, "您无权导入检查人员。")
    sha = file_sha256(data)
    rows = read_sheet(data, INSPECTOR_COLUMNS)
    jurisdictions = _jurisdictions()
    report = ImportReport(sha256=sha, dry_run=dry_run)
    with transaction.atomic():
        planned, bad_rows, seen = [], [], {}
        for number, cells in rows:
            values, errors = _parse_inspector(cells, jurisdictions, actor)
            user, instance = values["user"], values.get("instance")
            if user is not None and "username" not in errors:
                if user.pk in seen:
                    _merge(errors, {"username": [f"与第{seen[user.pk]}行的账号重复。"]})
                seen.setdefault(user.pk, number)
            conflicts = []
            if not errors:
                fields = {k: values[k] for k in ("certificate_number", "jurisdiction", "specialities", "active")}
                if instance is None:
                    fields["user"] = user
                    messages = inspector_user_errors(user, actor=actor)
                    if messages:
                        _merge(errors, {"username": messages})
                    else:
                        _merge(errors, inspector_errors(fields, actor=actor))
                else:
                    _merge(errors, inspector_errors(fields, actor=actor, instance=instance))
                conflicts = _conflicts_plan(values, instance, errors)
            if errors:
                bad_rows.append({"row": number, "errors": errors})
                continue
            row = _Planned(number, values, instance, extra={"conflicts": conflicts})
            if instance is not None:
                row.values = _inspector_changes(values, instance)
                row.result = "updated" if row.values or conflicts else "unchanged"
            planned.append(row)
        if bad_rows:
            raise SheetRejected({"rows": bad_rows})

        report.rows = [
            {"row": r.number, "key": (r.instance.user if r.instance else r.values["user"]).username, "result": r.result}
            for r in planned
        ]
        if dry_run:
            return report

        reason = _import_reason(sha, file_name)
        for row in planned:
            conflicts = row.extra["conflicts"]
            listed = [{"credit_code": agency.credit_code, "reason": why} for agency, why in conflicts]
            payload = {"import_sha256": sha, "import_row": row.number}
            if row.result == "created":
                fields = {k: row.values[k] for k in ("certificate_number", "jurisdiction", "specialities", "active")}
                with transaction.atomic():
                    inspector = inspector_create(
                        actor=actor,
                        user=row.values["user"],
                        reason=reason,
                        payload={**payload, "conflicts": listed},
                        **fields,
                    )
                    _add_conflicts(inspector, conflicts, actor)
            elif row.result == "updated":
                with audited_write(
                    row.instance, "edit", INSPECTOR_IMPORTED, actor=actor, permission=directory_writers, reason=reason
                ) as write:
                    write.edit(write.obj, **row.values)
                    if conflicts:
                        before = [c.agency.credit_code for c in _conflicts_of(write.obj)]
                        _add_conflicts(write.obj, conflicts, actor)
                        after = before + [agency.credit_code for agency, _ in conflicts]
                        write.change("conflicts", "、".join(before) or "—", "、".join(after), label="回避对象")
                    write.record(conflicts=listed, **payload)
    return report
