"""Version 1 of every kind's Word template, built here so a fresh install has one to edit.

Laid out as 党政机关公文 are (GB/T 9704 in spirit): the heading centred, the 文号 under it, body
paragraphs indented two characters, the issuer, seal and date to the right. The placeholders are
docxtpl's ({{ … }} and {%p … %} for paragraph loops); casemgmt.documents.fields lists them.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋"
HEADING_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
HEADING_SIZE = Pt(22)  # 二号


def _paragraph(document, text: str, *, align=None, size=BODY_SIZE, bold=False, font=BODY_FONT, indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = size * 2
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return paragraph


def default_template_docx() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(document, "{%p for line in heading %}")
    _paragraph(document, "{{ line }}", align=centre, size=HEADING_SIZE, bold=True, font=HEADING_FONT)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{{ number }}", align=centre)
    _paragraph(document, "")
    _paragraph(document, "{%p for paragraph in body %}")
    _paragraph(document, "{{ paragraph }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "")
    _paragraph(document, "{{ issuer }}", align=right)
    _paragraph(document, "{%p if seal %}")
    _paragraph(document, "{{ seal }}", align=right)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{{ date }}", align=right)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
