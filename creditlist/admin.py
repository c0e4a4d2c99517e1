"""Admin of the list. Entries, applications and the partner query log are view-only (written
through the services, each write with its history row); the two catalogues — grounds and joint
measures — are configuration that administrators edit here (never deleted: entries keep
pointing at them; a retired item is switched off instead)."""

from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin, WorkflowAdmin

from .models import CreditEntry, CreditGround, EarlyRemovalApplication, JointMeasure, PartnerQueryLog


class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active", "position"]
    list_filter = ["active"]
    search_fields = ["code", "name", "legal_basis"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []


@admin.register(CreditGround)
class CreditGroundAdmin(CatalogueAdmin):
    list_display = ["code", "name", "listing_years", "auto_rule", "needs_penalty_decision", "active", "position"]


@admin.register(JointMeasure)
class JointMeasureAdmin(CatalogueAdmin):
    list_display = ["code", "name", "applies_by_default", "active", "position"]


@admin.register(CreditEntry)
class CreditEntryAdmin(WorkflowAdmin):
    list_display = ["__str__", "state", "ground", "jurisdiction", "listed_on", "listing_until"]
    list_filter = ["state", "ground", "jurisdiction"]
    search_fields = ["listing_number", "party__name", "party__credit_code"]
    list_select_related = ["party", "ground", "jurisdiction"]


@admin.register(EarlyRemovalApplication)
class EarlyRemovalApplicationAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "applicant_name", "channel", "status", "submitted_at"]
    list_filter = ["status", "channel", "jurisdiction"]
    search_fields = ["tracking_code", "applicant_name"]
    exclude = ["contact_phone"]


@admin.register(PartnerQueryLog)
class PartnerQueryLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "caller_name", "endpoint", "outcome", "result_count"]
    list_filter = ["endpoint", "outcome"]
    search_fields = ["caller_username", "caller_name"]
    date_hierarchy = "at"
