from django.contrib import admin

from casemgmt.workflow.admin import ReadOnlyAdmin

from .models import EffectDone, PeriodicRun, SchedulerStart, TaskOutbox


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
