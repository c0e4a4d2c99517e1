from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import document_visible_to


@login_required
@require_safe
def document_print(request, pk: int):
    """The issued document as frozen at issue time, laid out for A4 printing."""
    document = document_visible_to(request.user, pk)
    if document is None:
        raise Http404
    return render(request, "documents/print.html", {"document": document})
