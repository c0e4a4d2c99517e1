"""Rendering an issued document: its Word template filled in (docxtpl), and a PDF of that .docx.

The PDF is laid out from the filled-in .docx (paragraphs with their alignment and size, and
tables), so both say the same and an administrator's edit of the template reaches both. It is set
in Noto Sans CJK SC Regular, taken from the noto-cjk-sans-otc package that
`pip install -r requirements.lock` installs (SIL Open Font License), and embedded as a subset of
the characters the document uses: the PDF shows Chinese on any machine, with no system font.

The collection's faces have PostScript (CFF) outlines; the subset is built with TrueType ones
(see embeddable_font), so extraction, search and copying see the text exactly.
"""

import io
import tempfile
import threading
from functools import cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align

FONT_FAMILY = "NotoSansCJKsc"
SC_FACE = "Noto Sans CJK SC"
# Quadratic curves within this many font units of the cubic ones (otf2ttf's default: 1 of 1000).
CURVE_TOLERANCE = 1.0
# Always in the subset, whatever the document holds: the text a table or wrap may add.
BASE_CHARACTERS = "".join(chr(code) for code in range(0x20, 0x7F)) + "\u3000（）〔〕：；，。、“”"
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
def cjk_font_face() -> tuple[str, int]:
    """The collection file of noto-cjk-sans-otc and the number of its Simplified Chinese face."""
    import noto_cjk_sans_otc

    path = str(noto_cjk_sans_otc.FONT_PATH)
    for number in range(64):
        font = TTFont(path, fontNumber=number, lazy=True)
        if font["name"].getDebugName(4) == SC_FACE:
            return path, number
    raise LookupError(f"{SC_FACE} is not in {path}")


class _Source:
    """The SC face, opened once per process (lazily: only the glyphs drawn are ever decoded), and
    the TrueType outlines made of its glyphs so far. Cutting the 19 MB collection down again for
    every document took a second of CPU; building the subset from these takes milliseconds."""

    def __init__(self):
        path, number = cjk_font_face()
        self.font = TTFont(path, fontNumber=number, lazy=True)
        self.cmap = self.font.getBestCmap()
        self.glyph_set = self.font.getGlyphSet()
        self.metrics = self.font["hmtx"].metrics
        # Grows with the distinct characters documents use (a few thousand: a few MB at most).
        self.outlines: dict[str, RecordingPen] = {}
        self.lock = threading.Lock()  # the lazily read font is not safe to share between threads

    def outline(self, name: str) -> RecordingPen:
        if name not in self.outlines:
            recording = RecordingPen()
            # Cubic curves approximated by quadratic ones, as fontTools' otf2ttf does.
            self.glyph_set[name].draw(Cu2QuPen(recording, CURVE_TOLERANCE, reverse_direction=True))
            self.outlines[name] = recording
        return self.outlines[name]


@cache
def _source() -> _Source:
    return _Source()


def _glyph(recording: RecordingPen):
    pen = TTGlyphPen(None)
    recording.replay(pen)
    return pen.glyph()


def embeddable_font(characters: str) -> bytes:
    """Noto Sans CJK SC cut down to `characters` (and .notdef), with TrueType outlines.

    Embedded with PostScript outlines, text extractors that ignore the CID encoding (pypdf) read
    the 文号 with a space between every character; with TrueType ones they read it exactly."""
    source = _source()
    mapping: dict[int, str] = {}
    names = [".notdef"]
    with source.lock:
        for character in sorted(set(BASE_CHARACTERS + characters)):
            name = source.cmap.get(ord(character))
            if name is None:
                continue  # not in the font: fpdf2 leaves it out and logs it
            mapping[ord(character)] = name
            if name not in names:
                names.append(name)
        glyphs = {name: _glyph(source.outline(name)) for name in names}
        metrics = {name: source.metrics[name] for name in names}
        master = source.font
        os2, hhea = master["OS/2"], master["hhea"]
        units_per_em = master["head"].unitsPerEm
        names_table = master["name"]
    builder = FontBuilder(units_per_em, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupNameTable(
        {
            "familyName": names_table.getDebugName(1) or SC_FACE,
            "styleName": names_table.getDebugName(2) or "Regular",
            "psName": names_table.getDebugName(6) or "NotoSansCJKsc-Regular",
            "copyright": names_table.getDebugName(0) or "",
            "licenseDescription": names_table.getDebugName(13) or "SIL Open Font License 1.1",
        }
    )
    builder.setupOS2(
        usWeightClass=os2.usWeightClass,
        fsType=os2.fsType,
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        sxHeight=getattr(os2, "sxHeight", 0),
        sCapHeight=getattr(os2, "sCapHeight", 0),
        achVendID=os2.achVendID,
    )
    builder.setupPost()
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


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
        # A first-line indent (two characters in 公文): the text flows on from the indented start
        # and wraps back to the margin.
        pdf.set_x(pdf.l_margin + indent.mm)
        pdf.write(height, text)
        pdf.ln(height)
        return
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


def _characters(document) -> str:
    text = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        text += [cell.text for row in table.rows for cell in row.cells]
    return "".join(sorted(set("".join(text))))


def _length_mm(length, fallback: float) -> float:
    return length.mm if length is not None else fallback


def render_pdf(docx_bytes: bytes, *, title: str = "", font: bytes | None = None) -> bytes:
    """The PDF of a filled-in .docx. `font`: TrueType bytes to set it in instead (tests use a font
    without Chinese to show what missing glyphs look like)."""
    document = Document(io.BytesIO(docx_bytes))
    section = document.sections[0]
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("casemgmt")
    pdf.set_margins(
        _length_mm(section.left_margin, 25), _length_mm(section.top_margin, 25), _length_mm(section.right_margin, 25)
    )
    pdf.set_auto_page_break(True, margin=_length_mm(section.bottom_margin, 25))
    with tempfile.NamedTemporaryFile(suffix=".ttf") as font_file:  # fpdf2 reads fonts from files only
        font_file.write(font if font is not None else embeddable_font(_characters(document)))
        font_file.flush()
        pdf.add_font(FONT_FAMILY, fname=font_file.name)
        pdf.add_page()
        for block in _blocks(document):
            if isinstance(block, Table):
                _table(pdf, block)
            else:
                _paragraph(pdf, block)
        return bytes(pdf.output())
