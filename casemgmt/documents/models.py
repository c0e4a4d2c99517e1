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
    # The Word template version this document is generated from, fixed at issue: a later edit of
    # the template (a new version) never changes a document already issued.
    template = models.ForeignKey(
        "documents.DocumentTemplate",
        verbose_name="Word 模板版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # The placeholders' values, frozen at issue with the HTML: the .docx and the PDF are made from
    # them later (by a task), so they say what the HTML says whenever they are generated.
    fields = models.JSONField("占位符取值", default=dict, blank=True)
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

    def generated(self, fmt: str):
        """The generated file in this format (PDF, .docx), or None until the task has made it."""
        return next((file for file in self.files.all() if file.format == fmt), None)

    @property
    def pdf_file(self):
        return self.generated("pdf")

    @property
    def docx_file(self):
        return self.generated("docx")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("已制发的文书不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("已制发的文书不能删除。")


class DocumentTemplate(models.Model):
    """One version of the Word (.docx) template of a document kind, with docxtpl placeholders
    ({{ number }}, {{ party_name }}, {%p for p in body %} …). Versions are never edited: an
    administrator changes the wording by uploading a new version, which then applies to documents
    issued from then on; documents issued before keep the version they name."""

    kind = models.CharField("文书种类", max_length=60)
    version = models.PositiveIntegerField("版本号")
    # In the database (a template is tens of kB): a backup of the database holds every version.
    content = models.BinaryField("Word 模板")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="documents_template_kind_version")]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("模板版本不能修改，请上传新版本。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("模板版本不能删除。")


class DocumentFile(models.Model):
    """A generated rendering (PDF or .docx) of an issued document, kept like an attachment: the
    SHA-256 taken when it was written proves later that the bytes are the ones generated, and the
    template version says which wording made them."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    document = models.ForeignKey(OfficialDocument, verbose_name="文书", on_delete=models.PROTECT, related_name="files")
    format = models.CharField("格式", max_length=10, choices=Format.choices)
    template = models.ForeignKey(
        DocumentTemplate, verbose_name="模板版本", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="documents/%Y/%m/", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "文书文件"
        verbose_name_plural = "文书文件"
        constraints = [models.UniqueConstraint(fields=["document", "format"], name="documents_file_document_format")]

    def __str__(self) -> str:
        return f"{self.document} ({self.format})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("已生成的文书文件不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("已生成的文书文件不能删除。")

    @property
    def mime_type(self) -> str:
        if self.format == self.Format.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
