from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class OfficialDocument(models.Model):
    """An issued official document (通知书, 协议书 …): a frozen snapshot of what was sent, with its
    文号 and a SHA-256 of the text, so later edits of the case never change an issued document."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    jurisdiction = models.ForeignKey("org.Jurisdiction", null=True, on_delete=models.PROTECT)
    kind = models.CharField("文书种类", max_length=60)
    title = models.CharField("标题", max_length=200)
    number = models.ForeignKey(
        "numbering.IssuedNumber", verbose_name="文号", null=True, blank=True, on_delete=models.PROTECT
    )
    template_version = models.CharField("模板版本", max_length=20)
    html = models.TextField("正文")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("制作时间", default=timezone.now)

    class Meta:
        verbose_name = "法律文书"
        verbose_name_plural = "法律文书"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.title} {self.number_text}".strip()

    @property
    def number_text(self) -> str:
        return self.number.text if self.number_id else ""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("已制发的文书不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("已制发的文书不能删除。")
