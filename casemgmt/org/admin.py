from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from knox.models import AuthToken

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


# API tokens: an administrator sees who holds one until when, and may revoke it (delete); nobody
# mints a token here (knox's own admin would, without an expiry).
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "token_key", "created", "expiry"]
    search_fields = ["user__username", "user__full_name"]
    fields = readonly_fields = ["user", "token_key", "created", "expiry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Sign-in records (django-axes): the log of sign-ins and failures is evidence and stays read-only;
# deleting a lockout record (AccessAttempt) is how an administrator lifts a lockout early.
class _ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


for _model, _admin in ((AccessLog, AccessLogAdmin), (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(f"ReadOnly{_admin.__name__}", (_ReadOnly, _admin), {}))

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    def has_change_permission(self, request, obj=None):
        return False
