"""Text of uploaded documents (PDF, Word, plain text), for full-text search.

Extraction never refuses or fails an upload: a document whose text cannot be read (scanned
images, damaged or encrypted files) is stored all the same and simply adds no text.
"""

import io
import logging

from . import sniffing

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
EXTRACTABLE = (sniffing.PDF, sniffing.DOCX, sniffing.TEXT)


def extract_text(data: bytes, file_type: sniffing.FileType) -> str:
    if file_type not in EXTRACTABLE:
        return ""
    try:
        if file_type is sniffing.PDF:
            text = _pdf_text(data)
        elif file_type is sniffing.DOCX:
            text = _docx_text(data)
        else:
            text = _plain_text(data)
    except Exception:  # any unreadable document: keep the file, index nothing from it
        logger.info("no text extracted from a %s upload", file_type.key, exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_TEXT_CHARS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for page in reader.pages:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""
