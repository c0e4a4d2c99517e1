from django.contrib import admin

from casemgmt.workflow.admin import WorkflowAdmin

from .models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase, MediationSession


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(WorkflowAdmin):
    list_display = ["tracking_code", "title", "state", "jurisdiction", "handler", "created_at"]
    list_filter = ["state", "jurisdiction", "ip_type", "assistance_type"]
    search_fields = ["tracking_code", "title", "applicant__name", "respondent__name"]
    raw_id_fields = ["applicant", "respondent", "handler"]


@admin.register(EnforcementReferral)
class EnforcementReferralAdmin(WorkflowAdmin):
    list_display = ["assistance_request", "target", "state", "jurisdiction", "created_at"]
    list_filter = ["state", "target", "jurisdiction"]
    raw_id_fields = ["assistance_request", "received_by"]


class MediationSessionInline(admin.TabularInline):
    model = MediationSession
    extra = 0
    fields = ["starts_at", "ends_at", "mediator", "place", "cancelled_at", "recorded_by", "recorded_at"]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # sessions are booked through the API, which checks double-booking

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MediationCase)
class MediationCaseAdmin(WorkflowAdmin):
    list_display = ["__str__", "source", "state", "jurisdiction", "mediator", "court_case_number", "created_at"]
    list_filter = ["state", "source", "jurisdiction", "ip_type"]
    search_fields = ["title", "applicant__name", "respondent__name", "court_case_number", "confirmation_case_number"]
    raw_id_fields = ["applicant", "respondent", "mediator", "assistance_request"]
    inlines = [MediationSessionInline]


@admin.register(ArbitrationReferral)
class ArbitrationReferralAdmin(WorkflowAdmin):
    list_display = ["__str__", "kind", "receiving_body", "state", "jurisdiction", "created_at"]
    list_filter = ["state", "kind", "jurisdiction"]
    search_fields = ["title", "applicant__name", "respondent__name", "receiving_case_number"]
    raw_id_fields = ["applicant", "respondent", "handler", "mediation"]
