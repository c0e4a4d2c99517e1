"""Tables of the search app, portable between SQLite and PostgreSQL.

The embedded backend's storage (see casemgmt.search.backends.embedded): the documents, the
generations of the packed index built from them, and the deleted documents those may still hold. For every backend: the outbox of index changes
(casemgmt.search.outbox) and the record of index rebuilds.
"""

import uuid

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
    violation_type = models.CharField("违法行为类型", max_length=100, blank=True)
    content_hash = models.CharField("内容指纹", max_length=32, blank=True)
    indexed_at = models.DateTimeField("索引时间")
    # Bumped by every write that changes the row, so a snapshot build can tell whether the
    # version it read is still the current one when it marks the row.
    revision = models.PositiveBigIntegerField("修订号", default=0)
    # The snapshot generation from which on the packed index holds this version of the row;
    # null while the row changed since the last snapshot (it is then searched in the database).
    snapshot_generation = models.PositiveIntegerField("压缩索引版本", null=True, blank=True)

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
            models.Index(fields=["snapshot_generation"], name="search_doc_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"


class IndexSnapshot(models.Model):
    """One generation of the embedded backend's packed index (casemgmt.search.backends.packed),
    kept as files in SEARCH_EMBEDDED_INDEX_DIR/<directory>.

    A row is inserted when a build starts (`ready` false: at most one such row, so builds never
    overlap) and made ready in the transaction that marks the documents it holds. The newest
    ready row is the generation searches use; everything changed since is searched in the
    database (see `IndexedDocument.snapshot_generation`).
    """

    directory = models.CharField("目录", max_length=80, unique=True)
    started_at = models.DateTimeField("开始时间")
    ready = models.BooleanField("已启用", default=False)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    documents = models.PositiveIntegerField("文档数", default=0)
    size_bytes = models.PositiveBigIntegerField("文件大小", default=0)

    class Meta:
        verbose_name = "压缩索引版本"
        verbose_name_plural = "压缩索引版本"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ready"], condition=models.Q(ready=False), name="search_one_snapshot_build"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.documents}"


class SnapshotTombstone(models.Model):
    """A deleted IndexedDocument that packed snapshots may still hold; searches leave it out.
    Removed once no snapshot in use holds it."""

    document_pk = models.BigIntegerField("文档主键", unique=True)
    deleted_at = models.DateTimeField("删除时间")

    class Meta:
        verbose_name = "已删除的检索文档"
        verbose_name_plural = "已删除的检索文档"

    def __str__(self) -> str:
        return str(self.document_pk)


class IndexOutbox(models.Model):
    """An object whose index entry must be brought in line with the database.

    Written in the same transaction as the change, so a committed change always leaves a row
    and a rolled-back one never does. One row per object (a later change of the same object
    only renews `generation`): the drain re-reads the object, so it indexes the latest state
    or removes the entry, whatever happened in between.

    A drain claims rows for a lease; a change arriving meanwhile renews `generation` but not
    the claim, and the drain deletes only rows whose generation it processed, so the newer
    change is drained again afterwards, never overtaken by an older read.
    """

    doc_type = models.CharField("类型", max_length=40)
    object_id = models.BigIntegerField("对象编号")
    generation = models.UUIDField("版本", default=uuid.uuid4)
    queued_at = models.DateTimeField("入队时间")
    available_at = models.DateTimeField("可处理时间")
    attempts = models.PositiveIntegerField("失败次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    claim = models.UUIDField("处理批次", null=True, blank=True)
    claimed_until = models.DateTimeField("占用至", null=True, blank=True)

    class Meta:
        verbose_name = "待同步索引"
        verbose_name_plural = "待同步索引"
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_outbox_unique_object"),
        ]
        indexes = [
            models.Index(fields=["available_at"], name="search_outbox_available"),
            models.Index(fields=["claim"], name="search_outbox_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}"


class IndexRebuild(models.Model):
    """One run of `search_rebuild`. While a run is alive (its heartbeat recent) the outbox
    waits, so no change is written into the index the rebuild is about to replace, and a
    second rebuild is refused."""

    started_at = models.DateTimeField("开始时间")
    heartbeat_at = models.DateTimeField("最近心跳")
    running = models.BooleanField("进行中", default=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    types = models.JSONField("类型", default=list, blank=True)
    documents = models.PositiveIntegerField("已索引", default=0)
    succeeded = models.BooleanField("成功", null=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "索引重建"
        verbose_name_plural = "索引重建"
        ordering = ["-started_at"]
        constraints = [
            # At most one run at a time, enforced by the database rather than by a check-then-insert.
            models.UniqueConstraint(fields=["running"], condition=models.Q(running=True), name="search_one_rebuild"),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'、'.join(self.types) or '全部类型'}"
