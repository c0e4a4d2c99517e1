from django.contrib import admin
from django.utils.html import format_html_join

from .models import TransitionLog
from .selectors import history_of


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "transition_label", "source", "target", "actor"]
    list_filter = ["content_type", "transition"]
    search_fields = ["reason", "actor__username"]
    date_hierarchy = "at"


class WorkflowAdmin(admin.ModelAdmin):
    """Admin of a workflow model: the state and its history are shown, never edited here
    (state changes go through the transition service only); objects are never deleted."""

    def get_readonly_fields(self, request, obj=None):
        return ["state", "transition_history", "created_at", "updated_at", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="流转记录")
    def transition_history(self, obj):
        rows = [
            (
                log.at.strftime("%Y-%m-%d %H:%M"),
                log.transition_label or log.transition,
                log.source or "—",
                log.target,
                log.actor.display_name if log.actor else "系统",
                log.reason,
            )
            for log in history_of(obj)
        ]
        return format_html_join("\n", "<div>{} {}：{} → {}（{}）{}</div>", rows) or "—"
