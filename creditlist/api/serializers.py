from django.urls import reverse
from rest_framework import serializers

from casemgmt.org.fields import JurisdictionCodeField
from casemgmt.parties.serializers import PartyInputSerializer
from casemgmt.workflow.serializers import WorkflowSerializer
from enforcement.models import PenaltyDecision
from enforcement.selectors import penalty_decisions_visible_to

from ..choices import PUBLIC_STATES
from ..eligibility import removal_eligibility
from ..models import CreditEntry, CreditGround, EarlyRemovalApplication, JointMeasure

CREATION_ONLY = ("party", "ground", "penalty_decision", "jurisdiction_code", "matched_rule")


def reason_field() -> serializers.CharField:
    return serializers.CharField(label="理由", write_only=True, required=False, allow_blank=True, max_length=5000)


class GroundSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditGround
        fields = ["code", "name", "legal_basis", "listing_years", "needs_penalty_decision", "auto_rule"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = JointMeasure
        fields = ["code", "name", "legal_basis", "implementing_agencies"]


class VisibleDecisionField(serializers.PrimaryKeyRelatedField):
    """A penalty decision the caller may read (others are "not found", never revealed)."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "does_not_exist": "未找到该处罚决定。",
    }

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return PenaltyDecision.objects.none()
        return penalty_decisions_visible_to(request.user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not str(data).isdigit() or len(str(data)) > 18:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class CreditEntrySerializer(WorkflowSerializer):
    """A list entry for staff. Created by proposing (`party` or the decision's party, `ground`,
    `penalty_decision`, `matched_rule`); afterwards only `facts` and `measures` are edited here,
    every other field by the transitions."""

    reason = reason_field()
    jurisdiction_code = JurisdictionCodeField(source="jurisdiction", write_only=True, required=False, label="区划代码")
    party = PartyInputSerializer(label="当事人", required=False)
    party_id = serializers.IntegerField(read_only=True)
    ground = serializers.SlugRelatedField(
        label="列入事由", slug_field="code", queryset=CreditGround.objects.filter(active=True)
    )
    ground_detail = GroundSerializer(source="ground", read_only=True)
    penalty_decision = VisibleDecisionField(label="依据的行政处罚决定", required=False, allow_null=True)
    penalty_decision_number = serializers.CharField(source="penalty_decision.number_text", read_only=True, default="")
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    matched_rule = serializers.CharField(label="认定依据", max_length=5000)
    facts = serializers.CharField(label="违法事实摘要", max_length=20000, required=False, allow_blank=True)
    measures = serializers.SlugRelatedField(
        label="联合惩戒措施",
        many=True,
        slug_field="code",
        queryset=JointMeasure.objects.filter(active=True),
        required=False,
    )
    measure_details = MeasureSerializer(source="measures", many=True, read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.display_name", read_only=True, default=None)
    is_in_effect = serializers.BooleanField(read_only=True)
    is_public = serializers.BooleanField(read_only=True)
    consent_required = serializers.BooleanField(read_only=True)
    early_removal_from = serializers.DateField(read_only=True, allow_null=True)  # not listed yet
    removal_eligibility = serializers.SerializerMethodField()

    class Meta:
        model = CreditEntry
        fields = WorkflowSerializer.common_fields + [
            "reason",
            "jurisdiction_code",
            "party",
            "party_id",
            "ground",
            "ground_detail",
            "penalty_decision",
            "penalty_decision_number",
            "source",
            "source_label",
            "matched_rule",
            "facts",
            "listing_years",
            "measures",
            "measure_details",
            "notice_served_on",
            "statement_due",
            "rights_waived_on",
            "objection_received_on",
            "objection_text",
            "hearing_requested_on",
            "hearing_held_on",
            "hearing_record",
            "objection_opinion",
            "consent_required",
            "consent_requested_on",
            "consent_authority",
            "consent_reference",
            "consented_on",
            "listing_number",
            "listed_on",
            "listing_until",
            "decided_by_name",
            "published_on",
            "is_in_effect",
            "is_public",
            "early_removal_from",
            "removal_eligibility",
            "ended_on",
            "end_reason",
        ]
        read_only_fields = [
            "source",
            "listing_years",
            "notice_served_on",
            "statement_due",
            "rights_waived_on",
            "objection_received_on",
            "objection_text",
            "hearing_requested_on",
            "hearing_held_on",
            "hearing_record",
            "objection_opinion",
            "consent_requested_on",
            "consent_authority",
            "consent_reference",
            "consented_on",
            "listing_number",
            "listed_on",
            "listing_until",
            "published_on",
            "ended_on",
            "end_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, (list, tuple)) and hasattr(self.instance, "pk"):
            # An edit: what the entry rests on is fixed once it is proposed.
            for name in ("ground", "matched_rule"):
                self.fields[name].required = False

    def get_removal_eligibility(self, entry) -> list[dict]:
        if entry.state not in PUBLIC_STATES:
            return []
        return [c.as_dict() for c in removal_eligibility(entry)]

    def validate(self, attrs):
        if self.instance is not None:
            fixed = sorted(name for name in CREATION_ONLY if name in self.initial_data)
            if fixed:
                raise serializers.ValidationError({name: ["提出后不能修改，请撤销后重新提出。"] for name in fixed})
            return attrs
        decision = attrs.get("penalty_decision")
        if attrs.get("party") is None and decision is None:
            raise serializers.ValidationError({"party": ["请填写当事人，或选择依据的行政处罚决定。"]})
        if not (attrs.get("matched_rule") or "").strip():
            raise serializers.ValidationError({"matched_rule": ["请写明认定符合列入事由的依据。"]})
        return attrs


class ApplicationSerializer(serializers.ModelSerializer):
    """An early removal application as staff see it."""

    channel = serializers.CharField(read_only=True, help_text="online | counter")
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="submitted | approved | refused | closed")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.display_name", read_only=True, default=None)
    proofs = serializers.SerializerMethodField()

    class Meta:
        model = EarlyRemovalApplication
        fields = [
            "id",
            "tracking_code",
            "channel",
            "channel_label",
            "applicant_name",
            "contact_phone",
            "statement",
            "obligations_statement",
            "effects_statement",
            "eligibility",
            "status",
            "status_label",
            "decision_reason",
            "decided_on",
            "decided_by_name",
            "submitted_at",
            "proofs",
        ]
        read_only_fields = fields

    def get_proofs(self, application) -> list[dict]:
        return [
            {
                "id": a.pk,
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
                "download_url": reverse("attachment-download", args=[a.pk]),
            }
            for a in application.proofs.all()
        ]
