from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import document_file_visible_to, document_visible_to


@login_required
@require_safe
def document_print(request, pk: int):
    """The issued document as frozen at issue time, laid out for A4 printing."""
    document = document_visible_to(request.user, pk)
    if document is None:
        raise Http404
    return render(request, "documents/print.html", {"document": document})


@login_required
@require_safe
def document_file(request, pk: int, fmt: str):
    """The generated PDF or .docx of an issued document (404 until generated, or when the user
    may not open the case)."""
    file = document_file_visible_to(request.user, pk, fmt)
    if file is None:
        raise Http404
    document = file.document
    response = FileResponse(
        file.file.storage.open(file.file.name, "rb"),
        as_attachment=True,
        filename=f"{document.title}{document.number_text}.{file.format}",
        content_type=file.mime_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = file.sha256
    return response
