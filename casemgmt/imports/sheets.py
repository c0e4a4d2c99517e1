"""Reading and writing import workbooks (issue 15 and the supervision directories): cells,
columns, the first sheet's rows by header, the row-by-row rejection, the blank template."""

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from casemgmt.errors import Invalid

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetRejected(Invalid):
    """The sheet imports nothing. `errors` is {"rows": [{"row", "errors": {field: [...]}}]} for bad
    rows, or {"file": [...]} for a file that is no such sheet at all."""

    def __init__(self, errors: dict):
        super().__init__("表格有误，未导入任何数据。", errors)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    aliases: tuple = ()
    required: bool = True
    width: int = 18
    text: bool = False  # written as text (codes Excel would otherwise turn into numbers)


# --- reading cells -----------------------------------------------------------------------------


def _normalise_header(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("(", "（").replace(")", "）").replace("*", "").replace("＊", "")
    return re.sub(r"\s+", "", text)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def cell_date(value) -> date | None:
    """A date from a date cell, an Excel serial number or text such as 2026-01-15 or 2026年1月15日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= 2958465:  # Excel's serial days (1900-01-01 … 9999-12-31)
            result = from_excel(value)
            return result.date() if isinstance(result, datetime) else result
        raise ValueError
    text = str(value).strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def cell_choice(value, choices, *, extra: dict | None = None) -> str | None:
    """The machine value of a cell holding the value or the Chinese label of a choice."""
    text = cell_text(value)
    if not text:
        return None
    table = {**{v.lower(): v for v in choices.values}, **{label: v for v, label in choices.choices}, **(extra or {})}
    return table.get(text) or table.get(text.lower())


YES = {"是", "在册", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "不在册", "n", "no", "false", "0", "×", "✗"}


def cell_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_sheet(data: bytes, columns) -> list[tuple[int, dict]]:
    """(Excel row number, {field: raw cell value}) of each non-blank row of the workbook's first
    sheet, whose first row holds the column headers (in any order; other columns are ignored)."""
    if not data:
        raise SheetRejected({"file": ["请上传 .xlsx 文件。"]})
    if len(data) > MAX_BYTES:
        raise SheetRejected({"file": [f"文件过大（不能超过{MAX_BYTES // 1024 // 1024}MB）。"]})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for files that are not workbooks
        raise SheetRejected({"file": ["不是有效的 .xlsx 文件。"]}) from None
    try:
        if not workbook.worksheets:
            raise SheetRejected({"file": ["表格中没有工作表。"]})
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            header = next(rows, None) or ()
        except Exception:
            raise SheetRejected({"file": ["不是有效的 .xlsx 文件。"]}) from None
        positions: dict = {}
        names = [_normalise_header(value) for value in header]
        for column in columns:
            wanted = {_normalise_header(name) for name in (column.header, *column.aliases)}
            found = [index for index, name in enumerate(names) if name in wanted]
            if len(found) > 1:
                raise SheetRejected({"file": [f"列“{column.header}”出现了多次。"]})
            if found:
                positions[column.field] = found[0]
        missing = [column.header for column in columns if column.required and column.field not in positions]
        if missing:
            raise SheetRejected({"file": [f"缺少列：{'、'.join(missing)}。请使用导出的表格或导入模板。"]})
        result = []
        try:
            for number, row in enumerate(rows, start=2):
                cells = {name: (row[index] if index < len(row) else None) for name, index in positions.items()}
                if all(cell_text(value) == "" for value in cells.values()):
                    continue
                if len(result) >= MAX_ROWS:
                    raise SheetRejected({"file": [f"一次最多导入{MAX_ROWS}行。"]})
                result.append((number, cells))
        except SheetRejected:
            raise
        except Exception:
            raise SheetRejected({"file": ["不是有效的 .xlsx 文件。"]}) from None
        return result
    finally:
        workbook.close()


# --- writing workbooks -------------------------------------------------------------------------


def _workbook(title: str, columns, rows: list[list], notes: list[tuple[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if cell.data_type == "f":
                cell.data_type = "s"  # a text beginning with "=" stays text, never a formula
            if column.text:
                cell.number_format = "@"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列", "填写说明"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in notes:
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _labels(choices) -> str:
    return "、".join(label for _, label in choices.choices)


def _merge(errors: dict, more: dict) -> dict:
    for name, messages in more.items():
        for message in messages:
            if message not in errors.setdefault(name, []):
                errors[name].append(message)
    return errors
