"""The import machinery every workflow shares: the sheet template, the all-or-nothing run and
the registry of the workflows' imports (the API actions and the staff page look them up)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from casemgmt.errors import Forbidden, Invalid
from casemgmt.files import sniffing
from casemgmt.files.services import attachment_check
from casemgmt.imports.sheets import MAX_BYTES, Column, SheetRejected, _workbook, read_sheet
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import history_append

from .rows import Row

IMPORTED = "imported"
IMPORTED_LABEL = "导入历史案件"
GENERAL_NOTE = (
    "说明",
    "导入的是历史案件：按所填状态直接登记，不触发流转，也不发送通知；每件记录一条“导入历史案件”的记录，"
    "注明文件名和 SHA-256。任何一行有误时整个表格都不导入，并逐行列出错误。",
)


@dataclass(frozen=True)
class ImportSpec:
    """One workflow's import. `check(row)` reads and validates one row through the Row helper
    (errors under the column's header) and returns the values for `create`; `create(values,
    actor=)` writes the case — in the state its row gives, set at construction, never by a
    transition — with its parties and numbers, and opens the time limits its open state runs
    under through the calendar kernel. The kernel adds the history row and the search index."""

    key: str  # the workflow's type key (casemgmt.workflow.registry), e.g. "mediation"
    label: str  # 调解案件
    columns: tuple[Column, ...]
    notes: list[tuple[str, str]]
    may_import: Callable[[object], bool]
    check: Callable[[Row], dict]
    create: Callable[..., object]
    sample: dict = field(default_factory=dict)  # header → value of the template's sample row
    # What the report says of each imported case (its number or tracking code), beside its id.
    describe: Callable[[object], str] = str
    # The staff page /<slug>-import/ (web:<slug>-import) and the template's file name.
    slug: str = ""

    @property
    def headers(self) -> dict:
        return {column.field: column.header for column in self.columns}

    @property
    def template_name(self) -> str:
        return f"{self.slug}-import-template.xlsx"

    @property
    def page_url_name(self) -> str:
        return f"web:{self.slug}-import"


_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    _SPECS[spec.key] = spec
    return spec


def import_spec(key: str) -> ImportSpec | None:
    return _SPECS.get(key)


def import_specs() -> list[ImportSpec]:
    return list(_SPECS.values())


def import_template(spec: ImportSpec) -> bytes:
    """The sheet to fill in: the Chinese headers, one sample row (to be overwritten) and a sheet
    of instructions."""
    rows = [[spec.sample.get(column.header, "") for column in spec.columns]] if spec.sample else []
    notes = [*spec.notes, ("示例行", "第2行是填写示例，导入前请删除或改写。")] if spec.sample else spec.notes
    # Excel refuses some characters in a sheet's name (仲裁/诉讼转介).
    title = re.sub(r"[\\/*?:\[\]]", "、", spec.label)[:31]
    return _workbook(title, spec.columns, rows, [*notes, GENERAL_NOTE])


def may_import(spec: ImportSpec, actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and bool(spec.may_import(actor))


def require_importer(spec: ImportSpec, actor) -> None:
    if not may_import(spec, actor):
        raise Forbidden(f"您无权导入{spec.label}。")


def _checked_file(upload):
    """The upload as an .xlsx without macros, else SheetRejected (a 400 with the file's fault)."""
    try:
        return attachment_check(upload, allowed_types=(sniffing.XLSX.key,), max_bytes=MAX_BYTES)
    except Invalid as exc:
        raise SheetRejected({"file": exc.field_errors().get("file", ["请上传 .xlsx 文件。"])}) from None


def run_import(spec: ImportSpec, upload, *, actor) -> dict:
    """Import the sheet: every row is checked first; any bad row → SheetRejected with each bad
    row ({"rows": [{"row": 3, "errors": {"状态": ["…"]}}]}, rows numbered as Excel shows them) and
    nothing written; else every row is written in one transaction. Returns {"created", "sha256",
    "file_name", "rows": [{"row", "id", "label", "state"}]}.

    Raises Forbidden (a role that may not register the workflow's cases) or SheetRejected."""
    require_importer(spec, actor)
    checked = _checked_file(upload)
    upload.seek(0)
    rows = read_sheet(upload.read(), spec.columns)
    if not rows:
        raise SheetRejected({"file": ["表格中没有数据行。"]})
    sha, file_name = checked.sha256, checked.original_name

    planned, bad_rows, seen = [], [], {}
    for number, cells in rows:
        row = Row(number, cells, spec.headers, actor=actor, seen=seen)
        values = spec.check(row)
        if row.errors:
            bad_rows.append({"row": number, "errors": row.errors})
        else:
            planned.append((number, values))
    if bad_rows:
        raise SheetRejected({"rows": bad_rows})

    reason = f"从 Excel 表格“{file_name}”导入，文件 SHA-256：{sha}"
    report = {"created": 0, "sha256": sha, "file_name": file_name, "rows": []}
    with transaction.atomic():
        for number, values in planned:
            try:
                obj = spec.create(values, actor=actor)
            except Invalid as exc:
                # A check only the write can make (a number taken meanwhile by another user, a date
                # the calendar refuses): this row is bad after all, and the whole sheet rolls back.
                errors = {"表格": [str(m) for ms in exc.field_errors().values() for m in ms] or [str(exc)]}
                raise SheetRejected({"rows": [{"row": number, "errors": errors}]}) from None
            history_append(
                obj,
                transition=IMPORTED,
                label=IMPORTED_LABEL,
                source="",
                target=obj.state,
                actor=actor,
                reason=reason,
                payload={"import_sha256": sha, "import_file": file_name, "import_row": number},
            )
            index_on_commit(obj)
            report["rows"].append({"row": number, "id": obj.pk, "label": spec.describe(obj), "state": obj.state})
    report["created"] = len(report["rows"])
    return report
