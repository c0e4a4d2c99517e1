import hashlib

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone

from casemgmt.numbering.services import number_allocate

from .models import OfficialDocument
from .registry import get_document_kind


def document_issue(obj, kind: str, *, actor, extra: dict | None = None) -> OfficialDocument:
    """Number (when the kind has a 文号), render and freeze a document. Call inside the transaction
    of the step that issues it, so a rolled-back step issues nothing and consumes no number."""
    spec = get_document_kind(kind)
    number = (
        number_allocate(issuer=spec.issuer(obj), doc_type=spec.doc_type, obj=obj, actor=actor)
        if spec.doc_type
        else None
    )
    issued_on = timezone.localdate()
    html = render_to_string(
        spec.template,
        {
            "obj": obj,
            "number": number.text if number else "",
            "issued_on": issued_on,
            "actor": actor,
            "title": spec.label,
            **(extra or {}),
        },
    )
    return OfficialDocument.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        jurisdiction_id=getattr(obj, "jurisdiction_id", None),
        kind=kind,
        title=spec.label,
        number=number,
        template_version=spec.version,
        html=html,
        sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
        created_by=actor,
    )
