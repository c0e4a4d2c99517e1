"""Background work the database answers for: tasks waiting to be sent to the broker, and when
each periodic job last ran."""

import uuid

from django.db import models


class TaskOutbox(models.Model):
    """A task to send to the broker, written in the same transaction as the change that needs it.

    A committed change always leaves its row, a rolled-back one never does; the relay
    (casemgmt.jobs.outbox) sends the row after the commit and, while the broker is down, from the
    beat later. Rows with a `dedupe_key` stand for "run this once more" (say, drain the search
    outbox): a second request while one is queued only renews `generation`, and the relay deletes
    only the generation it sent, so a request arriving mid-send is sent again, never dropped.
    """

    task = models.CharField("任务", max_length=200)
    args = models.JSONField("位置参数", default=list)
    kwargs = models.JSONField("关键字参数", default=dict)
    dedupe_key = models.CharField("合并键", max_length=200, null=True, blank=True, unique=True)
    generation = models.UUIDField("版本", default=uuid.uuid4)
    queued_at = models.DateTimeField("入队时间")
    available_at = models.DateTimeField("可发送时间")
    attempts = models.PositiveIntegerField("发送失败次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    claim = models.UUIDField("发送批次", null=True, blank=True)
    claimed_until = models.DateTimeField("占用至", null=True, blank=True)

    class Meta:
        verbose_name = "待发送任务"
        verbose_name_plural = "待发送任务"
        indexes = [
            models.Index(fields=["available_at"], name="jobs_outbox_available"),
            models.Index(fields=["claim"], name="jobs_outbox_claim"),
        ]

    def __str__(self) -> str:
        return self.task


class PeriodicRun(models.Model):
    """When a periodic task last ran, written by the task itself (casemgmt.jobs.periodic)."""

    task = models.CharField("任务", max_length=200, unique=True)
    last_started_at = models.DateTimeField("最近开始", null=True, blank=True)
    last_succeeded_at = models.DateTimeField("最近成功", null=True, blank=True)
    last_failed_at = models.DateTimeField("最近失败", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    last_duration = models.FloatField("最近用时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"

    def __str__(self) -> str:
        return self.task


class SchedulerStart(models.Model):
    """When `celery beat` last started: a job that has never run is late only once its first
    interval (× the margin) has passed since then."""

    started_at = models.DateTimeField("启动时间")
    hostname = models.CharField("主机", max_length=200, blank=True)

    class Meta:
        verbose_name = "定时调度启动记录"
        verbose_name_plural = "定时调度启动记录"
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.hostname}"


class EffectDone(models.Model):
    """An effect outside the database (a mail sent) that has happened, by its key, so a task run
    again (a redelivery after its worker died) does not do it a second time (casemgmt.jobs.once)."""

    key = models.CharField("键", max_length=200, unique=True)
    done_at = models.DateTimeField("完成时间", auto_now_add=True)

    class Meta:
        verbose_name = "已完成的任务效果"
        verbose_name_plural = "已完成的任务效果"

    def __str__(self) -> str:
        return self.key
