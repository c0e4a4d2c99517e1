from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin, WorkflowAdmin

from .models import CaseParty, EnforcementCase, PenaltyDecision, PenaltyPayment


class CasePartyInline(admin.TabularInline):
    """Parties are named through the API/UI, where the case's own rules (and 回避) are checked."""

    model = CaseParty
    extra = 0
    can_delete = False
    readonly_fields = ["party", "role", "position"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(WorkflowAdmin):
    list_display = ["case_number", "title", "procedure", "kind", "state", "jurisdiction", "received_on"]
    list_filter = ["procedure", "state", "kind", "jurisdiction"]
    search_fields = ["case_number", "title", "party_links__party__name", "party_links__party__credit_code"]
    inlines = [CasePartyInline]

    def get_readonly_fields(self, request, obj=None):
        # Numbers, teams and links come from the workflow (which checks them); the admin may
        # correct typing, not who handled the case or what it is linked to.
        return [
            *super().get_readonly_fields(request, obj),
            "procedure",
            "case_number",
            "case_number_issued",
            "officers",
            "lead_officer",
            "criminal_team",
            "referral",
            "mediation",
        ]


class PenaltyPaymentInline(admin.TabularInline):
    model = PenaltyPayment
    extra = 0
    can_delete = False
    readonly_fields = ["amount", "paid_on", "receipt_number", "note", "recorded_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PenaltyDecision)
class PenaltyDecisionAdmin(ReadOnlyAdmin):
    list_display = ["number_text", "party", "violation_type", "fine_amount", "decided_on", "served_on"]
    list_filter = ["jurisdiction", "warning_only", "must_aggravate"]
    search_fields = ["number_text", "party__name", "party__credit_code"]
    inlines = [PenaltyPaymentInline]


# Inspections, evidence and measures on items are written through the services (which check the
# officers, the states and the limits); the admin only shows them.
from .models import Evidence, Inspection, InspectionOfficer, InspectionPerson, Seizure  # noqa: E402


class InspectionOfficerInline(admin.TabularInline):
    model = InspectionOfficer
    extra = 0
    can_delete = False
    readonly_fields = ["officer", "certificate_number", "position"]

    def has_add_permission(self, request, obj=None):
        return False


class InspectionPersonInline(admin.TabularInline):
    model = InspectionPerson
    extra = 0
    can_delete = False
    readonly_fields = ["name", "role", "title", "position"]
    exclude = ["id_number"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["case", "started_at", "place", "recorded_by", "jurisdiction"]
    list_filter = ["jurisdiction"]
    search_fields = ["case__case_number", "place", "findings"]
    date_hierarchy = "started_at"
    inlines = [InspectionOfficerInline, InspectionPersonInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "kind", "description", "taken_at", "attachment"]
    list_filter = ["kind"]
    search_fields = ["description", "attachment__sha256", "attachment__original_name"]


@admin.register(Seizure)
class SeizureAdmin(ReadOnlyAdmin):
    list_display = ["case", "measure", "items", "quantity", "decided_on", "emergency", "released_on"]
    list_filter = ["measure", "emergency", "jurisdiction"]
    search_fields = ["case__case_number", "items", "place_kept"]
