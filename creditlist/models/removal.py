from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from ..choices import ApplicationStatus, Channel


class EarlyRemovalApplication(models.Model):
    """提前移出申请 (信用修复): the party asks, after a year on the list, to be taken off early —
    online on the public portal (followed with a tracking code and the phone's last four digits)
    or at the counter. Eligibility is checked when it arrives and again when it is decided; its
    decision is a transition of the entry (approve_removal / refuse_removal). Proofs are stored
    as attachments of the entry, so staff open them with the entry."""

    Status = ApplicationStatus
    Channel = Channel

    entry = models.ForeignKey(
        "creditlist.CreditEntry", verbose_name="名单条目", on_delete=models.PROTECT, related_name="removal_applications"
    )
    # Copied from the entry so lists can be scoped without a join.
    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="区划", on_delete=models.PROTECT)
    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    applicant_name = models.CharField("申请人", max_length=200)
    contact_phone = models.CharField("联系电话", max_length=30)
    statement = models.TextField("申请理由")
    obligations_statement = models.TextField("履行行政处罚决定义务的情况", blank=True)
    effects_statement = models.TextField("消除危害后果和不良影响的情况")
    proofs = models.ManyToManyField("files.Attachment", verbose_name="证明材料", blank=True, related_name="+")
    eligibility = models.JSONField("受理时的条件审查", default=list, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices, default="submitted")
    decision_reason = models.TextField("决定理由", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示当事人网上提交。",
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "提前移出申请"
        verbose_name_plural = "提前移出申请"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=models.Q(status="submitted"), name="credit_removal_one_open_per_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.applicant_name}"
