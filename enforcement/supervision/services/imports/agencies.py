"""The agency sheet (检查对象名录): its columns, export and import."""

from django.db import transaction

from casemgmt.errors import Invalid
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.validation import clean_credit_code

from ...models import Agency
from ...models.choices import AgencyKind, AgencyStatus, RiskClass
from ..directory import agency_create, agency_errors, agency_update, agency_values, require_writer
from .sheets import (
    RISK_ALIASES,
    Column,
    ImportReport,
    SheetRejected,
    _import_reason,
    _jurisdictions,
    _labels,
    _merge,
    _Planned,
    _workbook,
    cell_choice,
    cell_date,
    cell_text,
    file_sha256,
    read_sheet,
)

AGENCY_IMPORTED = "导入更新检查对象信息"

AGENCY_COLUMNS = (
    Column("名称", "name", width=36),
    Column("类型", "kind", width=16),
    Column("统一社会信用代码", "credit_code", width=22, text=True),
    Column(
        "执业许可证号或备案号", "licence_number", ("执业许可证号", "备案号", "许可证号或备案号"), width=22, text=True
    ),
    Column("所在县（市、区）", "jurisdiction", ("所在县", "所在县（市区）", "所在区县"), width=20),
    Column("住所", "address", ("住所（经营场所）", "地址"), width=36),
    Column("经营状态", "status", width=16),
    Column("信用风险分类", "risk_class", ("风险分类",), width=14),
    Column("分类依据", "risk_reason", width=30),
    Column("分类日期", "risk_set_on", width=14),
    Column("所属机构统一社会信用代码", "parent", ("所属机构",), width=26, text=True),
)

AGENCY_NOTES = [
    ("名称", "必填。"),
    ("类型", f"必填：{_labels(AgencyKind)}。"),
    ("统一社会信用代码", "必填，18位，校验位须正确；按此代码匹配已登记的检查对象（已登记的更新，未登记的新增）。"),
    ("执业许可证号或备案号", "选填。"),
    ("所在县（市、区）", "必填，填写名称（如：泽州县）或区划代码（如：140525）。"),
    ("住所", "选填。"),
    ("经营状态", f"必填：{_labels(AgencyStatus)}。"),
    ("信用风险分类", "必填：A、B、C、D。修改已登记机构的分类须填写分类依据。"),
    ("分类依据", "选填；修改分类时必填。"),
    ("分类日期", "选填，如 2026-01-15；修改分类而未填写的，取导入当天。"),
    ("所属机构统一社会信用代码", "分支机构填写其所属机构的代码（所属机构须已登记或在本表中列出）；其他类型不填。"),
    ("说明", "任何一行有误时整个表格都不导入，并逐行列出错误；重复导入同一表格不会产生任何修改。"),
]


def agency_row(agency: Agency) -> list:
    return [
        agency.name,
        agency.get_kind_display(),
        agency.credit_code,
        agency.licence_number,
        agency.jurisdiction.name,
        agency.address,
        agency.get_status_display(),
        agency.risk_class,
        agency.risk_reason,
        agency.risk_set_on,
        agency.parent.credit_code if agency.parent_id else "",
    ]


def agencies_workbook(agencies) -> bytes:
    """The agency directory sheet (the import's columns, so it imports back unchanged)."""
    rows = [agency_row(agency) for agency in agencies.select_related("jurisdiction", "parent")]
    return _workbook("检查对象名录", AGENCY_COLUMNS, rows, AGENCY_NOTES)


# --- importing agencies ------------------------------------------------------------------------


def _parse_agency(cells: dict, jurisdictions: dict) -> tuple[dict, dict, str, bool]:
    """(values, errors, parent credit code, date given) of one row."""
    values: dict = {}
    errors: dict = {}
    for name in ("name", "licence_number", "address", "risk_reason"):
        values[name] = cell_text(cells.get(name))
    values["credit_code"] = cell_text(cells.get("credit_code"))
    if not values["credit_code"]:
        errors["credit_code"] = ["请填写统一社会信用代码。"]
    kind = cell_choice(cells.get("kind"), AgencyKind)
    if kind is None:
        errors["kind"] = [f"类型须为：{_labels(AgencyKind)}。"]
    values["kind"] = kind
    status = cell_choice(cells.get("status"), AgencyStatus)
    if status is None:
        errors["status"] = [f"经营状态须为：{_labels(AgencyStatus)}。"]
    values["status"] = status
    risk_class = cell_choice(cells.get("risk_class"), RiskClass, extra=RISK_ALIASES)
    if risk_class is None:
        errors["risk_class"] = ["信用风险分类须为 A、B、C、D 之一。"]
    values["risk_class"] = risk_class
    place = cell_text(cells.get("jurisdiction"))
    values["jurisdiction"] = jurisdictions.get(place)
    if values["jurisdiction"] is None:
        errors["jurisdiction"] = [f"未知的县（市、区）：{place}。" if place else "请填写所在县（市、区）。"]
    try:
        values["risk_set_on"] = cell_date(cells.get("risk_set_on"))
    except (ValueError, OverflowError, TypeError):
        errors["risk_set_on"] = ["分类日期无效，请按 2026-01-15 的格式填写。"]
        values["risk_set_on"] = None
    return values, errors, cell_text(cells.get("parent")), values["risk_set_on"] is not None


def _agency_changes(values: dict, instance: Agency, parent_pk) -> bool:
    for name, value in values.items():
        if name == "parent":
            if instance.parent_id != parent_pk:
                return True
        elif name == "jurisdiction":
            if instance.jurisdiction_id != value.pk:
                return True
        elif getattr(instance, name) != value:
            return True
    return False


def agencies_import(data: bytes, *, actor, dry_run: bool = False, file_name: str = "") -> ImportReport:
    """Import the agency sheet (see the module's docstring): all rows or none."""
    require_writer(actor, "您无权导入检查对象。")
    sha = file_sha256(data)
    rows = read_sheet(data, AGENCY_COLUMNS)
    jurisdictions = _jurisdictions()
    report = ImportReport(sha256=sha, dry_run=dry_run)
    with transaction.atomic():
        parsed = []
        for number, cells in rows:
            values, errors, parent_code, dated = _parse_agency(cells, jurisdictions)
            if values["credit_code"] and "credit_code" not in errors:
                try:
                    values["credit_code"] = clean_credit_code(values["credit_code"])
                except ValueError as exc:
                    errors["credit_code"] = [str(exc)]
            parsed.append((number, values, errors, parent_code, dated))

        # Codes listed twice, and the rows each code is on.
        first_row: dict = {}
        for number, values, errors, _, _ in parsed:
            code = values["credit_code"]
            if code and "credit_code" not in errors:
                if code in first_row:
                    _merge(errors, {"credit_code": [f"与第{first_row[code][0]}行的统一社会信用代码重复。"]})
                else:
                    first_row[code] = (number, values)
        existing = {
            agency.credit_code: agency
            for agency in Agency.objects.filter(credit_code__in=list(first_row)).select_related("parent")
        }

        planned, bad_rows = [], []
        for number, values, errors, parent_code, dated in parsed:
            code = values["credit_code"]
            instance = existing.get(code) if first_row.get(code, (None,))[0] == number else None
            if instance is not None and not may_see_jurisdiction(actor, instance.jurisdiction_id):
                _merge(
                    errors, {"credit_code": ["该统一社会信用代码的检查对象已在其他辖区登记，不能通过本辖区导入修改。"]}
                )
            parent, parent_pk = None, None
            if parent_code:
                try:
                    parent_code = clean_credit_code(parent_code)
                except ValueError:
                    _merge(errors, {"parent": ["所属机构统一社会信用代码无效。"]})
                    parent_code = ""
            if parent_code:
                if parent_code in first_row:
                    listed = first_row[parent_code][1]
                    known = existing.get(parent_code)
                    parent = Agency(pk=known.pk if known else None, kind=listed["kind"], credit_code=parent_code)
                    parent_pk = parent.pk
                else:
                    parent = Agency.objects.filter(credit_code=parent_code).first()
                    if parent is None or not may_see_jurisdiction(actor, parent.jurisdiction_id):
                        _merge(errors, {"parent": [f"未找到所属机构（{parent_code}），须已登记或在本表中列出。"]})
                        parent = None
                    else:
                        parent_pk = parent.pk
            values["parent"] = parent
            # A changed class keeps no date left over from the old one: it is dated today.
            reclassified = instance is not None and values["risk_class"] != instance.risk_class
            if not dated or (reclassified and values["risk_set_on"] == instance.risk_set_on):
                values.pop("risk_set_on")
            if not errors:
                check = {k: v for k, v in values.items() if k != "credit_code" or instance is None}
                _merge(errors, agency_errors(check, actor=actor, instance=instance))
                values.update({k: v for k, v in check.items() if k != "parent"})
            if errors:
                bad_rows.append({"row": number, "errors": errors})
                continue
            row = _Planned(number, values, instance, parent_code)
            if instance is not None:
                update = agency_values({k: v for k, v in values.items() if k != "credit_code"}, instance)
                row.values = update
                row.result = "updated" if _agency_changes(update, instance, parent_pk) else "unchanged"
            planned.append(row)
        if bad_rows:
            raise SheetRejected({"rows": bad_rows})

        for row in planned:
            report.rows.append(
                {
                    "row": row.number,
                    "key": row.values.get("credit_code") or row.instance.credit_code,
                    "result": row.result,
                }
            )
        if dry_run:
            return report

        reason = _import_reason(sha, file_name)
        created: dict = {}
        # Head offices before their branches, so that a branch can name one listed in the sheet.
        for row in sorted(planned, key=lambda r: r.values.get("kind") == AgencyKind.BRANCH):
            if row.result == "unchanged":
                continue
            values = dict(row.values)
            if row.parent_code:
                values["parent"] = created.get(row.parent_code) or Agency.objects.get(credit_code=row.parent_code)
            payload = {"import_sha256": sha, "import_row": row.number}
            try:
                if row.instance is None:
                    agency = agency_create(actor=actor, reason=reason, payload=payload, **values)
                else:
                    agency = agency_update(
                        row.instance, actor=actor, reason=reason, label=AGENCY_IMPORTED, payload=payload, **values
                    )
            except Invalid as exc:
                raise SheetRejected({"rows": [{"row": row.number, "errors": exc.field_errors()}]}) from None
            created[agency.credit_code] = agency
    return report
