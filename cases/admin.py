from django.contrib import admin

from casemgmt.workflow.admin import WorkflowAdmin

from .models import AssistanceRequest


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(WorkflowAdmin):
    list_display = ["tracking_code", "title", "state", "jurisdiction", "handler", "created_at"]
    list_filter = ["state", "jurisdiction", "ip_type", "assistance_type"]
    search_fields = ["tracking_code", "title", "applicant__name", "respondent__name"]
    raw_id_fields = ["applicant", "respondent", "handler"]
