"""The monthly report's workbook (.xlsx, openpyxl): the requester's dashboard for one month and
county, sheet by sheet. `build_workbook` reports each finished step to `progress`, which the task
records so the page shows how far it has come."""

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .presentation import SHORT_FINDINGS
from .selectors import Dashboard

TITLE = "晋城市知识产权保护工作月度报表"
BOLD = Font(bold=True)


def _ratio(value: float | None):
    return "—" if value is None else round(value, 4)


def _days(value: float | None):
    return "—" if value is None else round(value, 1)


def overview_figures(board: Dashboard) -> list[tuple[str, object]]:
    """The overview's (label, value) pairs, as the workbook's first sheet and the PDF show them."""
    figures = []
    if board.fines is not None:
        figures += [
            ("作出处罚决定的案件（件）", board.fines.decisions.value),
            ("罚款金额（元）", Decimal(board.fines.imposed)),
            ("缴纳罚没款的案件（件）", board.fines.paying_cases.value),
            ("已缴罚没款（元）", Decimal(board.fines.collected)),
        ]
    if board.mediation is not None:
        figures += [
            ("调解结束（件）", board.mediation.concluded.value),
            ("调解成功（件）", board.mediation.succeeded.value),
            ("调解成功率", _ratio(board.mediation.rate)),
        ]
    if board.publications is not None:
        figures += [
            ("公示（件）", board.publications.published.value),
            ("20个工作日内公示（件）", board.publications.in_time.value),
            ("按时公示率", _ratio(board.publications.rate)),
        ]
    if board.listed is not None:
        figures.append(("列入严重违法失信名单（条）", board.listed.value))
    if board.findings is not None:
        figures.append(("发现问题的双随机抽查任务（个）", board.findings.value))
    return figures


ROW_LABELS = ("新收", "办结", "平均办理天数", "有法定时限的办结", "法定时限内办结", "时限内办结率", "当前逾期")


def row_values(rf) -> list:
    """A workflow's figures in the order of ROW_LABELS (the workbook's row, the PDF's table)."""
    return [
        rf.new.value,
        rf.closed.value,
        _days(rf.avg_days),
        rf.limited.value if rf.limited else "—",
        rf.within_limit.value if rf.within_limit else "—",
        _ratio(rf.within_share) if rf.limited else "—",
        rf.overdue.value,
    ]


def _header(sheet, *labels) -> None:
    sheet.append(list(labels))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _overview(book: Workbook, board: Dashboard, place: str) -> None:
    sheet = book.active
    sheet.title = "概况"
    sheet.append([f"{TITLE}（{board.period.label}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["统计期间", f"{board.period.first:%Y-%m-%d} 至 {board.period.last:%Y-%m-%d}"])
    sheet.append(["区划", place])
    sheet.append(["生成时间", f"{timezone.localtime():%Y-%m-%d %H:%M}"])
    sheet.append([])
    _header(sheet, "指标", "数值")
    for label, value in overview_figures(board):
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 26
    for row in sheet.iter_rows(min_row=7):
        if isinstance(row[1].value, Decimal):
            row[1].number_format = "#,##0.00"
        elif isinstance(row[1].value, float):
            row[1].number_format = "0.0%"


def _rows(book: Workbook, board: Dashboard) -> None:
    sheet = book.create_sheet("各项业务")
    _header(sheet, "业务", *ROW_LABELS)
    for rf in board.rows:
        sheet.append([rf.row.label, *row_values(rf)])
        if isinstance(sheet.cell(sheet.max_row, 7).value, float):
            sheet.cell(sheet.max_row, 7).number_format = "0.0%"
    sheet.column_dimensions["A"].width = 24


def _counties(book: Workbook, board: Dashboard) -> None:
    sheet = book.create_sheet("分区划")
    if not board.counties:
        sheet.append(["本报表只含一个区划。"])
        return
    labels = [rf.row.label for rf in board.rows]
    _header(sheet, "区划", *[f"{label}（新收/办结/逾期）" for label in labels])
    for jurisdiction, cells in board.counties:
        values = ["/".join(str(figure.value) for figure in cells[rf.row.key]) for rf in board.rows]
        sheet.append([jurisdiction.name, *values])
    sheet.column_dimensions["A"].width = 20


def _findings(book: Workbook, board: Dashboard) -> None:
    sheet = book.create_sheet("抽查发现")
    _header(sheet, "检查结果", "抽查任务（个）")
    for label, figure in board.findings_by_kind:
        sheet.append([SHORT_FINDINGS.get(label, label), figure.value])
    sheet.column_dimensions["A"].width = 24


STEPS = 4  # the sheets; the figures themselves are step 0


def build_workbook(board: Dashboard, place: str, progress=lambda: None) -> bytes:
    book = Workbook()
    _overview(book, board, place)
    progress()
    _rows(book, board)
    progress()
    _counties(book, board)
    progress()
    _findings(book, board)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(vertical="center")
    buffer = io.BytesIO()
    book.save(buffer)
    progress()
    return buffer.getvalue()
