from django.conf import settings
from django.db import models
from django_fsm import FSMField

from casemgmt.iprights import IPType
from casemgmt.workflow.models import WorkflowModel
from casemgmt.workflow.transitions import workflow_transition

from ..rules import assistance as wf


class AssistanceType(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    ASSESSMENT_OPINION = "assessment_opinion", "侵权判定参考意见"
    PROTECTION_PLAN = "protection_plan", "维权方案"
    EXPERT_PANEL = "expert_panel", "专家论证"
    ENFORCEMENT_REFERRAL = "enforcement_referral", "转交行政执法"
    ADJUDICATION_REFERRAL = "adjudication_referral", "转交行政裁决"
    MEDIATION_REFERRAL = "mediation_referral", "转交调解"
    LITIGATION_GUIDANCE = "litigation_guidance", "诉讼、仲裁指导"
    OVERSEAS_DISPUTE = "overseas_dispute", "海外纠纷应对"
    TRADE_FAIR_COMPLAINT = "trade_fair_complaint", "展会投诉"


class AssistanceRequest(WorkflowModel):
    """维权援助申请 (DOMAIN §1): a free public service whose opinions are advisory only."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        NEEDS_CORRECTION = "needs_correction", "待补正"
        ACCEPTED = "accepted", "已受理"
        REJECTED = "rejected", "不予受理"
        ASSIGNED = "assigned", "已指派"
        IN_PROGRESS = "in_progress", "办理中"
        REFERRED = "referred", "已转交"
        UNDER_REVIEW = "under_review", "审核中"
        CLOSED = "closed", "已办结"
        FOLLOWED_UP = "followed_up", "已回访"
        ARCHIVED = "archived", "已归档"
        WITHDRAWN = "withdrawn", "已撤回"

    OPEN_STATES = [
        State.SUBMITTED,
        State.NEEDS_CORRECTION,
        State.ACCEPTED,
        State.ASSIGNED,
        State.IN_PROGRESS,
        State.UNDER_REVIEW,
        State.REFERRED,
    ]

    class Channel(models.TextChoices):
        ONLINE = "online", "网上申请"
        COUNTER = "counter", "窗口申请"
        PHONE = "phone", "电话"
        REFERRAL = "referral", "其他单位转来"

    class ReferralTarget(models.TextChoices):
        MEDIATION = "mediation", "人民调解/行政调解"
        ENFORCEMENT = "enforcement", "市场监管执法"
        ADJUDICATION = "adjudication", "专利侵权纠纷行政裁决"
        ARBITRATION = "arbitration", "仲裁"
        OTHER = "other", "其他单位"

    state = FSMField("状态", default=State.SUBMITTED, choices=State.choices, protected=True, db_index=True)
    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices, default=Channel.COUNTER)
    applicant = models.ForeignKey(
        "parties.Party", verbose_name="申请人", on_delete=models.PROTECT, related_name="assistance_requests"
    )
    contact_phone = models.CharField("联系电话", max_length=30)
    # Optional: where given, the applicant is e-mailed acceptance, correction requests and closing.
    contact_email = models.EmailField("电子邮箱", blank=True)
    respondent = models.ForeignKey(
        "parties.Party",
        verbose_name="对方当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests_against",
    )
    title = models.CharField("事项", max_length=200)
    ip_type = models.CharField("知识产权类型", max_length=30, choices=IPType.choices)
    assistance_type = models.CharField("援助类型", max_length=30, choices=AssistanceType.choices)
    facts = models.TextField("事实与理由")
    claims = models.TextField("援助请求", blank=True)
    handled_elsewhere = models.BooleanField("已由其他机构处理", default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests_handled",
    )
    opinion = models.TextField("援助意见（仅供参考）", blank=True)
    referral_target = models.CharField("转交去向", max_length=20, choices=ReferralTarget.choices, blank=True)
    referral_unit = models.CharField("接收单位", max_length=200, blank=True)
    applicant_consent = models.BooleanField("申请人同意转交", default=False)
    referral_receipt = models.TextField("接收单位回执/反馈", blank=True)
    closing_report = models.TextField("结案报告", blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度（1–5）", null=True, blank=True)
    follow_up_note = models.TextField("回访记录", blank=True)
    privacy_consent_at = models.DateTimeField("同意个人信息保护告知时间", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "维权援助申请"
        verbose_name_plural = "维权援助申请"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @classmethod
    def mine_filter(cls, user):
        return models.Q(handler=user) | models.Q(created_by=user)

    @classmethod
    def awaiting_filter(cls, user):
        from casemgmt.org.models import Role

        return {"handler": user} if user.role == Role.HANDLER else None

    # Transitions: each method applies only what the payload says; the service does the rest.

    @workflow_transition(
        source=State.SUBMITTED,
        target=State.NEEDS_CORRECTION,
        label="通知补正",
        permission=wf.intake,
        reason_required=True,
    )
    def request_correction(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.NEEDS_CORRECTION, target=State.SUBMITTED, label="补正后重新提交", permission=wf.intake
    )
    def resubmit(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.NEEDS_CORRECTION,
        target=State.SUBMITTED,
        label="申请人网上补正",
        permission=wf.online_applicant,
        payload="cases.public.serializers.CorrectionAnswerPayload",
    )
    def answer_correction(self, *, actor, payload):
        # The applicant's answer on the public portal (cases.public.services): the respondent they
        # name, if any; their statement and files are in the history and the attachments.
        if payload.get("respondent") is not None:
            self.respondent = payload["respondent"]

    @workflow_transition(
        source=State.SUBMITTED,
        target=State.ACCEPTED,
        label="受理",
        permission=wf.centre_head,
        conditions=[wf.has_counterparty, wf.has_facts],
    )
    def accept(self, *, actor, payload):
        from django.utils import timezone

        self.accepted_at = timezone.now()

    @workflow_transition(
        source=State.SUBMITTED, target=State.REJECTED, label="不予受理", permission=wf.centre_head, reason_required=True
    )
    def reject(self, *, actor, payload):
        pass

    @workflow_transition(
        source=[State.ACCEPTED, State.ASSIGNED],
        target=State.ASSIGNED,
        label="指派承办人",
        permission=wf.centre_head,
        payload="cases.api.payloads.AssignHandlerPayload",
    )
    def assign(self, *, actor, payload):
        self.handler = payload["handler"]

    @workflow_transition(
        source=State.ASSIGNED,
        target=State.IN_PROGRESS,
        label="开始办理",
        permission=wf.assigned_handler,
        conditions=[wf.has_handler],
    )
    def start(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.IN_PROGRESS,
        target=State.UNDER_REVIEW,
        label="提交审核",
        permission=wf.assigned_handler,
        payload="cases.api.payloads.OpinionPayload",
    )
    def submit_for_review(self, *, actor, payload):
        self.opinion = payload["opinion"]

    @workflow_transition(
        source=State.UNDER_REVIEW,
        target=State.IN_PROGRESS,
        label="退回修改",
        permission=wf.centre_head,
        reason_required=True,
    )
    def return_for_revision(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.UNDER_REVIEW,
        target=State.CLOSED,
        label="审核办结",
        permission=wf.centre_head,
        conditions=[wf.has_opinion],
        payload="cases.api.payloads.ClosingPayload",
    )
    def approve_and_close(self, *, actor, payload):
        from django.utils import timezone

        self.closing_report = payload["closing_report"]
        self.closed_at = timezone.now()

    @workflow_transition(
        source=State.IN_PROGRESS,
        target=State.REFERRED,
        label="转交",
        permission=wf.assigned_handler,
        payload="cases.api.payloads.ReferralPayload",
    )
    def refer(self, *, actor, payload):
        self.referral_target = payload["referral_target"]
        self.referral_unit = payload["referral_unit"]
        self.applicant_consent = payload["applicant_consent"]

    @workflow_transition(
        source=State.REFERRED,
        target=State.CLOSED,
        label="登记接收回执并办结",
        permission=wf.assigned_handler,
        payload="cases.api.payloads.ReferralReceiptPayload",
    )
    def record_referral_receipt(self, *, actor, payload):
        from django.utils import timezone

        self.referral_receipt = payload["referral_receipt"]
        self.closed_at = timezone.now()

    @workflow_transition(
        source=State.CLOSED,
        target=State.FOLLOWED_UP,
        label="满意度回访",
        permission=wf.follow_up_staff,
        payload="cases.api.payloads.FollowUpPayload",
    )
    def follow_up(self, *, actor, payload):
        self.satisfaction = payload["satisfaction"]
        self.follow_up_note = payload.get("follow_up_note", "")

    @workflow_transition(
        source=[State.FOLLOWED_UP, State.REJECTED, State.WITHDRAWN],
        target=State.ARCHIVED,
        label="归档",
        permission=wf.intake,
    )
    def archive(self, *, actor, payload):
        pass

    @workflow_transition(
        source=OPEN_STATES, target=State.WITHDRAWN, label="申请人撤回", permission=wf.withdrawal, reason_required=True
    )
    def withdraw(self, *, actor, payload):
        pass
