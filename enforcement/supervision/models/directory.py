"""The two directories of 双随机: inspection objects (patent and trademark agencies and their
branches) and inspectors, with the inspectors' declared conflicts (回避)."""

from django.conf import settings
from django.db import models

from .choices import AgencyKind, AgencyStatus, RiskClass


class Agency(models.Model):
    """检查对象: an IP agency the bureau supervises."""

    Kind = AgencyKind
    Status = AgencyStatus
    RiskClass = RiskClass

    kind = models.CharField("类型", max_length=30, choices=AgencyKind.choices)
    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    licence_number = models.CharField("执业许可证号或备案号", max_length=60, blank=True)
    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="所在县（市、区）", on_delete=models.PROTECT)
    address = models.CharField("住所（经营场所）", max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="所属机构", null=True, blank=True, on_delete=models.PROTECT, related_name="branches"
    )
    status = models.CharField("经营状态", max_length=20, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE)
    risk_class = models.CharField("信用风险分类", max_length=1, choices=RiskClass.choices, default=RiskClass.B)
    risk_reason = models.CharField("分类依据", max_length=300, blank=True)
    risk_set_on = models.DateField("分类日期", null=True, blank=True)
    last_inspected_on = models.DateField("最近一次抽查日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    workflow_type = "agency"

    class Meta:
        verbose_name = "检查对象（代理机构）"
        verbose_name_plural = "检查对象（代理机构）"
        ordering = ["jurisdiction_id", "name"]
        indexes = [models.Index(fields=["jurisdiction", "risk_class", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_title(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("web:supervision-agency", args=[self.pk])
        except NoReverseMatch:
            return ""


class Inspector(models.Model):
    """检查人员: an enforcement officer in the inspector directory."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="执法人员", on_delete=models.PROTECT, related_name="inspector"
    )
    certificate_number = models.CharField("执法证号", max_length=30)
    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="所在县（市、区）", on_delete=models.PROTECT)
    specialities = models.CharField(
        "专业领域", max_length=200, blank=True, help_text="以顿号或逗号分隔，如：专利、商标"
    )
    active = models.BooleanField("在册可抽取", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检查人员"
        verbose_name_plural = "检查人员"
        ordering = ["jurisdiction_id", "user__full_name", "pk"]

    def __str__(self) -> str:
        return f"{self.user.display_name}（执法证号 {self.certificate_number}）"

    @property
    def name(self) -> str:
        return self.user.display_name


class InspectorConflict(models.Model):
    """回避: an inspector may not inspect this agency (kinship, former employment, interest)."""

    inspector = models.ForeignKey(
        Inspector, verbose_name="检查人员", on_delete=models.PROTECT, related_name="conflicts"
    )
    agency = models.ForeignKey(Agency, verbose_name="检查对象", on_delete=models.PROTECT, related_name="conflicts")
    reason = models.CharField("回避理由", max_length=300)
    declared_on = models.DateField("申报日期")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [models.UniqueConstraint(fields=["inspector", "agency"], name="one_conflict_per_pair")]

    def __str__(self) -> str:
        return f"{self.inspector} 回避 {self.agency}"
