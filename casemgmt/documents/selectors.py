from django.contrib.contenttypes.models import ContentType

from casemgmt.workflow.registry import workflow_type_for

from .models import DocumentFile, OfficialDocument


def documents_for(obj):
    return (
        OfficialDocument.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .select_related("number")
        .prefetch_related("files")
    )


def document_visible_to(user, pk: int) -> OfficialDocument | None:
    """The document if the user may open the case it belongs to (else None: answer 404)."""
    document = OfficialDocument.objects.select_related("content_type", "number").filter(pk=pk).first()
    if document is None:
        return None
    workflow = workflow_type_for(document.content_type.model_class())
    if workflow is None or not workflow.selector(user).filter(pk=document.object_id).exists():
        return None
    return document


def document_file_visible_to(user, pk: int, fmt: str) -> DocumentFile | None:
    """The generated file if it exists and the user may open the document's case."""
    document = document_visible_to(user, pk)
    if document is None:
        return None
    return DocumentFile.objects.select_related("document__number").filter(document=document, format=fmt).first()
