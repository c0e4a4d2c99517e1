from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField

from casemgmt.iprights import IPType
from casemgmt.workflow.models import WorkflowModel
from casemgmt.workflow.transitions import workflow_transition

from ..rules import arbitration as rules

PAYLOADS = "cases.api.arbitration_payloads"


class ArbitrationReferral(WorkflowModel):
    """仲裁/诉讼转介: a dispute the centre hands to an arbitration commission, a court or the
    patent-dispute adjudication authority, either after a failed mediation or directly. The
    centre records the receiving body's acceptance and outcome until the matter is closed."""

    class State(models.TextChoices):
        REFERRED = "referred", "已转介"
        ACCEPTED_BY_COMMISSION = "accepted_by_commission", "接收机构已受理"
        AWARD_OR_MEDIATION_STATEMENT = "award_or_mediation_statement", "已作出裁决/调解书"
        CLOSED = "closed", "已结案"
        DECLINED = "declined", "接收机构不予受理"

    STATE_FAMILIES = {State.ACCEPTED_BY_COMMISSION: "active", State.AWARD_OR_MEDIATION_STATEMENT: "done"}

    class Kind(models.TextChoices):
        ARBITRATION = rules.ARBITRATION, "仲裁"
        LITIGATION = "litigation", "诉讼"
        ADJUDICATION = "adjudication", "专利侵权纠纷行政裁决"

    class OutcomeKind(models.TextChoices):
        AWARD = "award", "仲裁裁决书"
        ARBITRATION_MEDIATION_STATEMENT = "arbitration_mediation_statement", "仲裁调解书"
        JUDGMENT = "judgment", "民事判决书"
        COURT_MEDIATION_STATEMENT = "court_mediation_statement", "民事调解书"
        RULING = "ruling", "裁定书/决定书（撤回、驳回等）"
        ADJUDICATION_DECISION = "adjudication_decision", "行政裁决书"

    state = FSMField("状态", default=State.REFERRED, choices=State.choices, protected=True, db_index=True)
    mediation = models.ForeignKey(
        "cases.MediationCase",
        verbose_name="来源调解案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    kind = models.CharField("转介类型", max_length=20, choices=Kind.choices)
    receiving_body = models.CharField("接收机构", max_length=200)
    applicant = models.ForeignKey(
        "parties.Party", verbose_name="申请人/原告", on_delete=models.PROTECT, related_name="arbitration_referrals"
    )
    respondent = models.ForeignKey(
        "parties.Party",
        verbose_name="被申请人/被告",
        on_delete=models.PROTECT,
        related_name="arbitration_referrals_against",
    )
    title = models.CharField("纠纷事项", max_length=200)
    ip_type = models.CharField("知识产权类型", max_length=30, choices=IPType.choices)
    facts = models.TextField("纠纷事实")
    claims = models.TextField("请求事项", blank=True)
    arbitration_agreement_on = models.DateField("仲裁协议订立日期", null=True, blank=True)
    arbitration_agreement = models.TextField("书面仲裁协议（内容或所在条款）", blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="跟进人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arbitration_referrals_followed",
    )
    referred_on = models.DateField("转介日期", default=timezone.localdate)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    receiving_case_number = models.CharField("接收机构案号", max_length=60, blank=True, db_index=True)
    outcome_kind = models.CharField("结果文书", max_length=40, choices=OutcomeKind.choices, blank=True)
    outcome_document_number = models.CharField("文书编号", max_length=60, blank=True)
    outcome_on = models.DateField("文书日期", null=True, blank=True)
    outcome_summary = models.TextField("结果摘要", blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.TextField("结案说明", blank=True)

    class Meta:
        verbose_name = "仲裁/诉讼转介"
        verbose_name_plural = "仲裁/诉讼转介"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"转{self.get_kind_display()}：{self.title}"

    @classmethod
    def mine_filter(cls, user):
        return models.Q(handler=user) | models.Q(created_by=user)

    @classmethod
    def awaiting_filter(cls, user):
        from casemgmt.org.models import Role

        return {"handler": user} if user.role == Role.HANDLER else None

    @workflow_transition(
        source=State.REFERRED,
        target=State.ACCEPTED_BY_COMMISSION,
        label="登记受理",
        permission=rules.follow_up,
        payload=f"{PAYLOADS}.ReferralAcceptancePayload",
    )
    def record_acceptance(self, *, actor, payload):
        self.accepted_on = payload["accepted_on"]
        self.receiving_case_number = payload["receiving_case_number"]

    @workflow_transition(
        source=State.REFERRED,
        target=State.DECLINED,
        label="登记不予受理",
        permission=rules.follow_up,
        reason_required=True,
    )
    def decline(self, *, actor, payload):
        self.closed_on = timezone.localdate()

    @workflow_transition(
        source=State.ACCEPTED_BY_COMMISSION,
        target=State.AWARD_OR_MEDIATION_STATEMENT,
        label="登记裁决/调解书",
        permission=rules.follow_up,
        payload=f"{PAYLOADS}.ReferralOutcomePayload",
    )
    def record_outcome(self, *, actor, payload):
        self.outcome_kind = payload["outcome_kind"]
        self.outcome_document_number = payload["outcome_document_number"]
        self.outcome_on = payload["outcome_on"]
        self.outcome_summary = payload.get("outcome_summary", "")

    @workflow_transition(
        source=State.AWARD_OR_MEDIATION_STATEMENT,
        target=State.CLOSED,
        label="结案",
        permission=rules.follow_up,
        payload=f"{PAYLOADS}.ReferralClosingPayload",
    )
    def close(self, *, actor, payload):
        self.closed_on = timezone.localdate()
        self.closing_note = payload.get("closing_note", "")
