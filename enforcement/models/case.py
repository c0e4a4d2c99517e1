from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField

from casemgmt.workflow.models import WorkflowModel

from ..choices import (
    AgencySubject,
    ClockPause,
    ClosingReason,
    ClueSource,
    HearingEnd,
    Kind,
    LimitationInterest,
    Outcome,
    PartyRole,
    Procedure,
    State,
    SuspensionGround,
    violation_type_label,
)
from ..rules import limits
from .adjudication_flow import AdjudicationTransitions
from .penalty_flow import PenaltyTransitions

MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class EnforcementCase(PenaltyTransitions, AdjudicationTransitions, WorkflowModel):
    """执法案件: one record per matter of the bureau, run under one of two procedures.

    - penalty: 行政处罚案件 (patent counterfeiting, trademark infringement, agency violations),
      from the clue to the archived file (DOMAIN §3a);
    - adjudication: 专利侵权纠纷行政裁决, from the right holder's request to the final ruling (§3b).

    Transitions of the other procedure are unknown to a case (the kernel's variants). Time limits
    live in the deadline engine; the date fields here record what happened and when."""

    WORKFLOW_VARIANTS = {
        Procedure.PENALTY.value: (Procedure.PENALTY.label, State.CLUE.value),
        Procedure.ADJUDICATION.value: (Procedure.ADJUDICATION.label, State.REQUESTED.value),
    }
    State = State
    Procedure = Procedure
    Kind = Kind
    ClueSource = ClueSource
    Outcome = Outcome
    # A record stays editable (title, facts, amounts) until a decision is made on it.
    EDITABLE_STATES = [
        State.CLUE,
        State.VERIFYING,
        State.FILED,
        State.INVESTIGATING,
        State.SUSPENDED,
        State.INVESTIGATION_CLOSED,
        State.REQUESTED,
        State.EXAMINED,
        State.SERVED_ON_RESPONDENT,
        State.ANSWERED,
        State.ORAL_HEARING,
        State.MEDIATING,
    ]
    # Parties are fixed once the case is filed (the filing decision names them).
    PARTY_EDIT_STATES = [State.CLUE, State.VERIFYING, State.REQUESTED, State.EXAMINED]
    STATE_FAMILIES = {
        State.CLUE: "new",
        State.REQUESTED: "new",
        State.NOT_FILED: "negative",
        State.HEARING_REQUESTED: "attention",
        State.TRANSFER_PENDING: "attention",
        State.TRANSFER_APPROVED: "attention",
        State.TRANSFERRED_TO_POLICE: "referred",
        State.DECIDED: "done",
        State.SERVED: "done",
        State.FINAL: "done",
        State.COURT_ENFORCEMENT_APPLIED: "attention",
    }

    state = FSMField("状态", default=State.CLUE, choices=State.choices, protected=True, db_index=True)
    procedure = models.CharField("程序", max_length=20, choices=Procedure.choices, db_index=True)
    case_number = models.CharField("案号", max_length=60, blank=True, db_index=True)
    case_number_issued = models.ForeignKey(
        "numbering.IssuedNumber",
        verbose_name="案号登记",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("案由", max_length=200)
    kind = models.CharField("案件类型", max_length=30, choices=Kind.choices, blank=True)
    agency_subject = models.CharField(
        "代理违法主体", max_length=30, choices=AgencySubject.choices, blank=True, help_text="代理违法案件必填"
    )
    clue_source = models.CharField("线索来源", max_length=30, choices=ClueSource.choices, blank=True)
    clue_source_detail = models.CharField("来源说明", max_length=200, blank=True)
    referral = models.ForeignKey(
        "cases.EnforcementReferral",
        verbose_name="维权援助中心移送记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
    )
    received_on = models.DateField("线索/请求收到日期")
    facts = models.TextField("基本案情")
    claims = models.TextField("请求事项", blank=True)
    parties = models.ManyToManyField(
        "parties.Party", verbose_name="当事人", through="CaseParty", related_name="enforcement_cases"
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="办案人员/合议组", blank=True, related_name="enforcement_cases"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主办人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enforcement_cases_led",
    )

    illegal_turnover = models.DecimalField("违法经营额（元）", **MONEY)
    illegal_gains = models.DecimalField("违法所得（元）", **MONEY)
    unsold_goods_value = models.DecimalField("尚未销售的侵权商品货值（元）", **MONEY)

    # Limitation (《行政处罚法》第三十六条); the date is also the new act's date for repeat
    # trademark infringement (《商标法》第六十条第二款).
    violation_on = models.DateField("违法行为发生日期（有连续或者继续状态的，为行为终了日期）", null=True, blank=True)
    limitation_interest = models.CharField(
        "涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）",
        max_length=20,
        choices=LimitationInterest.choices,
        blank=True,
    )
    limitation_exception = models.TextField("法律另有规定的追责期限及其依据", blank=True)

    # Clue and filing (立案)
    verification_started_on = models.DateField("开始核查日期", null=True, blank=True)
    filing_clock_paused_since = models.DateField("立案期限暂停计算自", null=True, blank=True)
    filing_clock_pause_kind = models.CharField("暂停计算事由", max_length=40, choices=ClockPause.choices, blank=True)
    filing_extended_on = models.DateField("立案期限延长批准日期", null=True, blank=True)
    filed_on = models.DateField("立案/受理日期", null=True, blank=True)
    filing_decided_on = models.DateField("立案审查决定日期", null=True, blank=True)

    # Suspension (中止) of the investigation or the adjudication
    suspended_from = models.DateField("中止日期", null=True, blank=True)
    suspension_ground = models.CharField("中止事由", max_length=40, choices=SuspensionGround.choices, blank=True)
    resumed_on = models.DateField("恢复日期", null=True, blank=True)
    time_limit_extensions = models.PositiveSmallIntegerField("办案期限延长次数", default=0)

    # Investigation, review, prior notice, statement, hearing, collective discussion
    investigation_report = models.TextField("调查终结报告", blank=True)
    investigation_closed_on = models.DateField("调查终结日期", null=True, blank=True)
    submitted_for_review_on = models.DateField("送审日期", null=True, blank=True)
    review_passed = models.BooleanField("法制审核通过", default=False)
    review_opinion = models.TextField("法制审核意见", blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    notice_served_on = models.DateField("告知书送达日期", null=True, blank=True)
    proposed_penalty = models.TextField("拟作出的行政处罚", blank=True)
    proposed_fine = models.DecimalField("拟罚款金额（元）", **MONEY)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    statement_due = models.DateField("陈述申辩期限届满日", null=True, blank=True)
    statement_recorded_on = models.DateField("陈述申辩登记日期", null=True, blank=True)
    statement_text = models.TextField("陈述申辩意见", blank=True)
    statement_waived = models.BooleanField("当事人书面放弃陈述申辩", default=False)
    hearing_waived = models.BooleanField("当事人书面放弃听证", default=False)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_notice_served_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_date = models.DateField("听证日期", null=True, blank=True)
    hearing_held_on = models.DateField("举行听证日期", null=True, blank=True)
    hearing_record = models.TextField("听证笔录及报告", blank=True)
    hearing_ended_on = models.DateField("听证终止日期", null=True, blank=True)
    hearing_end_ground = models.CharField("听证终止情形", max_length=20, choices=HearingEnd.choices, blank=True)
    discussion_on = models.DateField("集体讨论日期", null=True, blank=True)
    discussion_minutes = models.TextField("集体讨论记录", blank=True)

    # Decision and execution
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField("决定/裁决日期", null=True, blank=True)
    decision_note = models.TextField("不予处罚或移送的理由", blank=True)
    transferred_to = models.CharField("移送机关", max_length=200, blank=True)
    payment_demand_served_on = models.DateField("催告书送达日期", null=True, blank=True)
    court_name = models.CharField("申请强制执行的人民法院", max_length=100, blank=True)
    court_applied_on = models.DateField("申请强制执行日期", null=True, blank=True)
    court_case_number = models.CharField("法院执行案号", max_length=60, blank=True)
    court_result = models.TextField("法院执行结果", blank=True)
    court_concluded_on = models.DateField("法院执行终结日期", null=True, blank=True)

    # Criminal referral (案件移送)
    criminal_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="移送专案组", blank=True, related_name="+"
    )
    criminal_report = models.TextField("涉嫌犯罪案件移送书/调查报告", blank=True)
    criminal_proposed_on = models.DateField("提请移送日期", null=True, blank=True)
    criminal_approved_at = models.DateTimeField("批准移送时间", null=True, blank=True)
    police_unit = models.CharField("接收移送的公安机关", max_length=200, blank=True)
    police_transferred_at = models.DateTimeField("移送时间", null=True, blank=True)
    police_receipt = models.TextField("公安机关接收回执", blank=True)

    # Closing (结案)
    closing_reason = models.CharField("结案情形", max_length=30, choices=ClosingReason.choices, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_report = models.TextField("结案报告", blank=True)

    # Adjudication
    examined_on = models.DateField("请求审查日期", null=True, blank=True)
    respondent_served_on = models.DateField("送达被请求人日期", null=True, blank=True)
    answer_text = models.TextField("答辩意见", blank=True)
    answered_on = models.DateField("答辩日期", null=True, blank=True)
    oral_hearing_on = models.DateField("口头审理日期", null=True, blank=True)
    oral_hearing_record = models.TextField("口头审理笔录", blank=True)
    mediation = models.ForeignKey(
        "cases.MediationCase",
        verbose_name="关联调解案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjudications",
    )
    mediation_scope = models.TextField("调解事项", blank=True)
    adjudication_extended_on = models.DateField("裁决期限延长批准日期", null=True, blank=True)
    infringement_found = models.BooleanField("认定侵权成立", null=True, blank=True)
    ruling_order_to_stop = models.BooleanField("责令停止侵权行为", default=False)
    ruling_basis = models.TextField("裁决依据", blank=True)
    ruling_text = models.TextField("裁决书正文", blank=True)
    ruling_number = models.CharField("裁决书文号", max_length=60, blank=True, db_index=True)
    ruling_served_on = models.DateField("裁决书送达日期", null=True, blank=True)
    lawsuit_due = models.DateField("起诉期限届满日", null=True, blank=True)
    final_on = models.DateField("裁决生效日期", null=True, blank=True)

    class Meta:
        verbose_name = "执法案件"
        verbose_name_plural = "执法案件"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(procedure=Procedure.ADJUDICATION) | ~Q(kind=""), name="enforcement_penalty_has_kind"
            ),
        ]

    def __str__(self) -> str:
        label = self.case_number or f"{self.get_procedure_display()}{self.pk or ''}号"
        return f"{label} {self.title}"

    @property
    def workflow_variant(self) -> str:
        return self.procedure

    @property
    def violation_type(self) -> str:
        """违法行为类型 from the controlled list (enforcement.choices.VIOLATION_TYPES); the
        decision's own violation_type is the free-text description of the facts."""
        return violation_type_label(self.procedure, self.kind)

    @property
    def is_penalty(self) -> bool:
        return self.procedure == Procedure.PENALTY

    def parties_in_role(self, role: str) -> list:
        if self.pk is None:
            return []
        return [link.party for link in self.party_links.all() if link.role == role]

    @property
    def respondents(self) -> list:
        return self.parties_in_role(PartyRole.RESPONDENT)

    @property
    def right_holders(self) -> list:
        return self.parties_in_role(PartyRole.RIGHT_HOLDER)

    @property
    def principal_party(self):
        """The party the decision is addressed to (the first 当事人/被请求人 named)."""
        respondents = self.respondents
        return respondents[0] if respondents else None

    @property
    def requires_collective_discussion(self) -> bool:
        return self.proposed_fine is not None and self.proposed_fine >= limits.serious_fine_threshold()

    @classmethod
    def mine_filter(cls, user):
        assigned = cls.officers.through.objects.filter(user=user).values("enforcementcase_id")
        return Q(pk__in=assigned) | Q(lead_officer=user) | Q(created_by=user)

    @classmethod
    def awaiting_filter(cls, user):
        from casemgmt.org.models import Role

        if user.role == Role.OFFICER:
            # Named officers are chased for their cases; clues await any officer of the bureau.
            assigned = cls.officers.through.objects.filter(user=user).values("enforcementcase_id")
            unassigned = Q(state__in=[State.CLUE, State.VERIFYING, State.REQUESTED, State.EXAMINED])
            return Q(pk__in=assigned) | unassigned
        return None


class CaseParty(models.Model):
    """A party of a case in its role (当事人/被请求人, 举报人/投诉人, 权利人/请求人)."""

    case = models.ForeignKey(EnforcementCase, verbose_name="案件", on_delete=models.CASCADE, related_name="party_links")
    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="enforcement_links"
    )
    role = models.CharField("身份", max_length=20, choices=PartyRole.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "案件当事人"
        verbose_name_plural = "案件当事人"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "party", "role"], name="enforcement_case_party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.party}（{self.get_role_display()}）"
