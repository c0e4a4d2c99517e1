"""Storage of the embedded search backend (see casemgmt.search.backends.embedded).

Portable tables only, identical on SQLite and PostgreSQL: the documents, and an inverted
index of (token, document) postings.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class IndexedDocument(models.Model):
    """One indexed object. `*_norm` hold the normalised text that substring checks run on;
    the originals are kept for display and highlighting."""

    doc_type = models.CharField("类型", max_length=40)
    object_id = models.BigIntegerField("对象编号")
    title = models.TextField("标题")
    body = models.TextField("正文", blank=True)
    title_norm = models.TextField(editable=False)
    body_norm = models.TextField(editable=False, blank=True)
    state = models.CharField("状态", max_length=40, blank=True)
    state_label = models.CharField("状态名称", max_length=60, blank=True)
    jurisdiction = models.CharField("区划代码", max_length=6, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    extra = models.JSONField("附加信息", default=dict, blank=True, encoder=DjangoJSONEncoder)
    indexed_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_document_unique_object"),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "doc_type"], name="search_doc_jurisdiction"),
            models.Index(fields=["date"], name="search_doc_date"),
            models.Index(fields=["indexed_at"], name="search_doc_indexed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"


class Posting(models.Model):
    """Token → document. The composite primary key (token first) is the lookup index and
    keeps each posting list contiguous; the document index serves deletion.

    No database foreign-key constraint: postings are derived data the backend writes and
    removes together with their documents, and on PostgreSQL the constraint's per-row
    trigger made indexing a fifth slower.
    """

    pk = models.CompositePrimaryKey("token", "document")
    token = models.CharField(max_length=64)
    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, db_constraint=False, related_name="+")

    class Meta:
        verbose_name = "倒排索引项"
        verbose_name_plural = "倒排索引项"

    def __str__(self) -> str:
        return f"{self.token} → {self.document_id}"
