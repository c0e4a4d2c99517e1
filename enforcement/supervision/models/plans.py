"""Inspection items (the 抽查事项清单) and annual plans (年度抽查计划, filed with the level above)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .choices import ItemKind, RiskClass, Rounding


class InspectionItem(models.Model):
    """抽查事项: what an inspection checks, with its legal basis."""

    Kind = ItemKind

    code = models.CharField("事项编号", max_length=20, unique=True)
    name = models.CharField("检查事项", max_length=200)
    kind = models.CharField("事项类别", max_length=10, choices=ItemKind.choices, default=ItemKind.GENERAL)
    legal_basis = models.CharField("检查依据", max_length=300)
    active = models.BooleanField("使用中", default=True)

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AnnualPlan(models.Model):
    """年度抽查计划 of a bureau: how many agencies of each risk class, which items, which rules
    for matching inspectors. Filed with the level above before use."""

    Rounding = Rounding

    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="制定机关所在区划", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    title = models.CharField("计划名称", max_length=200)
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="plans")
    team_size = models.PositiveSmallIntegerField(
        "每个对象的检查人员数", default=2, validators=[MinValueValidator(2), MaxValueValidator(5)]
    )
    exclude_same_county = models.BooleanField("排除检查对象所在县（市、区）的检查人员", default=True)
    not_inspected_months = models.PositiveSmallIntegerField(
        "排除近若干个月内已抽查的对象（月）", null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    rounding = models.CharField("比例取整方式", max_length=10, choices=Rounding.choices, default=Rounding.CEIL)
    filed_with = models.CharField("备案机关", max_length=100, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filing_number = models.CharField("备案文号", max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制定人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度抽查计划"
        verbose_name_plural = "年度抽查计划"
        ordering = ["-year", "jurisdiction_id"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"

    @property
    def is_filed(self) -> bool:
        return self.filed_on is not None


class PlanClassRule(models.Model):
    """Per risk class: a ratio of the eligible agencies, or a fixed count."""

    plan = models.ForeignKey(AnnualPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="class_rules")
    risk_class = models.CharField("信用风险分类", max_length=1, choices=RiskClass.choices)
    ratio = models.DecimalField(
        "抽查比例",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    count = models.PositiveIntegerField("抽查数量", null=True, blank=True)

    class Meta:
        verbose_name = "分类抽查比例"
        verbose_name_plural = "分类抽查比例"
        ordering = ["risk_class"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "risk_class"], name="one_rule_per_class"),
            models.CheckConstraint(
                condition=models.Q(ratio__isnull=True) ^ models.Q(count__isnull=True), name="ratio_xor_count"
            ),
        ]

    def __str__(self) -> str:
        amount = f"{self.ratio:.2%}" if self.ratio is not None else f"{self.count}户"
        return f"{self.get_risk_class_display()}：{amount}"
