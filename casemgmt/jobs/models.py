"""Background work the database answers for: tasks waiting to be sent to the broker, when each
periodic job last ran, and the long jobs people wait for (with their progress)."""

import uuid

from django.conf import settings
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


def long_job_upload_to(instance, filename: str) -> str:
    """Each kind of long job keeps its files in its own folder (a report's under reports/)."""
    from django.utils import timezone

    return f"{instance.upload_dir}/{timezone.localdate():%Y/%m}/{filename}"


class LongJob(models.Model):
    """What every long job shares (issue 15 item 4: the monthly report, a bulk export, a document
    batch): who asked, how far the task has come (steps done of steps total), and the file it
    produced with its SHA-256. A job is its requester's alone: it holds what they may see.

    Concrete jobs name their `job_kind` (the key of the one polling endpoint,
    web:job-progress) and their pages; the steps are recorded by casemgmt.jobs.progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "生成失败"

    job_kind = ""
    upload_dir = "jobs"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveIntegerField("已完成步骤", default=0)
    steps_total = models.PositiveIntegerField("总步骤", default=0)
    file = models.FileField("文件", upload_to=long_job_upload_to, blank=True, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, round(100 * self.steps_done / self.steps_total)) if self.steps_total else 0

    def get_absolute_url(self) -> str:
        raise NotImplementedError

    def downloads(self) -> list[tuple[str, str]]:
        """(label, url) of the files the finished job offers."""
        raise NotImplementedError

    def progress_url(self) -> str:
        from django.urls import reverse

        return reverse("web:job-progress", kwargs={"kind": self.job_kind, "pk": self.pk})


class FileJob(LongJob):
    """A long job that makes one file from a staff list: a bulk Excel export of a large result,
    or a batch of documents issued for selected cases (a ZIP of their PDFs). `params` keeps what
    the task recomputes the rows from (the list's filters, the chosen ids) — never the rows
    themselves, which the task reads through the requester's selector when it runs."""

    class Kind(models.TextChoices):
        EXPORT = "export", "Excel 导出"
        DOCUMENTS = "documents", "文书批量制发"

    job_kind = "file"

    kind = models.CharField("种类", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)

    class Meta(LongJob.Meta):
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:job", kwargs={"pk": self.pk})

    def downloads(self) -> list[tuple[str, str]]:
        from django.urls import reverse

        suffix = self.filename.rsplit(".", 1)[-1] if "." in self.filename else ""
        return [(f"下载（.{suffix}）" if suffix else "下载", reverse("web:job-download", kwargs={"pk": self.pk}))]


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


class TaskRedelivery(models.Model):
    """A task the broker delivered again because its worker died under it (late acks), counted by
    its Celery id (casemgmt.jobs.deliveries). Past CELERY_TASK_MAX_REDELIVERIES it is set aside
    instead of run, so a task that kills its worker every time cannot do so forever; /healthz
    turns degraded and an administrator queues it again once the cause is fixed."""

    task_id = models.CharField("任务编号", max_length=255, unique=True)
    task = models.CharField("任务", max_length=200)
    args = models.JSONField("位置参数", default=list)
    kwargs = models.JSONField("关键字参数", default=dict)
    deliveries = models.PositiveIntegerField("重复投递次数", default=0)
    first_redelivered_at = models.DateTimeField("首次重复投递")
    last_redelivered_at = models.DateTimeField("最近重复投递")
    set_aside_at = models.DateTimeField("搁置时间", null=True, blank=True)
    requeued_at = models.DateTimeField("重新排队时间", null=True, blank=True)

    class Meta:
        verbose_name = "重复投递的任务"
        verbose_name_plural = "重复投递的任务"
        indexes = [models.Index(fields=["set_aside_at"], name="jobs_redelivery_set_aside")]

    def __str__(self) -> str:
        return f"{self.task}[{self.task_id}]"

    @property
    def waiting_for_an_administrator(self) -> bool:
        return self.set_aside_at is not None and self.requeued_at is None
