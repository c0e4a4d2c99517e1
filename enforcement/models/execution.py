"""Execution of a penalty decision beyond payments: approved deferral or instalments (《行政处罚法》
第六十六条), the party's administrative review or lawsuit (its time is not counted in the late
surcharge, 第七十三条第三款), and referrals of agency sanctions to the national office."""

from django.conf import settings
from django.db import models

from ..choices import ArrangementKind, NationalMeasure, RemedyKind, RemedyOutcome

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class PaymentArrangement(models.Model):
    """An approved deferral (暂缓) or instalment plan (分期) of a fine. The due dates live in the
    deadline engine: a deferral extends the payment row, instalments replace it with one row each."""

    decision = models.ForeignKey(
        "enforcement.PenaltyDecision", verbose_name="处罚决定", on_delete=models.PROTECT, related_name="arrangements"
    )
    kind = models.CharField("方式", max_length=20, choices=ArrangementKind.choices)
    applied_on = models.DateField("当事人申请日期")
    approved_on = models.DateField("批准日期")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准的机关负责人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("经济困难情况及批准理由")
    deferred_to = models.DateField("暂缓至", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "暂缓或分期缴纳"
        verbose_name_plural = "暂缓或分期缴纳"
        ordering = ["approved_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.approved_on:%Y-%m-%d} 批准）"


class PaymentInstalment(models.Model):
    """One instalment of an approved plan; its due date is its deadline row's."""

    arrangement = models.ForeignKey(
        PaymentArrangement, verbose_name="分期缴纳", on_delete=models.PROTECT, related_name="instalments"
    )
    position = models.PositiveSmallIntegerField("期次")
    amount = models.DecimalField("金额（元）", **AMOUNT)
    deadline = models.OneToOneField(
        "calendar.Deadline", verbose_name="期限", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "分期缴纳期次"
        verbose_name_plural = "分期缴纳期次"
        ordering = ["arrangement_id", "position"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="instalment_positive")]

    def __str__(self) -> str:
        return f"第{self.position}期 {self.amount}元"

    @property
    def due(self):
        return self.deadline.due


class RemedyProceeding(models.Model):
    """The party applied for administrative review or sued against the decision."""

    decision = models.ForeignKey(
        "enforcement.PenaltyDecision", verbose_name="处罚决定", on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField("类别", max_length=20, choices=RemedyKind.choices)
    filed_on = models.DateField("申请复议/起诉日期")
    body = models.CharField("复议机关/人民法院", max_length=200)
    reference = models.CharField("案号", max_length=100, blank=True)
    ended_on = models.DateField("复议/诉讼终结日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=RemedyOutcome.choices, blank=True)
    outcome_note = models.TextField("结果说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "行政复议/行政诉讼"
        verbose_name_plural = "行政复议/行政诉讼"
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.filed_on:%Y-%m-%d}）"

    @property
    def pending(self) -> bool:
        return self.ended_on is None


class NationalOfficeReferral(models.Model):
    """提请国家知识产权局 to suspend an agency's business or revoke its licence: the city or county
    bureau has no power to decide these (专利代理条例 arts. 25, 26; 商标法 art. 68), it records the
    referral and, later, the office's answer."""

    case = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name="案件",
        on_delete=models.PROTECT,
        related_name="national_referrals",
    )
    measure = models.CharField("提请的措施", max_length=20, choices=NationalMeasure.choices)
    suspension_months = models.PositiveSmallIntegerField("建议停止承接业务月数", null=True, blank=True)
    grounds = models.TextField("情节严重或逾期未改正的事实")
    referred_on = models.DateField("提请日期")
    letter_number = models.CharField("提请函文号", max_length=60, blank=True)
    answered_on = models.DateField("国家知识产权局答复日期", null=True, blank=True)
    answer = models.TextField("处理结果", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "提请国家知识产权局处理"
        verbose_name_plural = "提请国家知识产权局处理"
        ordering = ["referred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}（{self.referred_on:%Y-%m-%d}）"
