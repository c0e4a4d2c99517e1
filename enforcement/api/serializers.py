from django.utils import timezone
from rest_framework import serializers

from casemgmt.org.fields import JurisdictionCodeField
from casemgmt.parties.serializers import PartyInputSerializer, PartySerializer
from casemgmt.workflow.serializers import WorkflowSerializer

from ..choices import AgencySubject, ClueSource, Kind, LimitationInterest, PartyRole, Procedure
from ..models import EnforcementCase, PenaltyDecision
from ..rules import limitation
from ..rules.money import ZERO, criminal_hint, fine_ceiling
from ..selectors.decisions import prior_trademark_penalties, repeat_act_date
from .execution import ArrangementSerializer, RemedySerializer
from .payloads.common import past_date

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": ZERO, "required": False, "allow_null": True}


class CasePartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(label="身份", choices=PartyRole.choices)
    party = PartyInputSerializer(label="当事人")


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    certificate_number = serializers.CharField()
    jurisdiction = serializers.CharField(source="jurisdiction_id")


CREATE_ONLY = ("procedure", "kind", "clue_source", "received_on", "jurisdiction")


class EnforcementCaseSerializer(WorkflowSerializer):
    """An enforcement case. Created as a clue (penalty) or an adjudication request; afterwards only
    the title, facts, claims, amounts (and parties before filing) are edited here, the rest by
    transitions."""

    procedure = serializers.ChoiceField(label="程序", choices=Procedure.choices)
    procedure_label = serializers.CharField(source="get_procedure_display", read_only=True)
    jurisdiction_code = JurisdictionCodeField(source="jurisdiction", write_only=True, required=False, label="区划代码")
    title = serializers.CharField(label="案由", max_length=200)
    facts = serializers.CharField(label="基本案情", max_length=50000)
    kind = serializers.ChoiceField(label="案件类型", choices=Kind.choices, required=False, allow_blank=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    agency_subject = serializers.ChoiceField(
        label="代理违法主体", choices=AgencySubject.choices, required=False, allow_blank=True
    )
    agency_subject_label = serializers.CharField(source="get_agency_subject_display", read_only=True)
    clue_source = serializers.ChoiceField(
        label="线索来源", choices=ClueSource.choices, required=False, allow_blank=True
    )
    clue_source_label = serializers.CharField(source="get_clue_source_display", read_only=True)
    received_on = serializers.DateField(label="线索/请求收到日期")
    parties = CasePartyInputSerializer(label="当事人", many=True, write_only=True)
    illegal_turnover = serializers.DecimalField(label="违法经营额（元）", **MONEY)
    illegal_gains = serializers.DecimalField(label="违法所得（元）", **MONEY)
    unsold_goods_value = serializers.DecimalField(label="尚未销售的侵权商品货值（元）", **MONEY)
    violation_on = serializers.DateField(
        label="违法行为发生日期（有连续或者继续状态的，为行为终了日期）", required=False, allow_null=True
    )
    limitation_interest = serializers.ChoiceField(
        label="涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）",
        choices=LimitationInterest.choices,
        required=False,
        allow_blank=True,
    )
    limitation_exception = serializers.CharField(
        label="法律另有规定的追责期限及其依据", max_length=2000, required=False, allow_blank=True
    )
    limitation = serializers.SerializerMethodField()
    officers = OfficerSerializer(many=True, read_only=True)
    lead_officer_name = serializers.CharField(source="lead_officer.display_name", read_only=True, default=None)
    closing_reason_label = serializers.CharField(source="get_closing_reason_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    fine_ceiling = serializers.SerializerMethodField()
    criminal_threshold_hint = serializers.SerializerMethodField()
    prior_trademark_penalties = serializers.SerializerMethodField()
    requires_collective_discussion = serializers.BooleanField(read_only=True)
    penalty_decision = serializers.SerializerMethodField()
    referral_clue = serializers.SerializerMethodField()
    reason = serializers.CharField(
        label="理由",
        max_length=2000,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="记入案件办理记录；不填为“登记线索”/“修改案件信息”。",
    )

    class Meta:
        model = EnforcementCase
        writable = [
            "procedure",
            "jurisdiction_code",
            "title",
            "kind",
            "agency_subject",
            "clue_source",
            "clue_source_detail",
            "received_on",
            "facts",
            "claims",
            "parties",
            "illegal_turnover",
            "illegal_gains",
            "unsold_goods_value",
            "violation_on",
            "limitation_interest",
            "limitation_exception",
            "reason",
        ]
        recorded = [
            "case_number",
            "referral",
            "mediation",
            "lead_officer",
            "verification_started_on",
            "filing_clock_paused_since",
            "filing_clock_pause_kind",
            "filing_extended_on",
            "filed_on",
            "filing_decided_on",
            "suspended_from",
            "suspension_ground",
            "resumed_on",
            "time_limit_extensions",
            "investigation_report",
            "investigation_closed_on",
            "submitted_for_review_on",
            "review_passed",
            "review_opinion",
            "reviewed_on",
            "notice_served_on",
            "proposed_penalty",
            "proposed_fine",
            "hearing_right",
            "statement_due",
            "statement_recorded_on",
            "statement_text",
            "statement_waived",
            "hearing_waived",
            "hearing_requested_on",
            "hearing_notice_served_on",
            "hearing_date",
            "hearing_held_on",
            "hearing_record",
            "discussion_on",
            "discussion_minutes",
            "outcome",
            "decided_on",
            "decision_note",
            "transferred_to",
            "payment_demand_served_on",
            "court_name",
            "court_applied_on",
            "court_case_number",
            "court_result",
            "court_concluded_on",
            "criminal_report",
            "criminal_proposed_on",
            "criminal_approved_at",
            "police_unit",
            "police_transferred_at",
            "police_receipt",
            "closing_reason",
            "closed_on",
            "closing_report",
            "examined_on",
            "respondent_served_on",
            "answer_text",
            "answered_on",
            "oral_hearing_on",
            "oral_hearing_record",
            "mediation_scope",
            "adjudication_extended_on",
            "infringement_found",
            "ruling_order_to_stop",
            "ruling_basis",
            "ruling_text",
            "ruling_number",
            "ruling_served_on",
            "lawsuit_due",
            "final_on",
        ]
        computed = [
            "procedure_label",
            "kind_label",
            "agency_subject_label",
            "clue_source_label",
            "officers",
            "lead_officer_name",
            "outcome_label",
            "closing_reason_label",
            "fine_ceiling",
            "criminal_threshold_hint",
            "prior_trademark_penalties",
            "limitation",
            "requires_collective_discussion",
            "penalty_decision",
            "referral_clue",
        ]
        fields = WorkflowSerializer.common_fields + writable + recorded + computed
        read_only_fields = recorded

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # Registered once: a full update (PUT) need not repeat what can no longer change.
            for name in ("procedure", "received_on", "parties"):
                fields[name].required = False
        return fields

    def validate_title(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写案由。")
        return value.strip()

    def validate_facts(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写基本案情。")
        return value.strip()

    def validate_received_on(self, value):
        return past_date(value)

    def validate(self, attrs):
        kind = attrs.get("kind", self.instance.kind if self.instance is not None else "")
        if attrs.get("agency_subject") and kind != Kind.AGENCY_VIOLATION:
            raise serializers.ValidationError({"agency_subject": ["只有代理违法案件选择代理违法主体。"]})
        if self.instance is not None:
            fixed = [name for name in CREATE_ONLY if name in attrs]
            if fixed:
                raise serializers.ValidationError({name: ["登记后不能修改此项。"] for name in fixed})
            return attrs
        if "jurisdiction" not in attrs:
            user = self.context["request"].user
            if user.jurisdiction_id is None:
                raise serializers.ValidationError({"jurisdiction_code": ["请选择区划。"]})
            attrs["jurisdiction"] = user.jurisdiction
        return attrs

    def to_representation(self, case):
        data = super().to_representation(case)
        data["parties"] = [
            {
                "role": link.role,
                "role_label": link.get_role_display(),
                "name": link.party.name,
                "party": PartySerializer(link.party, context=self.context).data,
            }
            for link in case.party_links.all()
        ]
        return data

    def get_fine_ceiling(self, case) -> dict | None:
        if not case.is_penalty:
            return None
        ceiling = fine_ceiling(
            case.kind,
            illegal_turnover=case.illegal_turnover,
            illegal_gains=case.illegal_gains,
            agency_subject=case.agency_subject,
        )
        return {"amount": f"{ceiling.amount:.2f}", "floor": f"{ceiling.floor:.2f}", "explanation": ceiling.explanation}

    def get_limitation(self, case) -> dict | None:
        """When the period to discover the violation ends, and why a penalty is barred if it is."""
        if not case.is_penalty or case.violation_on is None:
            return None
        return {
            "years": limitation.years_for(case.limitation_interest),
            "ends_on": limitation.period_end(case.violation_on, case.limitation_interest).isoformat(),
            "exception": case.limitation_exception,
            "time_barred": limitation.time_barred(
                violation_on=case.violation_on,
                interest=case.limitation_interest,
                exception=case.limitation_exception,
                discovered_on=case.received_on,
            ),
        }

    def get_criminal_threshold_hint(self, case) -> list[str]:
        """Indicative only: officers judge whether to propose a criminal referral."""
        return criminal_hint(
            case.kind,
            illegal_turnover=case.illegal_turnover,
            illegal_gains=case.illegal_gains,
            unsold_goods_value=case.unsold_goods_value,
        )

    def get_prior_trademark_penalties(self, case) -> list[str]:
        party = case.principal_party
        if case.kind != Kind.TRADEMARK_INFRINGEMENT or party is None:
            return []
        act_on = repeat_act_date(case)
        return [d.number_text for d in prior_trademark_penalties(party, act_on=act_on, exclude_case_id=case.pk)]

    def get_penalty_decision(self, case) -> dict | None:
        decision = getattr(case, "penalty_decision", None)
        return {"id": decision.pk, "number": decision.number_text} if decision else None

    def get_referral_clue(self, case) -> dict | None:
        if case.referral_id is None:
            return None
        return {"referral": case.referral_id, "assistance_request": case.referral.assistance_request_id}


class TimeLimitExtensionSerializer(serializers.Serializer):
    reason = serializers.CharField(label="延长理由", max_length=5000)
    days = serializers.IntegerField(label="延长天数", required=False, allow_null=True, min_value=1, max_value=3650)
    discussion_minutes = serializers.CharField(
        label="集体讨论记录（再次延长时必填）", max_length=50000, required=False, allow_blank=True
    )


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    amount = serializers.DecimalField(label="缴款金额（元）", max_digits=14, decimal_places=2, min_value=ZERO)
    paid_on = serializers.DateField(label="缴款日期")
    receipt_number = serializers.CharField(label="缴款凭证号", max_length=60, required=False, allow_blank=True)
    note = serializers.CharField(label="备注", max_length=300, required=False, allow_blank=True)
    recorded_by = serializers.CharField(source="recorded_by.display_name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def validate_amount(self, value):
        if value <= ZERO:
            raise serializers.ValidationError("缴款金额必须大于零。")
        return value


def _excluded_days(decision) -> int:
    """Days of the party's review or lawsuit so far (no surcharge accrues on them)."""
    today = timezone.localdate()
    return sum(((r.ended_on or today) - r.filed_on).days + 1 for r in decision.remedies.all() if r.filed_on <= today)


PAYMENT_STATUS = {
    "not_served": "待送达",
    "nothing_payable": "无罚没款",
    "awaiting_payment": "待缴纳",
    "overdue": "逾期未缴纳",
    "settled": "已缴清",
}


class PenaltyDecisionSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_text", read_only=True)
    case_number = serializers.CharField(source="case.case_number", read_only=True)
    case_state = serializers.CharField(source="case.state", read_only=True)
    case_state_label = serializers.CharField(source="case.state_label", read_only=True)
    kind = serializers.CharField(source="case.kind", read_only=True)
    kind_label = serializers.CharField(source="case.get_kind_display", read_only=True)
    jurisdiction = serializers.CharField(source="jurisdiction_id", read_only=True)
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    party = PartySerializer(read_only=True)
    penalty_summary = serializers.CharField(read_only=True)
    amount_payable = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    service_method_label = serializers.CharField(source="get_service_method_display", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.display_name", read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    arrangements = ArrangementSerializer(many=True, read_only=True)
    remedies = RemedySerializer(many=True, read_only=True)
    payment_position = serializers.SerializerMethodField()
    payment_status = serializers.SerializerMethodField()
    payment_status_label = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()

    class Meta:
        model = PenaltyDecision
        fields = [
            "id",
            "number",
            "case",
            "case_number",
            "case_state",
            "case_state_label",
            "kind",
            "kind_label",
            "jurisdiction",
            "jurisdiction_name",
            "party",
            "violation_type",
            "legal_basis",
            "warning",
            "fine_amount",
            "confiscated_gains",
            "confiscated_items",
            "order_to_stop",
            "revoke_licence",
            "other_measures",
            "warning_only",
            "penalty_summary",
            "amount_payable",
            "lawful_source",
            "supplier",
            "must_aggravate",
            "aggravation_confirmed",
            "prior_decisions",
            "facts",
            "evidence",
            "performance",
            "authority",
            "review_body",
            "court",
            "decision_text",
            "decided_on",
            "decided_by_name",
            "served_on",
            "service_method",
            "service_method_label",
            "payment_due",
            "payments",
            "arrangements",
            "remedies",
            "payment_position",
            "payment_status",
            "payment_status_label",
            "document",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _position(self, decision):
        cache = self.context.setdefault("_positions", {})
        if decision.pk not in cache:
            cache[decision.pk] = decision.payment_position()
        return cache[decision.pk]

    def get_payment_position(self, decision) -> dict:
        position = self._position(decision)
        return {
            "as_of": timezone.localdate().isoformat(),
            "fine_unpaid": f"{position.fine_unpaid:.2f}",
            "other_unpaid": f"{position.other_unpaid:.2f}",
            "surcharge": f"{position.surcharge:.2f}",
            "surcharge_paid": f"{position.surcharge_paid:.2f}",
            "surcharge_days": position.surcharge_days,
            "surcharge_excluded_days": _excluded_days(decision),
            "outstanding": f"{position.outstanding:.2f}",
            "settled": position.settled,
        }

    def get_payment_status(self, decision) -> str:
        if decision.amount_payable <= ZERO:
            return "nothing_payable"
        if self._position(decision).settled:
            return "settled"
        if decision.served_on is None:
            return "not_served"
        if decision.in_default():
            return "overdue"
        return "awaiting_payment"

    def get_payment_status_label(self, decision) -> str:
        return PAYMENT_STATUS[self.get_payment_status(decision)]

    def get_document(self, decision) -> dict:
        from django.urls import reverse

        return {"id": decision.document_id, "html_url": reverse("web:document-print", args=[decision.document_id])}
