from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin

from .models import OfficialDocument


@admin.register(OfficialDocument)
class OfficialDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "content_type", "object_id", "created_at", "created_by"]
    list_filter = ["kind", "content_type"]
