from django.contrib import admin, messages

from casemgmt.workflow.admin import ReadOnlyAdmin

from .deliveries import redeliveries_requeue
from .models import EffectDone, PeriodicRun, SchedulerStart, TaskOutbox, TaskRedelivery


@admin.register(TaskOutbox)
class TaskOutboxAdmin(ReadOnlyAdmin):
    """Tasks not yet sent to the broker; rows with attempts show why."""

    list_display = ("task", "queued_at", "available_at", "attempts", "last_error")


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ("task", "last_started_at", "last_succeeded_at", "last_failed_at", "last_duration")


@admin.register(SchedulerStart)
class SchedulerStartAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "hostname")


@admin.register(EffectDone)
class EffectDoneAdmin(ReadOnlyAdmin):
    """Effects outside the database (mails) already done, so a redelivered task skips them."""

    list_display = ("key", "done_at")


@admin.register(TaskRedelivery)
class TaskRedeliveryAdmin(ReadOnlyAdmin):
    """Tasks delivered again after their worker died; those set aside wait for an administrator."""

    list_display = ("task", "task_id", "deliveries", "last_redelivered_at", "set_aside_at", "requeued_at")
    list_filter = ("task",)
    actions = ["requeue"]

    @admin.action(description="重新排队所选的已搁置任务（确认原因已排除后）", permissions=["requeue"])
    def requeue(self, request, queryset):
        queued = redeliveries_requeue(queryset)
        for row in queued:
            self.log_change(request, row, "重新排队")
        self.message_user(request, f"已重新排队 {len(queued)} 个任务。", messages.SUCCESS)

    def has_requeue_permission(self, request) -> bool:
        return request.user.has_perm("jobs.change_taskredelivery")
