from django.contrib import admin

from .models import Party


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "credit_code", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code", "id_number"]
