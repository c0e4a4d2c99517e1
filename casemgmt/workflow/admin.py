"""The admin shows workflow objects, their records and their history; it never writes them.

Every write to a case, a child record, a party, a number or a log goes through the services
(the transition service or the audited door), which lock, check permission, validate and append
one history row with the reason. An admin form would bypass all of that, so these admins are
view-only: no add, no change, no delete, for superusers too. (Django still lets a user with the
view or change permission open the change page; it renders read-only and refuses a POST.)
Configuration (users, departments, jurisdictions, the working-day calendar) stays editable in
the apps' own admins."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from casemgmt.privacy import RedactedAdminMixin

from .models import TransitionLog
from .selectors import history_of


class ReadOnlyAdmin(RedactedAdminMixin, admin.ModelAdmin):
    """View-only: lists, search, filters and a read-only detail page; nothing is written here.
    Personal data on these pages is masked for users who may not see it (casemgmt.privacy)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A view-only list of child records on a view-only page."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _history_rows(obj) -> list[tuple]:
    rows = []
    for log in history_of(obj):
        changes = "；".join(f"{c.get('label') or c.get('field')}：{c.get('old')} → {c.get('new')}" for c in log.changes)
        rows.append(
            (
                log.at.strftime("%Y-%m-%d %H:%M"),
                log.transition_label or log.transition,
                log.source or "—",
                log.target or "—",
                # The actor as recorded at the time, not the user's name today.
                log.actor_display,
                log.reason,
                f"（{changes}）" if changes else "",
            )
        )
    return rows


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "transition_label", "source", "target", "actor_shown"]
    list_filter = ["content_type", "transition", "actor_role"]
    search_fields = ["reason", "actor_username", "actor_name", "system_rule", "transition_label"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    readonly_fields = ["actor_shown"]

    @admin.display(description="操作人（记录时）", ordering="actor_name")
    def actor_shown(self, log) -> str:
        return log.actor_display


class WorkflowAdmin(ReadOnlyAdmin):
    """Admin of a workflow model: the object, its state and its history are shown, never edited
    (state changes go through the transition service, other writes through the audited door
    with a reason, on the staff UI or the API); objects are never added or deleted here."""

    readonly_fields = ["state", "created_by", "created_at", "updated_at", "transition_history"]

    @admin.display(description="流转记录")
    def transition_history(self, obj):
        html = format_html_join("\n", "<div>{} {}：{} → {}（{}）{}{}</div>", _history_rows(obj))
        return html or format_html("{}", "—")
