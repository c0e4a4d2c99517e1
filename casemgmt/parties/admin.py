from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin

from .models import Party, StaffRelation


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    """View-only: parties are registered and corrected through /api/parties/ and the staff UI,
    which log each change (old → new) with its reason. A party's identity (kind, name, code) is
    what cases, decisions and the credit list refer to."""

    list_display = ["name", "kind", "credit_code", "created_at", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code", "id_number"]
    date_hierarchy = "created_at"


@admin.register(StaffRelation)
class StaffRelationAdmin(admin.ModelAdmin):
    """Declared relations of staff to parties (grounds for 回避) are entered here by
    administrators: they are declarations about staff, not records of a case."""

    list_display = ["user", "party", "relation", "declared_at"]
    list_filter = ["relation"]
    search_fields = ["user__username", "user__full_name", "party__name", "party__credit_code"]
    raw_id_fields = ["user", "party"]
