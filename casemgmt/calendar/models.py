from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .counting import Rule


class CalendarDay(models.Model):
    """An administrator's ruling on one date; overrides the chinesecalendar package."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日", help_text="勾选表示上班（含调休上班日）；不勾选表示放假或休息。")
    name = models.CharField("名称", max_length=60, blank=True, help_text="例如：国庆节、春节调休上班。")
    note = models.CharField("备注", max_length=200, blank=True, help_text="例如：国务院办公厅通知文号。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日历日（节假日/调休）"
        verbose_name_plural = "日历日（节假日/调休）"
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "上班" if self.is_workday else "休息"
        return f"{self.date:%Y-%m-%d} {self.name or kind}"


class HolidayNotice(models.Model):
    """The State Council's holiday notice for a year (国务院办公厅关于某年部分节假日安排的通知), as an
    administrator entered it: its holidays and make-up working days are the year's calendar, and
    deadlines in the year are no longer provisional."""

    year = models.PositiveIntegerField("年份", unique=True)
    number = models.CharField("通知文号", max_length=60, blank=True, help_text="例如：国办发明电〔2026〕7号。")
    issued_on = models.DateField("发布日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "国务院放假安排通知"
        verbose_name_plural = "国务院放假安排通知"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年放假安排" + (f"（{self.number}）" if self.number else "")


class NoticeHoliday(models.Model):
    """One holiday of a notice: `first` to `last`, both inclusive, are rest days."""

    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField("节日", max_length=30, help_text="例如：春节。")
    first = models.DateField("放假起始日")
    last = models.DateField("放假结束日（含）")

    class Meta:
        verbose_name = "放假安排"
        verbose_name_plural = "放假安排"
        ordering = ["first", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.first:%Y-%m-%d}—{self.last:%Y-%m-%d}"


class NoticeWorkday(models.Model):
    """A make-up working day (调休上班) of a notice, usually a Saturday or Sunday."""

    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="workdays")
    date = models.DateField("上班日期")
    name = models.CharField("说明", max_length=30, blank=True, help_text="例如：春节调休上班。")

    class Meta:
        verbose_name = "调休上班日"
        verbose_name_plural = "调休上班日"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name or '调休上班'}"


class Deadline(models.Model):
    """A legal time limit attached to any object. `due`, `due_at`, `provisional`,
    `suspended_days`, `extended_to` and the open/overdue status are derived: only
    services.deadline_recompute writes them (and the object's `mirror_field`, a copy of `due`
    the object keeps for its own rules and pages).

    A limit in hours runs from `start_at` to `due_at`; `start` and `due` are their local dates."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        MET = "met", "已完成"
        OVERDUE = "overdue", "已逾期"
        CANCELLED = "cancelled", "已撤销"
        # A party's own period (party_period) that ran out: the party's right lapsed, nobody is late.
        LAPSED = "lapsed", "已届满"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    # Copied from the object so lists can be scoped without loading each object.
    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", verbose_name="区划", null=True, blank=True, on_delete=models.PROTECT
    )

    kind = models.CharField("类型", max_length=60)
    label = models.CharField("名称", max_length=120)
    legal_basis = models.TextField("法律依据", blank=True)
    start = models.DateField("起算日")
    start_at = models.DateTimeField("起算时间", null=True, blank=True)
    rule = models.CharField("计算方式", max_length=20, choices=Rule.choices)
    amount = models.PositiveIntegerField("期限")
    # The date field that keeps a copy of `due`: on the object itself, or on `mirror_type` /
    # `mirror_id` when another object keeps it (a decision's payment_due for a case's limit).
    mirror_field = models.CharField("同步字段", max_length=60, blank=True)
    mirror_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    mirror_id = models.PositiveBigIntegerField(null=True, blank=True)

    due = models.DateField("届满日", db_index=True)
    due_at = models.DateTimeField("届满时间", null=True, blank=True)
    suspended_days = models.PositiveIntegerField("中止天数", default=0)
    suspended_since = models.DateField("中止自", null=True, blank=True)
    extended_to = models.DateField("延长至", null=True, blank=True)
    provisional = models.BooleanField("暂定", default=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)

    # The period is the party's (to make a statement, apply for review, sue, answer), not a limit
    # the authority must meet: once it runs out it is LAPSED, never overdue, and counts against nobody.
    party_period = models.BooleanField("当事人的期间", default=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
    )
    met_at = models.DateField("完成日期", null=True, blank=True)
    met_time = models.DateTimeField("完成时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    cancel_reason = models.TextField("撤销理由", blank=True)
    due_soon_notified_at = models.DateTimeField("到期提醒时间", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("逾期提醒时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["status", "due"]),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.due_text}）"

    @property
    def in_hours(self) -> bool:
        return self.rule == Rule.HOURS

    @property
    def due_text(self) -> str:
        """The due date, or for an hour limit the due moment, as people read it."""
        if self.due_at is not None:
            return f"{timezone.localtime(self.due_at):%Y-%m-%d %H:%M}"
        return f"{self.due:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_since is not None and self.is_active

    @property
    def met_late(self) -> bool:
        if self.due_at is not None and self.met_time is not None:
            return self.met_time > self.due_at
        return self.met_at is not None and self.met_at > self.due


class DeadlineSuspension(models.Model):
    """Days from `start` to `end` (both inclusive) are not counted; no `end` means the clock is stopped."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateField("中止起始日")
    end = models.DateField("中止结束日（含）", null=True, blank=True)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="恢复登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "期限中止"
        verbose_name_plural = "期限中止"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        end = f"{self.end:%Y-%m-%d}" if self.end else "至今"
        return f"{self.start:%Y-%m-%d}—{end}"


class DeadlineExtension(models.Model):
    """An approved extension: the limit runs on from the previous due date by `amount` units of `rule`."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    amount = models.PositiveIntegerField("延长期限")
    rule = models.CharField("计算方式", max_length=20, choices=Rule.choices)
    reason = models.TextField("理由")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("批准时间", default=timezone.now)

    class Meta:
        verbose_name = "期限延长"
        verbose_name_plural = "期限延长"
        ordering = ["approved_at", "id"]

    def __str__(self) -> str:
        return f"+{self.amount}{self.get_rule_display()}"
