import unicodedata

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField

from casemgmt.workflow.models import WorkflowModel
from casemgmt.workflow.transitions import Condition, workflow_transition

from . import permissions as allow
from . import rules
from .masking import MaskResult, mask_personal_data

PAYLOADS = "casemgmt.publication.payloads"
# The summary keys searched by the public, besides the published text.
SEARCHED_SUMMARY_KEYS = ("number", "party", "credit_code", "violation_type", "penalty", "authority")


def normalized(text: str) -> str:
    """Full-width letters and digits as ASCII, upper case: how texts are searched."""
    return unicodedata.normalize("NFKC", text or "").upper()


class Publication(WorkflowModel):
    """公示: one published act (a penalty decision, later list entries and inspection results) on
    its way from review to the public and off again (DOMAIN §3c).

    The decision's text is kept as served (`source_text`) next to the text the public reads
    (`published_text`): the latter is the former with `masked_spans` replaced by placeholders and
    nothing else, which `rules.masks_hold` checks before every publication or correction.
    A correction stays published and leaves a PublicationVersion behind."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核公示"
        PUBLISHED = "published", "公示中"
        WITHDRAWN = "withdrawn", "已撤回公示"
        EXPIRED = "expired", "公示期满"
        ENDED_BY_REPAIR = "ended_by_repair", "信用修复后停止公示"

    STATE_FAMILIES = {
        State.PENDING: "attention",
        State.PUBLISHED: "done",
        State.WITHDRAWN: "negative",
        State.EXPIRED: "archived",
        State.ENDED_BY_REPAIR: "archived",
    }
    ACTIVE_STATES = (State.PENDING, State.PUBLISHED)

    state = FSMField("状态", default=State.PENDING, choices=State.choices, protected=True, db_index=True)
    # Internal keys and derived data carry no Chinese label, so the generic staff page leaves them out.
    kind = models.CharField(max_length=40, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField("公示标题", max_length=300)
    summary = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    source_date = models.DateField("决定日期")
    period_months = models.PositiveSmallIntegerField("公示期（月）")
    public_from = models.DateField("公示起始日", null=True, blank=True)
    public_until = models.DateField("公示截止日", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField("公示版本", default=0)
    withdrawal_required_on = models.DateField("决定被变更或撤销日期", null=True, blank=True)
    withdrawal_required_reason = models.TextField("应撤回公示的事由", blank=True)
    # A changed (变更) decision stays public with its text replaced by the changed one (3 working
    # days, like a withdrawal); the public page says it was corrected and when.
    changed_on = models.DateField("决定被变更日期", null=True, blank=True)
    replacement_text = models.TextField("变更后的决定书原文（待更新公示）", blank=True)
    # The summary of the act as changed (e.g. the new fine), published with the corrected text.
    replacement_summary = models.JSONField(
        "变更后的摘要（待更新公示）", default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    corrected_at = models.DateTimeField("最近更正时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回公示理由（向社会公开）", blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    ended_on = models.DateField("停止公示日期", null=True, blank=True)
    source_text = models.TextField("决定书原文（送达文本）")
    published_text = models.TextField("公示文本（已屏蔽个人信息）")
    masked_spans = models.JSONField(default=list, blank=True)
    # What masking was told: names of other persons, addresses, exact values, terms to keep or add.
    masking = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-source_date", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["kind", "state", "source_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["pending", "published"]),
                name="publication_one_active_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def awaiting_filter(cls, user):
        # Published items wait for nobody unless their decision was changed or revoked.
        return Q(state=cls.State.PENDING) | Q(withdrawal_required_on__isnull=False) | ~Q(replacement_text="")

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED and (self.public_until is None or not rules.period_over(self))

    # --- the texts ------------------------------------------------------------------------------

    def mask(self, text: str) -> MaskResult:
        inputs = self.masking or {}
        return mask_personal_data(
            text,
            other_person_names=inputs.get("other_person_names", []),
            person_addresses=inputs.get("person_addresses", []),
            personal_values=[tuple(pair) for pair in inputs.get("personal_values", [])],
            extra_terms=inputs.get("extra_terms", []),
            keep_terms=[*inputs.get("keep_terms", []), *inputs.get("reviewer_keep_terms", [])],
            public_codes=inputs.get("public_codes", []),
        )

    def set_source_text(self, source_text: str) -> None:
        """Take the text as served and derive what the public reads from it."""
        result = self.mask(source_text)
        self.source_text = source_text
        self.published_text = result.text
        self.masked_spans = result.spans
        self.search_text = self.searchable_text()

    def searchable_text(self) -> str:
        """What the public may search: the summary and the masked text, never the source."""
        parts = [str(self.summary.get(key) or "") for key in SEARCHED_SUMMARY_KEYS]
        return normalized("\n".join([*parts, self.published_text]))

    def apply_reviewer_terms(self, payload: dict) -> None:
        masking = dict(self.masking or {})
        if "mask_terms" in payload:
            masking["extra_terms"] = payload["mask_terms"]
        if "keep_terms" in payload:
            masking["reviewer_keep_terms"] = payload["keep_terms"]
        self.masking = masking
        self.set_source_text(payload.get("source_text") or self.source_text)

    # --- transitions ----------------------------------------------------------------------------

    @workflow_transition(
        source=State.PENDING,
        target=State.PENDING,
        label="调整屏蔽内容",
        permission=allow.reviewer,
        payload=f"{PAYLOADS}.MaskingPayload",
    )
    def remask(self, *, actor, payload):
        self.apply_reviewer_terms(payload)

    @workflow_transition(
        source=State.PENDING,
        target=State.PUBLISHED,
        label="审核通过并公示",
        permission=allow.reviewer,
        conditions=[
            Condition(rules.masks_hold, "公示文本与决定书原文（屏蔽部分除外）不一致，不能公示，请重新生成屏蔽内容。"),
            Condition(rules.no_withdrawal_required, "该决定已被变更或撤销，不能公示，应当撤回。"),
        ],
    )
    def publish(self, *, actor, payload):
        self.public_from = rules.today()
        self.public_until = rules.public_until(self.public_from, self.period_months)
        self.published_at = timezone.now()
        self.reviewer = actor
        self.version += 1

    @workflow_transition(
        source=State.PUBLISHED,
        target=State.PUBLISHED,
        label="更正公示内容",
        permission=allow.reviewer_on_request,
        conditions=[Condition(rules.no_withdrawal_required, "该决定已被变更或撤销，应当撤回公示，不能更正。")],
        payload=f"{PAYLOADS}.CorrectionPayload",
        reason_required=True,
    )
    def correct(self, *, actor, payload):
        if self.replacement_text:
            # After a change of the decision the text is the changed decision as served, nothing else.
            payload = {**payload, "source_text": self.replacement_text}
            self.replacement_text = ""
        if self.replacement_summary:
            self.summary = self.replacement_summary
            self.replacement_summary = {}
        self.apply_reviewer_terms(payload)
        self.version += 1
        self.corrected_at = timezone.now()

    @workflow_transition(
        source=State.PUBLISHED,
        target=State.PUBLISHED,
        label="按现行屏蔽规则重新屏蔽",
        permission=allow.system_only,
        conditions=[Condition(rules.masking_outdated, "公示文本已符合现行屏蔽规则。")],
        reason_required=True,
    )
    def apply_current_masking(self, *, actor, payload):
        # Masking rules only ever get stricter: a text published under an older rule is masked again
        # from its source with the terms the reviewer chose then, as a new public version.
        self.set_source_text(self.source_text)
        self.version += 1
        self.corrected_at = timezone.now()

    @property
    def is_corrected(self) -> bool:
        return self.version > 1

    @workflow_transition(
        source=[State.PENDING, State.PUBLISHED],
        target=State.WITHDRAWN,
        label="撤回公示",
        permission=allow.reviewer,
        payload=f"{PAYLOADS}.WithdrawalPayload",
    )
    def withdraw(self, *, actor, payload):
        # The reason is shown to the public: it is masked like the text.
        self.withdrawal_reason = self.mask(payload["public_reason"]).text
        self.withdrawn_at = timezone.now()
        self.ended_on = rules.today()

    @workflow_transition(
        source=State.PUBLISHED,
        target=State.EXPIRED,
        label="公示期满，停止公示",
        permission=allow.system_only,
        conditions=[Condition(rules.period_over, "公示期尚未届满。")],
    )
    def expire(self, *, actor, payload):
        self.ended_on = rules.today()

    @workflow_transition(
        source=State.PUBLISHED,
        target=State.ENDED_BY_REPAIR,
        label="信用修复，提前停止公示",
        permission=allow.reviewer_on_request,
        conditions=[
            Condition(rules.repair_period_passed, "公示未满信用修复所需的最短期限。"),
            Condition(rules.obligations_fulfilled, "当事人尚未履行行政处罚决定规定的全部义务。"),
        ],
        reason_required=True,
    )
    def end_by_repair(self, *, actor, payload):
        self.ended_on = rules.today()


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("公示版本只能追加，不能修改。")

    def delete(self):
        raise PermissionError("公示版本只能追加，不能删除。")


class PublicationVersion(models.Model):
    """What the public read from one publication or correction on: kept so that every version
    ever shown can be produced later."""

    publication = models.ForeignKey(Publication, verbose_name="公示", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    summary = models.JSONField("摘要", default=dict, encoder=DjangoJSONEncoder)
    source_text = models.TextField("决定书原文")
    published_text = models.TextField("公示文本")
    masked_spans = models.JSONField("屏蔽位置", default=list)
    reason = models.TextField("更正理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "公示版本"
        verbose_name_plural = "公示版本"
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="publication_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.publication} 第{self.number}版"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("公示版本只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("公示版本只能追加，不能删除。")
