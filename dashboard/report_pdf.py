"""The monthly report as PDF, the same figures as the workbook (dashboard.report): a title with
the month and the county, the overview, one table per workflow, the counties and the spot-check
findings. Laid out as a .docx (python-docx) and set by the documents app's PDF renderer
(casemgmt.documents.rendering.render_pdf), so it embeds the same Noto Sans CJK subset the official
documents do: Chinese shows on any machine, with no system font."""

import io
from decimal import Decimal

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from casemgmt.documents.rendering import render_pdf

from .presentation import SHORT_FINDINGS
from .report import ROW_LABELS, TITLE, overview_figures, row_values
from .selectors import Dashboard

STEPS = 2  # composing the pages, setting them as PDF


def figure_text(value) -> str:
    """A figure as the PDF prints it: amounts with two decimals, shares as percentages."""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:.1%}"
    return str(value)


def _paragraph(document, text: str, *, size: float = 12, align=None, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold


def _table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=0, cols=len(header))
    for values in [header, *rows]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = figure_text(value)


def report_docx(board: Dashboard, place: str, redact=lambda text: text) -> bytes:
    """The report's pages as a .docx (every text through `redact`, as the workbook's cells are)."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, TITLE, size=18, align=centre, bold=True)
    _paragraph(document, redact(f"{board.period.label} · {place}"), size=14, align=centre)
    _paragraph(document, f"统计期间：{board.period.first:%Y-%m-%d} 至 {board.period.last:%Y-%m-%d}")
    _paragraph(document, f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}")

    _paragraph(document, "一、概况", size=14, bold=True)
    _table(document, ["指标", "数值"], [[label, value] for label, value in overview_figures(board)])

    _paragraph(document, "二、各项业务", size=14, bold=True)
    for rf in board.rows:
        _paragraph(document, rf.row.label, bold=True)
        _table(document, ["指标", "数值"], [list(pair) for pair in zip(ROW_LABELS, row_values(rf), strict=True)])

    _paragraph(document, "三、分区划（新收/办结/逾期）", size=14, bold=True)
    if board.counties:
        rows = [
            [redact(jurisdiction.name), *["/".join(str(f.value) for f in cells[rf.row.key]) for rf in board.rows]]
            for jurisdiction, cells in board.counties
        ]
        _table(document, ["区划", *[rf.row.label for rf in board.rows]], rows)
    else:
        _paragraph(document, "本报表只含一个区划。")

    _paragraph(document, "四、双随机抽查发现", size=14, bold=True)
    _table(
        document,
        ["检查结果", "抽查任务（个）"],
        [[SHORT_FINDINGS.get(label, label), figure.value] for label, figure in board.findings_by_kind],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf(board: Dashboard, place: str, *, redact=lambda text: text, progress=lambda: None) -> bytes:
    docx = report_docx(board, place, redact)
    progress()
    content = render_pdf(docx, title=f"{TITLE}（{board.period.label}，{place}）")
    progress()
    return content
