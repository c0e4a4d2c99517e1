"""View-only admin of enforcement: cases, their parties, inspections, evidence, measures on items,
penalty decisions and payments. All of them are written through the services (which check the
officers, the states, the limits and 回避, and log each write with its reason); the admin only
shows them (see casemgmt.workflow.admin)."""

from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin, ReadOnlyInline, WorkflowAdmin

from .models import (
    CaseParty,
    EnforcementCase,
    Evidence,
    Inspection,
    InspectionOfficer,
    InspectionPerson,
    PenaltyDecision,
    PenaltyPayment,
    Seizure,
)


class CasePartyInline(ReadOnlyInline):
    """Parties are named through the API/UI, where the case's own rules (and 回避) are checked."""

    model = CaseParty
    fields = ["party", "role", "position"]
    readonly_fields = fields


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(WorkflowAdmin):
    list_display = ["case_number", "title", "procedure", "kind", "state", "jurisdiction", "received_on"]
    list_filter = ["procedure", "state", "kind", "jurisdiction"]
    search_fields = ["case_number", "title", "party_links__party__name", "party_links__party__credit_code"]
    list_select_related = ["jurisdiction"]
    date_hierarchy = "received_on"
    inlines = [CasePartyInline]


class PenaltyPaymentInline(ReadOnlyInline):
    model = PenaltyPayment
    fields = ["amount", "paid_on", "receipt_number", "note", "recorded_by", "created_at"]
    readonly_fields = fields


@admin.register(PenaltyDecision)
class PenaltyDecisionAdmin(ReadOnlyAdmin):
    list_display = ["number_text", "party", "violation_type", "fine_amount", "decided_on", "served_on"]
    list_filter = ["jurisdiction", "warning_only", "must_aggravate"]
    search_fields = ["number_text", "party__name", "party__credit_code"]
    list_select_related = ["party"]
    inlines = [PenaltyPaymentInline]


class InspectionOfficerInline(ReadOnlyInline):
    model = InspectionOfficer
    fields = ["officer", "certificate_number", "position"]
    readonly_fields = fields


class InspectionPersonInline(ReadOnlyInline):
    model = InspectionPerson
    fields = ["name", "role", "title", "position"]  # the ID number is not shown here
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["case", "started_at", "place", "recorded_by", "jurisdiction"]
    list_filter = ["jurisdiction"]
    search_fields = ["case__case_number", "place", "findings"]
    date_hierarchy = "started_at"
    list_select_related = ["case", "recorded_by", "jurisdiction"]
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
    list_select_related = ["case"]
