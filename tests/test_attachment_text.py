"""Text inside uploaded PDF and Word documents is found by full-text search of the case they
belong to; images add nothing; an unreadable document is still stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from casemgmt.files import sniffing
from casemgmt.files.services import attachment_store
from casemgmt.files.text import extract_text
from casemgmt.org.models import Role
from casemgmt.search.services import search_for_user

from .factories import assistance_request
from .uploads import png_bytes


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose content stream shows `text` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_text_is_read_from_word_and_pdf_and_not_from_images():
    assert "侵权比对表" in extract_text(docx_bytes("附件：侵权比对表", "权利要求1与被控产品逐项比对"), sniffing.DOCX)
    assert "ZL202330456789" in extract_text(pdf_bytes("Patent ZL202330456789 comparison"), sniffing.PDF)
    assert extract_text(png_bytes(), sniffing.PNG) == ""
    assert extract_text(b"%PDF-1.4 broken", sniffing.PDF) == ""


@pytest.mark.django_db
def test_a_case_is_found_by_words_only_in_its_word_attachment(make_user, django_capture_on_commit_callbacks):
    head = make_user(Role.CENTRE_HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        request = assistance_request(title="外观设计专利纠纷", facts="见附件。")
    assert search_for_user(head, q="逐项比对").count == 0
    upload = SimpleUploadedFile("比对表.docx", docx_bytes("权利要求1与被控产品逐项比对，特征完全相同。"))
    with django_capture_on_commit_callbacks(execute=True):
        attachment_store(upload, owner=request, kind="application_material", actor=head)
    hits = search_for_user(head, q="逐项比对").hits
    assert [(hit.type, hit.id) for hit in hits] == [("assistance_request", request.pk)]
    county = make_user(Role.CENTRE_HEAD, "140525")
    assert search_for_user(county, q="逐项比对").count == 0
