"""An issued document's files, memoised by what they are made of when DOCUMENT_RENDER_CACHE_DIR
is set.

Rendering is deterministic: the same template version, values and title make the same document.
The test suite builds the same demo world in many places; it points this at a directory its
workers share, so each distinct document is laid out once per run instead of once per world
(laying out a PDF with its font subset is most of `load_demo`'s time). Production leaves it unset:
its documents are each issued once."""

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from .rendering import render_docx, render_pdf


def _cached(directory: Path, key: str, make) -> bytes:
    path = directory / key
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    content = make()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, delete=False) as part:  # whole files only
        part.write(content)
    os.replace(part.name, path)
    return content


def _made_of(template_content: bytes, values) -> str:
    # Keyed by the inputs, not by a .docx's bytes (a zip carries the moment it was written).
    digest = hashlib.sha256(template_content)
    digest.update(json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder).encode())
    return digest.hexdigest()


def rendered_docx(template_content: bytes, fields: dict) -> bytes:
    directory = settings.DOCUMENT_RENDER_CACHE_DIR
    if not directory:
        return render_docx(template_content, fields)
    key = _made_of(template_content, fields)
    return _cached(Path(directory), f"{key}.docx", lambda: render_docx(template_content, fields))


def rendered_pdf(docx: bytes, *, title: str, template_content: bytes, fields: dict) -> bytes:
    directory = settings.DOCUMENT_RENDER_CACHE_DIR
    if not directory:
        return render_pdf(docx, title=title)
    key = _made_of(template_content, [fields, title])
    return _cached(Path(directory), f"{key}.pdf", lambda: render_pdf(docx, title=title))
