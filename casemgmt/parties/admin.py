from django.contrib import admin

from .models import Party, StaffRelation


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "credit_code", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code", "id_number"]


@admin.register(StaffRelation)
class StaffRelationAdmin(admin.ModelAdmin):
    list_display = ["user", "party", "relation", "declared_at"]
    list_filter = ["relation"]
    search_fields = ["user__username", "user__full_name", "party__name", "party__credit_code"]
    raw_id_fields = ["user", "party"]
