"""View-only admin of agency supervision (双随机、一公开): the two directories (agencies, inspectors
and their conflicts), inspection items, annual plans, and the spot-check tasks with their targets,
teams, redraws and results. All of them are written through the services (which check the
jurisdiction, the role, the rules of risk classes and filed plans, and log each write with its
reason) or imported from Excel through the API; the admin only shows them (see
casemgmt.workflow.admin)."""

from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin, ReadOnlyInline, WorkflowAdmin

from .models import (
    Agency,
    AnnualPlan,
    InspectionItem,
    Inspector,
    InspectorConflict,
    PlanClassRule,
    SpotCheck,
    SpotCheckTarget,
    TargetResult,
)


class HistoryShown(ReadOnlyAdmin):
    """A directory entry's page lists its history (creations, edits with old → new, imports)."""

    transition_history = WorkflowAdmin.transition_history


@admin.register(Agency)
class AgencyAdmin(HistoryShown):
    list_display = ["name", "credit_code", "kind", "jurisdiction", "status", "risk_class", "last_inspected_on"]
    list_filter = ["jurisdiction", "kind", "status", "risk_class"]
    search_fields = ["name", "credit_code", "licence_number"]
    list_select_related = ["jurisdiction"]
    readonly_fields = ["transition_history"]


class InspectorConflictInline(ReadOnlyInline):
    model = InspectorConflict
    fields = ["agency", "reason", "declared_on", "declared_by"]
    readonly_fields = fields


@admin.register(Inspector)
class InspectorAdmin(HistoryShown):
    list_display = ["__str__", "jurisdiction", "specialities", "active"]
    list_filter = ["jurisdiction", "active"]
    search_fields = ["user__full_name", "user__username", "certificate_number"]
    list_select_related = ["user", "jurisdiction"]
    readonly_fields = ["transition_history"]
    inlines = [InspectorConflictInline]


@admin.register(InspectionItem)
class InspectionItemAdmin(HistoryShown):
    list_display = ["code", "name", "kind", "legal_basis", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "legal_basis"]
    readonly_fields = ["transition_history"]


class PlanClassRuleInline(ReadOnlyInline):
    model = PlanClassRule
    fields = ["risk_class", "ratio", "count"]
    readonly_fields = fields


@admin.register(AnnualPlan)
class AnnualPlanAdmin(HistoryShown):
    list_display = ["title", "year", "jurisdiction", "team_size", "exclude_same_county", "filed_on", "filing_number"]
    list_filter = ["year", "jurisdiction"]
    search_fields = ["title", "filing_number", "filed_with"]
    list_select_related = ["jurisdiction"]
    readonly_fields = ["transition_history"]
    inlines = [PlanClassRuleInline]


class SpotCheckTargetInline(ReadOnlyInline):
    model = SpotCheckTarget
    fields = ["position", "agency", "risk_class", "unstaffed_reason"]
    readonly_fields = fields


@admin.register(SpotCheck)
class SpotCheckAdmin(WorkflowAdmin):
    list_display = ["title", "plan", "state", "jurisdiction", "drawn_at", "published_on"]
    list_filter = ["state", "jurisdiction"]
    search_fields = ["title", "commitment", "seed"]
    list_select_related = ["plan", "jurisdiction"]
    inlines = [SpotCheckTargetInline]


@admin.register(TargetResult)
class TargetResultAdmin(ReadOnlyAdmin):
    list_display = ["target", "finding", "checked_on", "rectification_due", "rectified_on"]
    list_filter = ["finding"]
    search_fields = ["target__agency__name", "target__agency__credit_code"]
    list_select_related = ["target__agency"]
