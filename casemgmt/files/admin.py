from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from casemgmt.workflow.admin import ReadOnlyAdmin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Read-only: files are evidence. The stored path is not shown; downloads go through the API,
    which checks the hash and the viewer's right to see the owner."""

    list_display = ["original_name", "kind", "content_type", "object_id", "size", "mime_type", "uploaded_at"]
    list_filter = ["kind", "content_type", "mime_type"]
    search_fields = ["original_name", "sha256"]
    date_hierarchy = "uploaded_at"
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description="下载")
    def download(self, attachment):
        return format_html('<a href="{}">下载（校验后）</a>', reverse("attachment-download", args=[attachment.pk]))
