from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Department, Jurisdiction, User


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "abbreviation", "review_body", "court"]


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "jurisdiction", "department", "is_active"]
    list_filter = ["role", "jurisdiction", "is_active"]
    fieldsets = UserAdmin.fieldsets + (
        ("岗位", {"fields": ["full_name", "role", "jurisdiction", "department", "certificate_number", "phone"]}),
    )
