from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class DocType(models.TextChoices):
    """The document types issued most often. Any other short code is accepted as well,
    because each bureau has its own house list and it changes with new procedures."""

    PENALTY = "罚", "行政处罚决定书"
    NO_PENALTY = "不罚", "不予行政处罚决定书"
    PRIOR_NOTICE = "告", "行政处罚告知书"
    FILING = "立", "立案决定书"
    INSPECTION = "检", "检查通知书"
    ADJUDICATION = "裁", "行政裁决书"
    ASSISTANCE = "援", "维权援助受理通知书"
    MEDIATION = "调", "调解书"


class DocumentSequence(models.Model):
    """The counter behind one series of 文号: one row per issuer, document type and year."""

    issuer = models.CharField("发文机关简称", max_length=20)
    doc_type = models.CharField("文书类型", max_length=10)
    year = models.PositiveSmallIntegerField("年度")
    # Only ever raised by one UPDATE ... SET last_number = last_number + 1, which serialises issuers.
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        ordering = ["-year", "issuer", "doc_type"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "doc_type", "year"], name="numbering_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer}{self.doc_type}〔{self.year}〕"

    def format(self, number: int) -> str:
        return f"{self.issuer}{self.doc_type}〔{self.year}〕{number}号"


class IssuedNumber(models.Model):
    """One number taken from a sequence. Rows are never deleted: a voided number stays on
    record with its reason, so the series can be audited without gaps."""

    class Status(models.TextChoices):
        ISSUED = "issued", "已使用"
        VOIDED = "voided", "已作废"

    sequence = models.ForeignKey(
        DocumentSequence, verbose_name="序列", on_delete=models.PROTECT, related_name="issued_numbers"
    )
    number = models.PositiveIntegerField("序号")
    text = models.CharField("文号", max_length=60, unique=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ISSUED)
    void_reason = models.TextField("作废原因", blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="关联对象类型", on_delete=models.PROTECT, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField("关联对象", null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取号人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_numbers",
    )
    issued_at = models.DateTimeField("取号时间", default=timezone.now)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voided_numbers",
    )
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)

    class Meta:
        verbose_name = "文号"
        verbose_name_plural = "文号"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sequence", "number"], name="numbering_issued_unique_number"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="numbering_issued_object")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_voided(self) -> bool:
        return self.status == self.Status.VOIDED
