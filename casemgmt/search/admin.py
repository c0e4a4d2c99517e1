from django.contrib import admin

from .models import IndexedDocument


@admin.register(IndexedDocument)
class IndexedDocumentAdmin(admin.ModelAdmin):
    """Read-only: the index is written by indexing tasks and `manage.py search_rebuild` only."""

    list_display = ["doc_type", "object_id", "title", "state_label", "jurisdiction", "date", "indexed_at"]
    list_filter = ["doc_type", "jurisdiction"]
    search_fields = ["title"]
    exclude = ["title_norm", "body_norm"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
