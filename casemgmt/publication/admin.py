from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin, WorkflowAdmin

from .models import Publication, PublicationVersion


@admin.register(Publication)
class PublicationAdmin(WorkflowAdmin):
    """View-only: the texts are derived by masking and checked before publication, so an edit
    here would break the rule that the published text equals the decision apart from masks."""

    list_display = ["title", "kind", "state", "jurisdiction", "source_date", "public_from", "public_until"]
    list_filter = ["kind", "state", "jurisdiction"]
    search_fields = ["title"]
    date_hierarchy = "source_date"
    list_select_related = ["jurisdiction"]


@admin.register(PublicationVersion)
class PublicationVersionAdmin(ReadOnlyAdmin):
    """Every version the public has read: append-only (the database refuses changes)."""

    list_display = ["publication", "number", "created_by", "created_at"]
    search_fields = ["publication__title"]
    list_select_related = ["publication", "created_by"]
