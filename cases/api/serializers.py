from rest_framework import serializers

from casemgmt.org.fields import JurisdictionCodeField
from casemgmt.parties.serializers import PartyInputSerializer, PartySerializer
from casemgmt.workflow.serializers import WorkflowSerializer

from ..models import AssistanceRequest


def reason_field() -> serializers.CharField:
    """The optional reason of a registration or an edit, kept in the history (default: the step's label)."""
    return serializers.CharField(label="理由", write_only=True, required=False, allow_blank=True, max_length=5000)


class AssistanceRequestSerializer(WorkflowSerializer):
    applicant = PartyInputSerializer(label="申请人")
    respondent = PartyInputSerializer(label="对方当事人", required=False, allow_null=True)
    jurisdiction_code = JurisdictionCodeField(source="jurisdiction", write_only=True, required=False, label="区划代码")
    handler_name = serializers.CharField(source="handler.display_name", read_only=True, default=None)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    ip_type_label = serializers.CharField(source="get_ip_type_display", read_only=True)
    assistance_type_label = serializers.CharField(source="get_assistance_type_display", read_only=True)
    title = serializers.CharField(label="事项", max_length=200)
    facts = serializers.CharField(label="事实与理由", max_length=20000)
    reason = reason_field()

    class Meta:
        model = AssistanceRequest
        fields = WorkflowSerializer.common_fields + [
            "reason",
            "jurisdiction_code",
            "tracking_code",
            "channel",
            "channel_label",
            "applicant",
            "contact_phone",
            "contact_email",
            "respondent",
            "title",
            "ip_type",
            "ip_type_label",
            "assistance_type",
            "assistance_type_label",
            "facts",
            "claims",
            "handled_elsewhere",
            "handler",
            "handler_name",
            "opinion",
            "referral_target",
            "referral_unit",
            "applicant_consent",
            "referral_receipt",
            "closing_report",
            "satisfaction",
            "follow_up_note",
            "accepted_at",
            "closed_at",
        ]
        read_only_fields = [
            "tracking_code",
            "handler",
            "opinion",
            "referral_target",
            "referral_unit",
            "applicant_consent",
            "referral_receipt",
            "closing_report",
            "satisfaction",
            "follow_up_note",
            "accepted_at",
            "closed_at",
        ]

    def validate_title(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写事项。")
        return value.strip()

    def validate_facts(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写事实与理由。")
        return value.strip()

    def validate_contact_phone(self, value):
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) < 7 or len(digits) > 15:
            raise serializers.ValidationError("联系电话格式不正确。")
        return value.strip()

    def validate(self, attrs):
        if self.instance is None and "jurisdiction" not in attrs:
            user = self.context["request"].user
            if user.jurisdiction_id is None:
                raise serializers.ValidationError({"jurisdiction_code": ["请选择区划。"]})
            attrs["jurisdiction"] = user.jurisdiction
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        context = self.context
        data["applicant"] = PartySerializer(instance.applicant, context=context).data
        data["respondent"] = PartySerializer(instance.respondent, context=context).data if instance.respondent else None
        return data
