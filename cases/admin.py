from django.contrib import admin

from casemgmt.workflow.admin import WorkflowAdmin

from .models import AssistanceRequest, EnforcementReferral


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
