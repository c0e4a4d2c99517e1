from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

# Only the evidence chain may change after upload: which later file replaces this one, and why.
MUTABLE_FIELDS = frozenset({"superseded_by", "supersede_reason"})


class AttachmentQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("附件只能追加，不能删除。")


class Attachment(models.Model):
    """A stored file belonging to a case-like object. Never edited or deleted: the SHA-256 taken
    while the upload streamed in proves later that the bytes are the ones received."""

    class Kind(models.TextChoices):
        APPLICATION_MATERIAL = "application_material", "申请材料"
        IDENTITY = "identity", "主体资格证明"
        RIGHTS_PROOF = "rights_proof", "权利证明"
        EVIDENCE = "evidence", "证据材料"
        DOCUMENT = "document", "文书"
        OTHER = "other", "其他"

    content_type = models.ForeignKey(ContentType, verbose_name="所属对象类型", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField("所属对象")
    owner = GenericForeignKey("content_type", "object_id")
    # Copied from the owner so that listings can be scoped without loading every owner.
    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", verbose_name="区划", null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField("材料类别", max_length=30, choices=Kind.choices)
    description = models.CharField("材料说明", max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=255)
    # Stored under a random name: the uploader's name never reaches the file system.
    file = models.FileField("文件", upload_to="attachments/%Y/%m/", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    mime_type = models.CharField("文件类型", max_length=120)
    # Read from PDF, Word and text files at upload, for full-text search of the owner.
    extracted_text = models.TextField("提取的文本", blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示公众在网上提交。",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name="被替换为", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    supersede_reason = models.TextField("替换理由", blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= MUTABLE_FIELDS:
                raise PermissionError("附件不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("附件只能追加，不能删除。")
