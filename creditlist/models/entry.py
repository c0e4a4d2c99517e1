from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField

from casemgmt.workflow.models import WorkflowModel

from .. import rules
from ..choices import (
    CLOSED_STATES,
    LISTED_STATES,
    OPEN_STATES,
    PROPOSAL_STATES,
    PUBLIC_STATES,
    ProposalSource,
    State,
)
from .flow import CreditEntryTransitions


class CreditEntry(CreditEntryTransitions, WorkflowModel):
    """严重违法失信名单条目: one party on (or proposed for) the list on one ground, with the penalty
    decision it rests on, the party's hearing, the numbered listing decision, the joint measures
    and how it left the list.

    Publication: the entry itself is what the public reads (a structured summary, never a text
    to mask), so it is not copied into the publication pipeline. It is public exactly while its
    state is `published` or `removal_requested` and the listing period runs (`is_public`,
    selectors.credit_entries_public); its 20-working-day limit to publish is a kernel deadline.
    It belongs to the jurisdiction of the bureau that decides the listing."""

    State = State
    Source = ProposalSource
    PROPOSAL_STATES = PROPOSAL_STATES
    LISTED_STATES = LISTED_STATES
    PUBLIC_STATES = PUBLIC_STATES
    OPEN_STATES = OPEN_STATES
    CLOSED_STATES = CLOSED_STATES
    STATE_FAMILIES = {
        State.CANDIDATE: "new",
        State.NOTIFIED: "active",
        State.HEARING_REQUESTED: "attention",
        State.OBJECTION_REVIEW: "attention",
        State.AWAITING_CONSENT: "attention",
        State.CONSENTED: "active",
        State.LISTED: "attention",
        State.PUBLISHED: "done",
        State.REMOVAL_REQUESTED: "attention",
        State.REMOVED: "archived",
        State.EXPIRED: "archived",
        State.REVOKED: "negative",
        State.DISMISSED: "negative",
    }

    state = FSMField("状态", default=State.CANDIDATE, choices=State.choices, protected=True, db_index=True)
    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="credit_entries"
    )
    ground = models.ForeignKey(
        "creditlist.CreditGround", verbose_name="列入事由", on_delete=models.PROTECT, related_name="entries"
    )
    penalty_decision = models.ForeignKey(
        "enforcement.PenaltyDecision",
        verbose_name="依据的行政处罚决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_entries",
    )
    source = models.CharField("提出方式", max_length=20, choices=ProposalSource.choices)
    matched_rule = models.TextField("认定依据")
    facts = models.TextField("违法事实摘要", blank=True)
    listing_years = models.PositiveSmallIntegerField("列入期限（年）")
    measures = models.ManyToManyField(
        "creditlist.JointMeasure", verbose_name="联合惩戒措施", blank=True, related_name="entries"
    )

    # Pre-listing notice (告知) and the party's hearing
    notice_served_on = models.DateField("告知书送达日期", null=True, blank=True)
    statement_due = models.DateField("陈述申辩期限届满日", null=True, blank=True)
    rights_waived_on = models.DateField("当事人放弃陈述申辩和听证日期", null=True, blank=True)
    objection_received_on = models.DateField("收到陈述申辩日期", null=True, blank=True)
    objection_text = models.TextField("陈述申辩（异议）意见", blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_held_on = models.DateField("举行听证日期", null=True, blank=True)
    hearing_record = models.TextField("听证笔录及报告", blank=True)
    objection_opinion = models.TextField("异议审查意见", blank=True)

    # The level above's consent
    consent_requested_on = models.DateField("报请上一级同意日期", null=True, blank=True)
    consent_authority = models.CharField("同意机关", max_length=100, blank=True)
    consent_reference = models.CharField("上一级同意文件文号", max_length=100, blank=True)
    consented_on = models.DateField("上一级同意日期", null=True, blank=True)

    # The listing decision and its publication
    listing_document = models.OneToOneField(
        "documents.OfficialDocument",
        verbose_name="列入决定书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    listing_number = models.CharField("列入决定书文号", max_length=60, blank=True, db_index=True)
    listed_on = models.DateField("列入日期", null=True, blank=True)
    listing_until = models.DateField("列入期满日", null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="列入决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_on = models.DateField("公示日期", null=True, blank=True)

    # Leaving the list (or never entering it)
    ended_on = models.DateField("移出、撤销或不予列入日期", null=True, blank=True)
    end_reason = models.TextField("移出、撤销或不予列入理由", blank=True)

    class Meta:
        verbose_name = "严重违法失信名单条目"
        verbose_name_plural = "严重违法失信名单"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "listing_until"])]
        constraints = [
            # A decision meets a ground once: no second live proposal for the same decision and ground.
            models.UniqueConstraint(
                fields=["penalty_decision", "ground"],
                condition=Q(penalty_decision__isnull=False) & ~Q(state__in=["dismissed", "revoked"]),
                name="credit_entry_one_per_decision_and_ground",
            ),
        ]

    def __str__(self) -> str:
        label = self.listing_number or f"拟列入{self.pk or ''}号"
        return f"{label} {self.party.name}（{self.ground.name}）" if self.party_id and self.ground_id else label

    @property
    def is_in_effect(self) -> bool:
        """On the list now: the joint measures apply (partner agencies are told)."""
        return self.state in LISTED_STATES and self.listing_until is not None and self.listing_until >= rules.today()

    @property
    def is_public(self) -> bool:
        return (
            self.state in PUBLIC_STATES
            and self.published_on is not None
            and self.listing_until is not None
            and self.listing_until >= rules.today()
        )

    @property
    def consent_required(self) -> bool:
        return rules.consent_required(self)

    @property
    def early_removal_from(self):
        return rules.early_removal_from(self.listed_on) if self.listed_on else None

    @classmethod
    def mine_filter(cls, user):
        return Q(created_by=user) | Q(decided_by=user)
