"""Reads of attachments. Who may see an attachment is decided by who may see its owner."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from casemgmt.workflow.registry import get_workflow_type, workflow_type_for

from .models import Attachment


def attachments_for(owner) -> QuerySet:
    """Every attachment of `owner`, oldest first (the caller has checked that it may see the owner)."""
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(owner)), object_id=owner.pk
    ).select_related("uploaded_by", "content_type")


def owner_visible_to(user, model, object_id) -> object | None:
    """The owner object when `user` may see it through its workflow's selector, else None.
    Objects of models outside the workflow registry are never visible here."""
    workflow = workflow_type_for(model)
    if workflow is None:
        return None
    return workflow.selector(user).filter(pk=object_id).first()


def attachments_visible_for_owner(user, owner_type: str, owner_id: int) -> QuerySet | None:
    """Attachments of the workflow object `owner_type` / `owner_id`, or None when the user may not
    see it (or it does not exist: the two look the same)."""
    workflow = get_workflow_type(owner_type)
    if workflow is None:
        return None
    owner = owner_visible_to(user, workflow.model, owner_id)
    return None if owner is None else attachments_for(owner)


def attachment_visible_to(user, pk: int) -> Attachment | None:
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None:
        return None
    model = attachment.content_type.model_class()
    if model is None or owner_visible_to(user, model, attachment.object_id) is None:
        return None
    return attachment
