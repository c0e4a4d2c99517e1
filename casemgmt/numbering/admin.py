from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin

from .models import DocumentSequence, IssuedNumber

# Numbers are taken and voided only through the services, so the admin just shows them.


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    list_display = ["text", "status", "issued_by", "issued_at", "void_reason", "voided_at"]
    list_filter = ["status", "sequence__year", "sequence__doc_type", "sequence__issuer"]
    search_fields = ["text", "void_reason"]
    list_select_related = ["sequence", "issued_by"]


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "issuer", "doc_type", "year", "last_number"]
    list_filter = ["year", "doc_type"]
    search_fields = ["issuer"]
