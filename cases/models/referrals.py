from django.conf import settings
from django.db import models
from django_fsm import FSMField

from casemgmt.workflow.models import WorkflowModel
from casemgmt.workflow.transitions import workflow_transition

from ..rules import referrals as rules


class EnforcementReferral(WorkflowModel):
    """移送执法: an assistance request handed to the market-supervision bureau (trademark
    infringement, patent counterfeiting) or to patent-dispute adjudication. The bureau's
    acknowledgement links the clue it opened, so the trail runs both ways."""

    class State(models.TextChoices):
        SENT = "sent", "已移送"
        RECEIVED = "received", "已接收"
        RETURNED = "returned", "已退回"

    class Target(models.TextChoices):
        ENFORCEMENT = "enforcement", "行政执法（商标侵权、假冒专利）"
        ADJUDICATION = "adjudication", "专利侵权纠纷行政裁决"

    state = FSMField("状态", default=State.SENT, choices=State.choices, protected=True, db_index=True)
    assistance_request = models.ForeignKey(
        "cases.AssistanceRequest",
        verbose_name="维权援助申请",
        on_delete=models.PROTECT,
        related_name="enforcement_referrals",
    )
    target = models.CharField("移送类型", max_length=20, choices=Target.choices)
    receiving_unit = models.CharField("接收单位", max_length=200)
    summary = models.TextField("移送事由")
    acknowledgement = models.TextField("接收意见", blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField("接收时间", null=True, blank=True)
    # The clue or case the bureau opened from this referral (enforcement app), once there is one.
    clue_content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clue_object_id = models.PositiveBigIntegerField("线索编号", null=True, blank=True)

    # The clue is reached by a link naming it (cases/links.py), not by its bare number.
    PAGE_HIDDEN_FIELDS = ("clue_object_id",)

    class Meta:
        verbose_name = "移送执法记录"
        verbose_name_plural = "移送执法记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"移送：{self.assistance_request}"

    @workflow_transition(
        source=State.SENT,
        target=State.RECEIVED,
        label="接收",
        permission=rules.receiving_bureau,
        payload="cases.api.payloads.AcknowledgeReferralPayload",
    )
    def acknowledge(self, *, actor, payload):
        from django.utils import timezone

        self.acknowledgement = payload.get("acknowledgement", "")
        self.received_by = actor
        self.received_at = timezone.now()

    @workflow_transition(
        source=State.SENT, target=State.RETURNED, label="退回", permission=rules.receiving_bureau, reason_required=True
    )
    def return_referral(self, *, actor, payload):
        pass
