"""On-site inspections (现场检查) of an enforcement case, the evidence gathered there and the
items seized, sealed or preserved (查封、扣押 / 先行登记保存).

An inspection record is what the officers wrote down on site: it is never edited afterwards.
Evidence is never edited or deleted either; a wrong file is superseded by a new one with a
reason, and both stay. A measure on items changes only by its release, its one extension and
(when taken on the spot in an emergency) the head's approval afterwards."""

from django.conf import settings
from django.db import models


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("现场检查记录和证据只能追加，不能修改。")

    def delete(self):
        raise PermissionError("现场检查记录和证据只能追加，不能删除。")


class AppendOnly(models.Model):
    """Written once by the services, then read only."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{self._meta.verbose_name}不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name}不能删除。")


class Inspection(AppendOnly):
    """现场检查笔录: who inspected where and when, who was there, what was found."""

    class Signature(models.TextChoices):
        SIGNED = "signed", "当事人（在场人员）签字确认"
        REFUSED = "refused", "当事人拒绝签字"
        ABSENT = "absent", "当事人不在场"

    case = models.ForeignKey(
        "enforcement.EnforcementCase", verbose_name="案件", on_delete=models.PROTECT, related_name="inspections"
    )
    # Copied from the case so lists and search are scoped without a join.
    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="区划", on_delete=models.PROTECT)
    started_at = models.DateTimeField("检查开始时间")
    ended_at = models.DateTimeField("检查结束时间", null=True, blank=True)
    place = models.CharField("检查地点", max_length=300)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    location_accuracy = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="执法人员", through="InspectionOfficer", related_name="+"
    )
    certificates_shown = models.BooleanField("已出示执法证件", default=False)
    findings = models.TextField("现场检查情况")
    signature = models.CharField("签字情况", max_length=20, choices=Signature.choices)
    signature_note = models.TextField("签字情况说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "现场检查记录"
        verbose_name_plural = "现场检查记录"
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["case", "started_at"])]

    def __str__(self) -> str:
        return f"现场检查 {self.started_at:%Y-%m-%d %H:%M} {self.place}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:enforcement-raid-detail", args=[self.case_id, self.pk])


class InspectionOfficer(AppendOnly):
    """An officer present, with the 执法证 number as it stood on the day (certificates change)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="现场检查", on_delete=models.PROTECT, related_name="officer_links"
    )
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="执法人员", on_delete=models.PROTECT)
    certificate_number = models.CharField("执法证号", max_length=30)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "参加检查的执法人员"
        verbose_name_plural = "参加检查的执法人员"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "officer"], name="enforcement_inspection_officer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.officer}（执法证号 {self.certificate_number}）"


class InspectionPerson(AppendOnly):
    """Someone present at the inspection other than the officers."""

    class Role(models.TextChoices):
        PARTY = "party", "当事人"
        PRINCIPAL = "principal", "法定代表人/负责人"
        STAFF = "staff", "现场工作人员"
        WITNESS = "witness", "见证人"
        OTHER = "other", "其他人员"

    inspection = models.ForeignKey(
        Inspection, verbose_name="现场检查", on_delete=models.PROTECT, related_name="persons"
    )
    name = models.CharField("姓名", max_length=60)
    role = models.CharField("身份", max_length=20, choices=Role.choices)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    title = models.CharField("单位/职务", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "在场人员"
        verbose_name_plural = "在场人员"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class Evidence(AppendOnly):
    """A photo, video or document taken at an inspection. The file itself is an attachment of the
    case (stored with its SHA-256, verified on every download); this row says where it belongs."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        VIDEO = "video", "视频"
        DOCUMENT = "document", "书证/文件"

    inspection = models.ForeignKey(
        Inspection, verbose_name="现场检查", on_delete=models.PROTECT, related_name="evidence"
    )
    attachment = models.OneToOneField(
        "files.Attachment", verbose_name="文件", on_delete=models.PROTECT, related_name="inspection_evidence"
    )
    kind = models.CharField("证据类别", max_length=20, choices=Kind.choices)
    description = models.CharField("证据说明", max_length=200)
    taken_at = models.DateTimeField("拍摄/取得时间", null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name="替换的证据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement",
    )

    class Meta:
        verbose_name = "现场检查证据"
        verbose_name_plural = "现场检查证据"
        ordering = ["attachment__uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description}"

    @property
    def is_superseded(self) -> bool:
        return self.attachment.superseded_by_id is not None


class Seizure(models.Model):
    """查封、扣押 or 先行登记保存 of items, with its time limit kept by the deadline engine.

    Only the release, the one extension and the head's approval of an emergency measure are
    recorded after creation (see MUTABLE_FIELDS); the rest is what was decided."""

    class Measure(models.TextChoices):
        SEIZURE = "seizure", "扣押"
        SEALING = "sealing", "查封"
        PRESERVATION = "preservation", "先行登记保存"

    MUTABLE_FIELDS = frozenset(
        {
            "approved_at",
            "approved_by",
            "approval_note",
            "extended_at",
            "extended_by",
            "extension_days",
            "extension_reason",
            "released_on",
            "released_at",
            "released_by",
            "release_reason",
        }
    )

    case = models.ForeignKey(
        "enforcement.EnforcementCase", verbose_name="案件", on_delete=models.PROTECT, related_name="seizures"
    )
    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="区划", on_delete=models.PROTECT)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name="现场检查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seizures",
    )
    measure = models.CharField("措施", max_length=20, choices=Measure.choices)
    items = models.CharField("物品名称及规格", max_length=300)
    quantity = models.CharField("数量", max_length=60)
    place_kept = models.CharField("存放地点", max_length=200)
    decided_on = models.DateField("决定/实施日期")
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    emergency = models.BooleanField("情况紧急当场实施", default=False)
    converted_from = models.OneToOneField(
        "self",
        verbose_name="由先行登记保存转为",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="converted_to",
    )
    limit = models.OneToOneField(
        "calendar.Deadline", verbose_name="期限", on_delete=models.PROTECT, related_name="seizure"
    )
    report_deadline = models.OneToOneField(
        "calendar.Deadline",
        verbose_name="报告期限",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_seizure",
    )
    approved_at = models.DateTimeField("负责人批准时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_note = models.TextField("批准意见", blank=True)
    extended_at = models.DateTimeField("延长批准时间", null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延长批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_days = models.PositiveSmallIntegerField("延长天数", null=True, blank=True)
    extension_reason = models.TextField("延长理由", blank=True)
    released_on = models.DateField("解除日期", null=True, blank=True)
    released_at = models.DateTimeField("解除登记时间", null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="解除登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    release_reason = models.TextField("解除理由/处理决定", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "查封扣押/先行登记保存"
        verbose_name_plural = "查封扣押/先行登记保存"
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}：{self.items}（{self.quantity}）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise PermissionError("查封扣押记录只能登记解除、延长和批准。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("查封扣押记录不能删除。")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:enforcement-raid", args=[self.case_id]) + f"#seizure-{self.pk}"

    @property
    def is_preservation(self) -> bool:
        return self.measure == self.Measure.PRESERVATION

    @property
    def in_force(self) -> bool:
        return self.released_on is None

    @property
    def awaiting_approval(self) -> bool:
        return self.emergency and self.approved_at is None and self.in_force
