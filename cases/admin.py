"""View-only admin of the centre's workflows: requests, referrals, mediations and their sessions,
arbitration referrals. Every change goes through the staff UI or the API, which log it with a
reason (see casemgmt.workflow.admin)."""

from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin, ReadOnlyInline, WorkflowAdmin

from .models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase, MediationSession


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(WorkflowAdmin):
    list_display = ["tracking_code", "title", "state", "jurisdiction", "handler", "created_at"]
    list_filter = ["state", "jurisdiction", "ip_type", "assistance_type"]
    search_fields = ["tracking_code", "title", "applicant__name", "respondent__name"]
    list_select_related = ["jurisdiction", "handler"]
    date_hierarchy = "created_at"


@admin.register(EnforcementReferral)
class EnforcementReferralAdmin(WorkflowAdmin):
    list_display = ["assistance_request", "target", "state", "jurisdiction", "created_at"]
    list_filter = ["state", "target", "jurisdiction"]
    search_fields = ["assistance_request__tracking_code", "assistance_request__title"]
    list_select_related = ["assistance_request", "jurisdiction"]


class MediationSessionInline(ReadOnlyInline):
    """Sessions are booked through the API, which checks double-booking of the mediator."""

    model = MediationSession
    fields = ["starts_at", "ends_at", "mediator", "place", "cancelled_at", "recorded_by", "recorded_at"]
    readonly_fields = fields


@admin.register(MediationCase)
class MediationCaseAdmin(WorkflowAdmin):
    list_display = ["__str__", "source", "state", "jurisdiction", "mediator", "court_case_number", "created_at"]
    list_filter = ["state", "source", "jurisdiction", "ip_type"]
    search_fields = ["title", "applicant__name", "respondent__name", "court_case_number", "confirmation_case_number"]
    list_select_related = ["jurisdiction", "mediator"]
    inlines = [MediationSessionInline]


@admin.register(MediationSession)
class MediationSessionAdmin(ReadOnlyAdmin):
    list_display = ["mediation", "starts_at", "ends_at", "mediator", "place", "cancelled_at", "recorded_at"]
    list_filter = ["mediation__jurisdiction"]
    search_fields = ["mediation__title", "place", "mediator__full_name", "mediator__username"]
    list_select_related = ["mediation", "mediator"]
    date_hierarchy = "starts_at"


@admin.register(ArbitrationReferral)
class ArbitrationReferralAdmin(WorkflowAdmin):
    list_display = ["__str__", "kind", "receiving_body", "state", "jurisdiction", "created_at"]
    list_filter = ["state", "kind", "jurisdiction"]
    search_fields = ["title", "applicant__name", "respondent__name", "receiving_case_number"]
    list_select_related = ["jurisdiction"]
