"""Spot-check tasks (抽查任务) and what they hold: the recorded draw, the targets with their
inspection teams, recorded slot redraws, and the results entered by the teams."""

from django.conf import settings
from django.db import models
from django_fsm import FSMField

from casemgmt.workflow.models import WorkflowModel

from .. import workflow as wf
from .choices import Finding, State
from .directory import Agency, Inspector
from .plans import AnnualPlan, InspectionItem
from .transitions import SpotCheckTransitions


class SpotCheck(SpotCheckTransitions, WorkflowModel):
    """双随机抽查任务: a batch drawn from one annual plan.

    The draw is recorded so anyone can re-run it: before the draw the commitment (SHA-256 of the
    seed) and the frozen input lists (canonical JSON and its SHA-256) are stored; the draw reveals
    the seed and stores the output. Once confirmed, none of it changes (a conflict found later is
    handled by a recorded redraw of that one slot)."""

    State = State

    class DrawStatus(models.TextChoices):
        IDLE = "idle", "未抽取"
        RUNNING = "running", "抽取中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    state = FSMField("状态", default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    plan = models.ForeignKey(AnnualPlan, verbose_name="年度计划", on_delete=models.PROTECT, related_name="spot_checks")
    title = models.CharField("任务名称", max_length=200)
    description = models.TextField("说明", blank=True)

    # The recorded draw. The seed is generated when the draw starts and kept sealed (never shown,
    # never in the history) until the draw is recorded; only then is it copied to `seed`.
    commitment = models.CharField("种子承诺值（SHA-256）", max_length=64, blank=True)
    sealed_seed = models.CharField("封存的随机种子（抽取完成前保密）", max_length=64, blank=True, editable=False)
    seed = models.CharField("随机种子（抽取完成后公开）", max_length=64, blank=True)
    algorithm_version = models.CharField("算法版本", max_length=40, blank=True)
    inputs = models.TextField("抽取时固定的输入名单（规范 JSON）", blank=True)
    inputs_hash = models.CharField("输入名单哈希值（SHA-256）", max_length=64, blank=True)
    output = models.TextField("抽取结果（JSON）", blank=True)
    committed_at = models.DateTimeField("承诺时间", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    draw_status = models.CharField("抽取进度状态", max_length=10, choices=DrawStatus.choices, default=DrawStatus.IDLE)
    draw_progress = models.PositiveSmallIntegerField("抽取进度（%）", default=0)
    draw_error = models.TextField("抽取失败原因", blank=True)

    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    inspection_started_on = models.DateField("开始检查日期", null=True, blank=True)
    results_entered_on = models.DateField("结果录入完成日期", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    followed_up_on = models.DateField("后续处置完毕日期", null=True, blank=True)

    class Meta:
        verbose_name = "双随机抽查任务"
        verbose_name_plural = "双随机抽查任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    # The generic object page leaves these out: the sealed seed is secret until the draw is
    # recorded, and the inputs and output are shown (explained) by the task's own page.
    PAGE_HIDDEN_FIELDS = ("sealed_seed", "inputs", "output")

    def get_absolute_url(self) -> str:
        """The task's own page (draw, teams, results), when the staff pages are wired in."""
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("web:supervision-spot-check", args=[self.pk])
        except NoReverseMatch:
            return super().get_absolute_url()

    @property
    def is_drawn(self) -> bool:
        return bool(self.seed)

    @property
    def is_committed(self) -> bool:
        """The inputs are frozen and the commitment recorded (the draw started)."""
        return bool(self.commitment)

    @classmethod
    def mine_filter(cls, user):
        """My tasks: those I registered and those whose teams I serve on."""
        served = TargetInspector.objects.filter(inspector__user=user).values("target__spot_check")
        return models.Q(created_by=user) | models.Q(pk__in=served)

    @property
    def is_public(self) -> bool:
        return self.state in wf.PUBLIC_STATES

    def also_visible_to(self, user) -> bool:
        """An inspector of another county drawn for this task sees it (and may act as its rules say)."""
        return bool(user and user.pk) and self.targets.filter(team__inspector__user_id=user.pk).exists()


class SpotCheckTarget(models.Model):
    """An agency drawn in a task, in draw order, with its team (or why none could be matched)."""

    spot_check = models.ForeignKey(SpotCheck, verbose_name="抽查任务", on_delete=models.PROTECT, related_name="targets")
    agency = models.ForeignKey(Agency, verbose_name="检查对象", on_delete=models.PROTECT, related_name="spot_checks")
    position = models.PositiveIntegerField("抽取顺序")
    risk_class = models.CharField("抽取时的信用风险分类", max_length=1)
    unstaffed_reason = models.CharField("未能派员的原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "抽中对象"
        verbose_name_plural = "抽中对象"
        ordering = ["spot_check", "position"]
        constraints = [models.UniqueConstraint(fields=["spot_check", "agency"], name="agency_once_per_spot_check")]

    def __str__(self) -> str:
        return f"{self.spot_check} · {self.agency}"

    @property
    def inspector_ids(self) -> list[int]:
        return [link.inspector_id for link in self.team.all()]

    @property
    def is_staffed(self) -> bool:
        return not self.unstaffed_reason


class TargetInspector(models.Model):
    """One slot of a target's team."""

    target = models.ForeignKey(SpotCheckTarget, verbose_name="抽中对象", on_delete=models.PROTECT, related_name="team")
    slot = models.PositiveSmallIntegerField("序号")
    inspector = models.ForeignKey(Inspector, verbose_name="检查人员", on_delete=models.PROTECT, related_name="slots")

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        ordering = ["target", "slot"]
        constraints = [models.UniqueConstraint(fields=["target", "slot"], name="one_inspector_per_slot")]

    def __str__(self) -> str:
        return f"{self.target} · 第{self.slot}名：{self.inspector}"


class SlotRedraw(models.Model):
    """A conflict found after confirmation: that one slot is redrawn from the remaining eligible
    inspectors, reproducibly (keyed by the task's seed), and recorded."""

    target = models.ForeignKey(
        SpotCheckTarget, verbose_name="抽中对象", on_delete=models.PROTECT, related_name="redraws"
    )
    slot = models.PositiveSmallIntegerField("序号")
    old_inspector = models.ForeignKey(Inspector, verbose_name="原检查人员", on_delete=models.PROTECT, related_name="+")
    new_inspector = models.ForeignKey(
        Inspector, verbose_name="新检查人员", null=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField("该位置的第几次重抽", default=1)
    reason = models.CharField("回避理由", max_length=300)
    candidates = models.TextField("候选检查人员编号（规范 JSON）", blank=True)
    candidates_hash = models.CharField("候选名单哈希值", max_length=64)
    at = models.DateTimeField("重抽时间", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回避重抽记录"
        verbose_name_plural = "回避重抽记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.target} · 第{self.slot}名第{self.number}次重抽"


class TargetResult(models.Model):
    """检查结果 of one target, entered by its team."""

    Finding = Finding

    target = models.OneToOneField(
        SpotCheckTarget, verbose_name="抽中对象", on_delete=models.PROTECT, related_name="result"
    )
    checked_on = models.DateField("检查日期")
    items_checked = models.ManyToManyField(InspectionItem, verbose_name="检查事项", related_name="+")
    finding = models.CharField("检查结果", max_length=20, choices=Finding.choices)
    description = models.TextField("检查情况", blank=True)
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    rectification_deadline = models.ForeignKey(
        "calendar.Deadline", verbose_name="整改期限（期限记录）", null=True, blank=True, on_delete=models.PROTECT
    )
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    follow_up_note = models.TextField("后续处置情况", blank=True)
    referred_to = models.CharField("移送机关", max_length=200, blank=True)
    clue = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name="转立的处罚案件线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"

    def __str__(self) -> str:
        return f"{self.target.agency}：{self.get_finding_display()}"

    @property
    def needs_follow_up(self) -> bool:
        """A rectification order neither carried out nor converted into a penalty case."""
        return self.finding == Finding.RECTIFICATION and self.rectified_on is None and self.clue_id is None
