from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import FSMField

from casemgmt.iprights import IPType
from casemgmt.workflow.models import WorkflowModel
from casemgmt.workflow.transitions import workflow_transition

from ..rules import mediation as rules

PAYLOADS = "cases.api.mediation_payloads"


class MediationCase(WorkflowModel):
    """调解案件 (DOMAIN §2): mediation only ever proceeds with both parties willing
    (《人民调解法》第十七条); an agreement may be confirmed by a court, a failed mediation
    is referred to arbitration, litigation or administrative adjudication."""

    class State(models.TextChoices):
        APPLIED = "applied", "已申请"
        CONSULTING_RESPONDENT = "consulting_respondent", "征询被申请人"
        ACCEPTED = "accepted", "已受理"
        DECLINED = "declined", "不予调解"
        IN_MEDIATION = "in_mediation", "调解中"
        AGREEMENT_REACHED = "agreement_reached", "达成调解协议"
        TERMINATED = "terminated", "调解终止"
        JUDICIAL_CONFIRMATION_REQUESTED = "judicial_confirmation_requested", "已申请司法确认"
        CONFIRMED = "confirmed", "司法确认有效"
        CONFIRMATION_REJECTED = "confirmation_rejected", "司法确认被驳回"
        PERFORMED = "performed", "已履行"
        ENFORCEMENT_APPLIED = "enforcement_applied", "已申请强制执行"
        REFERRED = "referred", "已转仲裁/诉讼/裁决"
        WITHDRAWN = "withdrawn", "已撤回"

    OPEN_STATES = [State.APPLIED, State.CONSULTING_RESPONDENT, State.ACCEPTED, State.IN_MEDIATION]
    # Parties are fixed once the respondent has agreed to mediate with this applicant.
    PARTY_EDIT_STATES = [State.APPLIED, State.CONSULTING_RESPONDENT]
    # Sessions are scheduled only while the mediation can still take place ...
    SESSION_STATES = [State.ACCEPTED, State.IN_MEDIATION]
    # ... and the minutes of the last one are often written up just after the outcome.
    MINUTES_STATES = [State.ACCEPTED, State.IN_MEDIATION, State.AGREEMENT_REACHED, State.TERMINATED]
    STATE_FAMILIES = {State.ENFORCEMENT_APPLIED: "attention", State.JUDICIAL_CONFIRMATION_REQUESTED: "attention"}

    class Source(models.TextChoices):
        DIRECT = "direct", "当事人直接申请"
        ASSISTANCE_REFERRAL = "assistance_referral", "维权援助转来"
        COURT_PRE_LITIGATION = "court_pre_litigation", "法院诉前委派"
        COURT_IN_LITIGATION = "court_in_litigation", "法院诉中委托"

    COURT_SOURCES = [Source.COURT_PRE_LITIGATION, Source.COURT_IN_LITIGATION]

    class RespondentResponse(models.TextChoices):
        CONSENTED = rules.CONSENTED, "同意调解"
        REFUSED = "refused", "拒绝调解"

    class ResponseMethod(models.TextChoices):
        WRITTEN = "written", "书面意见"
        ORAL = "oral", "当面口头表示（已记录）"
        PHONE = "phone", "电话答复（已记录）"
        COURT_FILE = "court_file", "法院移送材料中的同意书"

    class Performance(models.TextChoices):
        PARTIAL = "partial", "部分履行"
        FULL = "full", "全部履行"

    state = FSMField("状态", default=State.APPLIED, choices=State.choices, protected=True, db_index=True)
    source = models.CharField("案件来源", max_length=30, choices=Source.choices, default=Source.DIRECT)
    assistance_request = models.ForeignKey(
        "cases.AssistanceRequest",
        verbose_name="来源维权援助申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediations",
    )
    court_name = models.CharField("委派/委托法院", max_length=100, blank=True)
    court_case_number = models.CharField("法院案号", max_length=60, blank=True, db_index=True)
    applicant = models.ForeignKey(
        "parties.Party", verbose_name="申请人", on_delete=models.PROTECT, related_name="mediations_applied"
    )
    respondent = models.ForeignKey(
        "parties.Party", verbose_name="被申请人", on_delete=models.PROTECT, related_name="mediations_against"
    )
    contact_phone = models.CharField("申请人联系电话", max_length=30, blank=True)
    title = models.CharField("纠纷事项", max_length=200)
    ip_type = models.CharField("知识产权类型", max_length=30, choices=IPType.choices)
    facts = models.TextField("纠纷事实")
    claims = models.TextField("调解请求", blank=True)

    respondent_response = models.CharField(
        "被申请人意见", max_length=20, choices=RespondentResponse.choices, blank=True
    )
    respondent_responded_on = models.DateField("被申请人表示意见日期", null=True, blank=True)
    respondent_response_method = models.CharField("表示方式", max_length=20, choices=ResponseMethod.choices, blank=True)
    respondent_response_note = models.TextField("意见记录", blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调解员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediations_conducted",
    )
    court_extension_approved_on = models.DateField("法院批准延长日期", null=True, blank=True)
    court_extension_approval = models.TextField("延长调解期限的同意与批准情况", blank=True)

    agreement_text = models.TextField("调解协议内容", blank=True)
    agreement_effective_on = models.DateField("调解协议生效日期", null=True, blank=True)
    termination_reason = models.TextField("终止调解原因", blank=True)
    concluded_on = models.DateField("调解结束日期", null=True, blank=True)

    confirmation_court = models.CharField("司法确认法院", max_length=100, blank=True)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    confirmation_case_number = models.CharField("司法确认案号", max_length=60, blank=True, db_index=True)
    confirmation_review_extended_on = models.DateField("法院延长审查期限日期", null=True, blank=True)
    confirmation_ruled_on = models.DateField("法院裁定日期", null=True, blank=True)
    confirmation_result = models.TextField("司法确认结果", blank=True)

    performance = models.CharField("履行情况", max_length=20, choices=Performance.choices, blank=True)
    performed_on = models.DateField("履行完毕日期", null=True, blank=True)
    performance_note = models.TextField("履行情况说明", blank=True)
    enforcement_court = models.CharField("申请执行法院", max_length=100, blank=True)
    enforcement_applied_on = models.DateField("申请强制执行日期", null=True, blank=True)

    court_reported_on = models.DateField("向法院反馈结果日期", null=True, blank=True)
    court_report = models.TextField("向法院反馈的调解结果", blank=True)

    class Meta:
        verbose_name = "调解案件"
        verbose_name_plural = "调解案件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"调解{self.pk or ''}号 {self.title}"

    @property
    def is_court_entrusted(self) -> bool:
        return self.source in self.COURT_SOURCES

    @classmethod
    def mine_filter(cls, user):
        return Q(mediator=user) | Q(created_by=user)

    @classmethod
    def awaiting_filter(cls, user):
        from casemgmt.org.models import Role

        if user.role == Role.HANDLER:
            return Q(mediator=user)
        if user.role == Role.CENTRE_HEAD:
            # An accepted case waits on the head only until a mediator is named.
            return ~Q(state=cls.State.ACCEPTED, mediator__isnull=False)
        return None

    # Transitions: each method applies only what the payload says; services do the rest.

    @workflow_transition(
        source=State.APPLIED, target=State.CONSULTING_RESPONDENT, label="征询被申请人意见", permission=rules.intake
    )
    def consult_respondent(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.CONSULTING_RESPONDENT,
        target=State.CONSULTING_RESPONDENT,
        label="登记被申请人同意调解",
        permission=rules.intake,
        conditions=[rules.awaiting_response],
        payload=f"{PAYLOADS}.RespondentResponsePayload",
    )
    def record_consent(self, *, actor, payload):
        self._record_response(self.RespondentResponse.CONSENTED, payload)

    @workflow_transition(
        source=State.CONSULTING_RESPONDENT,
        target=State.DECLINED,
        label="被申请人拒绝调解",
        permission=rules.intake,
        conditions=[rules.awaiting_response],
        payload=f"{PAYLOADS}.RespondentResponsePayload",
        reason_required=True,
    )
    def record_refusal(self, *, actor, payload):
        self._record_response(self.RespondentResponse.REFUSED, payload)
        self.concluded_on = timezone.localdate()

    def _record_response(self, response, payload):
        self.respondent_response = response
        self.respondent_responded_on = payload["responded_on"]
        self.respondent_response_method = payload["method"]
        self.respondent_response_note = payload.get("note", "")

    @workflow_transition(
        source=State.CONSULTING_RESPONDENT,
        target=State.ACCEPTED,
        label="受理调解",
        permission=rules.centre_head,
        conditions=[rules.respondent_consented],
    )
    def accept(self, *, actor, payload):
        self.accepted_on = timezone.localdate()

    @workflow_transition(
        source=[State.APPLIED, State.CONSULTING_RESPONDENT],
        target=State.DECLINED,
        label="不予受理",
        permission=rules.centre_head,
        reason_required=True,
    )
    def decline(self, *, actor, payload):
        self.concluded_on = timezone.localdate()

    @workflow_transition(
        source=State.ACCEPTED,
        target=State.ACCEPTED,
        label="指派调解员",
        permission=rules.centre_head,
        payload=f"{PAYLOADS}.AssignMediatorPayload",
    )
    def assign_mediator(self, *, actor, payload):
        self.mediator = payload["mediator"]

    @workflow_transition(
        source=State.IN_MEDIATION,
        target=State.IN_MEDIATION,
        label="更换调解员",
        permission=rules.reassignment,
        payload=f"{PAYLOADS}.AssignMediatorPayload",
        reason_required=True,
    )
    def reassign_mediator(self, *, actor, payload):
        self.mediator = payload["mediator"]

    @workflow_transition(
        source=State.ACCEPTED,
        target=State.IN_MEDIATION,
        label="开始调解",
        permission=rules.assigned_mediator,
        conditions=[rules.has_mediator],
    )
    def start_mediation(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.IN_MEDIATION,
        target=State.IN_MEDIATION,
        label="延长委托调解期限",
        permission=rules.assigned_mediator,
        conditions=[rules.court_entrusted, rules.court_period_not_extended],
        payload=f"{PAYLOADS}.CourtExtensionPayload",
    )
    def extend_court_period(self, *, actor, payload):
        self.court_extension_approved_on = payload["court_approved_on"]
        self.court_extension_approval = payload["court_approval"]

    @workflow_transition(
        source=State.IN_MEDIATION,
        target=State.AGREEMENT_REACHED,
        label="达成调解协议",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.AgreementPayload",
    )
    def record_agreement(self, *, actor, payload):
        self.agreement_text = payload["agreement_text"]
        self.agreement_effective_on = payload["agreement_effective_on"]
        self.concluded_on = timezone.localdate()

    @workflow_transition(
        source=[State.ACCEPTED, State.IN_MEDIATION],
        target=State.TERMINATED,
        label="终止调解",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.TerminationPayload",
    )
    def terminate(self, *, actor, payload):
        self.termination_reason = payload["termination_reason"]
        self.concluded_on = timezone.localdate()

    @workflow_transition(
        source=State.AGREEMENT_REACHED,
        target=State.JUDICIAL_CONFIRMATION_REQUESTED,
        label="申请司法确认",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.JudicialConfirmationRequestPayload",
    )
    def request_judicial_confirmation(self, *, actor, payload):
        self.confirmation_court = payload["confirmation_court"]
        self.confirmation_applied_on = payload["confirmation_applied_on"]
        self.confirmation_case_number = payload.get("confirmation_case_number", "")

    @workflow_transition(
        source=State.JUDICIAL_CONFIRMATION_REQUESTED,
        target=State.JUDICIAL_CONFIRMATION_REQUESTED,
        label="登记法院延长审查期限",
        permission=rules.assigned_mediator,
        conditions=[rules.review_not_extended],
        reason_required=True,
    )
    def extend_court_review(self, *, actor, payload):
        self.confirmation_review_extended_on = timezone.localdate()

    @workflow_transition(
        source=State.JUDICIAL_CONFIRMATION_REQUESTED,
        target=State.CONFIRMED,
        label="法院裁定协议有效",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.ConfirmationRulingPayload",
    )
    def record_confirmation(self, *, actor, payload):
        self._record_ruling(payload)

    @workflow_transition(
        source=State.JUDICIAL_CONFIRMATION_REQUESTED,
        target=State.CONFIRMATION_REJECTED,
        label="法院裁定驳回申请",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.ConfirmationRulingPayload",
        reason_required=True,
    )
    def record_confirmation_rejection(self, *, actor, payload):
        self._record_ruling(payload)

    def _record_ruling(self, payload):
        self.confirmation_case_number = payload["confirmation_case_number"]
        self.confirmation_ruled_on = payload["confirmation_ruled_on"]
        self.confirmation_result = payload.get("confirmation_result", "")

    @workflow_transition(
        source=State.CONFIRMATION_REJECTED,
        target=State.IN_MEDIATION,
        label="变更协议重新调解",
        permission=rules.assigned_mediator,
        reason_required=True,
    )
    def resume_mediation(self, *, actor, payload):
        self.concluded_on = None

    @workflow_transition(
        source=[State.AGREEMENT_REACHED, State.CONFIRMED, State.ENFORCEMENT_APPLIED],
        target=State.PERFORMED,
        label="登记履行完毕",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.PerformancePayload",
    )
    def record_performance(self, *, actor, payload):
        self.performance = self.Performance.FULL
        self.performed_on = payload["performed_on"]
        if payload.get("performance_note"):
            self.performance_note = payload["performance_note"]

    @workflow_transition(
        source=State.CONFIRMED,
        target=State.ENFORCEMENT_APPLIED,
        label="登记申请强制执行",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.EnforcementPayload",
    )
    def apply_enforcement(self, *, actor, payload):
        self.enforcement_court = payload["enforcement_court"]
        self.enforcement_applied_on = payload["enforcement_applied_on"]
        self.performance = self.Performance.PARTIAL if payload.get("partially_performed") else ""
        self.performance_note = payload.get("performance_note", "")

    @workflow_transition(
        source=[State.TERMINATED, State.CONFIRMATION_REJECTED],
        target=State.REFERRED,
        label="转仲裁/诉讼/行政裁决",
        permission=rules.assigned_mediator,
        payload=f"{PAYLOADS}.MediationReferralPayload",
    )
    def refer(self, *, actor, payload):
        pass  # the referral record is created by the arbitration services' hook

    @workflow_transition(
        source=OPEN_STATES,
        target=State.WITHDRAWN,
        label="申请人撤回",
        permission=rules.withdrawal,
        reason_required=True,
    )
    def withdraw(self, *, actor, payload):
        self.concluded_on = timezone.localdate()


class MediationSession(models.Model):
    """调解会议 and its minutes (调解笔录). A mediator is never booked twice at once: the
    services check overlaps with the mediator's row locked."""

    mediation = models.ForeignKey(
        MediationCase, verbose_name="调解案件", on_delete=models.PROTECT, related_name="sessions"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="主持调解员", on_delete=models.PROTECT, related_name="mediation_sessions"
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200)
    participants = models.TextField("参加人员", blank=True)
    minutes = models.TextField("调解笔录", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="笔录记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("笔录记录时间", null=True, blank=True)
    # Sessions still ahead when the mediation ends are called off, freeing the mediator's time.
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="安排人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "调解会议"
        verbose_name_plural = "调解会议"
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["mediator", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="mediation_session_ends_after_start")
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.mediation} {start:%Y-%m-%d %H:%M} 调解会议"
