from django.contrib import admin

from casemgmt.privacy import RedactedAdminMixin

from .models import IndexedDocument, IndexOutbox, IndexRebuild


class ReadOnlyAdmin(RedactedAdminMixin, admin.ModelAdmin):
    """The index and its bookkeeping are written by the search services only. The indexed text
    holds the records' personal data: masked for users who may not see it (casemgmt.privacy)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndexedDocument)
class IndexedDocumentAdmin(ReadOnlyAdmin):
    """Read-only: the index is written by indexing tasks and `manage.py search_rebuild` only."""

    list_display = ["doc_type", "object_id", "title", "state_label", "jurisdiction", "date", "indexed_at"]
    list_filter = ["doc_type", "jurisdiction"]
    search_fields = ["title"]
    exclude = ["title_norm", "body_norm"]


@admin.register(IndexOutbox)
class IndexOutboxAdmin(ReadOnlyAdmin):
    """Changes not yet in the index; rows with attempts show what the engine refused and why."""

    list_display = ["doc_type", "object_id", "queued_at", "available_at", "attempts", "claimed_until"]
    list_filter = ["doc_type"]
    readonly_fields = ["last_error"]


@admin.register(IndexRebuild)
class IndexRebuildAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "types", "documents", "succeeded", "running"]
