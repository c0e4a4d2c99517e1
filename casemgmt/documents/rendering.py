"""Rendering an issued document: its Word template filled in (docxtpl), and a PDF of that .docx.

The PDF is laid out from the filled-in .docx (paragraphs with their alignment and size, and
tables), so both say the same and an administrator's edit of the template reaches both. It is set
in Noto Sans SC, taken from the justmytype-intl-cjk package that `pip install -r requirements.lock`
installs, and embedded as a subset: the PDF shows Chinese on any machine, with no system font.
"""

import io
from functools import cache
from importlib.resources import files

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from fpdf import FPDF
from fpdf.enums import Align

FONT_FAMILY = "NotoSansSC"
DEFAULT_SIZE = 12.0
LINE_HEIGHT = 1.6  # × font size, in pt
PT_TO_MM = 25.4 / 72
_ALIGNMENTS = {
    WD_ALIGN_PARAGRAPH.CENTER: Align.C,
    WD_ALIGN_PARAGRAPH.RIGHT: Align.R,
    WD_ALIGN_PARAGRAPH.JUSTIFY: Align.J,
    WD_ALIGN_PARAGRAPH.DISTRIBUTE: Align.J,
}


@cache
def cjk_font_path() -> str:
    """Noto Sans SC (SIL Open Font License 1.1) from the justmytype-intl-cjk package."""
    path = files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf"
    if not path.is_file():
        raise FileNotFoundError(f"CJK font missing: {path} (pip install -r requirements.lock)")
    return str(path)


def render_docx(template_bytes: bytes, fields: dict) -> bytes:
    template = DocxTemplate(io.BytesIO(template_bytes))
    template.render(fields, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _blocks(document):
    """Paragraphs and tables of the body, in document order."""
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _size(paragraph: Paragraph) -> float:
    for run in paragraph.runs:
        if run.font.size:
            return run.font.size.pt
    style_font = paragraph.style.font if paragraph.style is not None else None
    if style_font is not None and style_font.size:
        return style_font.size.pt
    return DEFAULT_SIZE


def _alignment(paragraph: Paragraph):
    alignment = paragraph.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    return _ALIGNMENTS.get(alignment, Align.L)


def _paragraph(pdf: FPDF, paragraph: Paragraph) -> None:
    size = _size(paragraph)
    pdf.set_font(FONT_FAMILY, size=size)
    height = size * LINE_HEIGHT * PT_TO_MM
    text = paragraph.text
    if not text.strip():
        pdf.ln(height)
        return
    indent = paragraph.paragraph_format.first_line_indent
    if indent and indent > 0:
        # A first-line indent of n characters: full-width spaces keep it when the line wraps.
        text = "\u3000" * max(round(indent.pt / size), 1) + text
    pdf.multi_cell(0, height, text, align=_alignment(paragraph), new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(FONT_FAMILY, size=DEFAULT_SIZE)
    with pdf.table(first_row_as_headings=False, line_height=DEFAULT_SIZE * LINE_HEIGHT * PT_TO_MM) as grid:
        for row in table.rows:
            cells = grid.row()
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                    continue
                seen.add(id(cell._tc))
                cells.cell(cell.text)


def render_pdf(docx_bytes: bytes, *, title: str = "") -> bytes:
    document = Document(io.BytesIO(docx_bytes))
    section = document.sections[0]
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("casemgmt")
    margin = lambda length, fallback: length.mm if length is not None else fallback  # noqa: E731
    pdf.set_margins(margin(section.left_margin, 25), margin(section.top_margin, 25), margin(section.right_margin, 25))
    pdf.set_auto_page_break(True, margin=margin(section.bottom_margin, 25))
    pdf.add_font(FONT_FAMILY, fname=cjk_font_path())
    pdf.add_page()
    for block in _blocks(document):
        if isinstance(block, Table):
            _table(pdf, block)
        else:
            _paragraph(pdf, block)
    return bytes(pdf.output())
