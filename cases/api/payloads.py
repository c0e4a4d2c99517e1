"""Payloads of the transitions that need more than a reason."""

from rest_framework import serializers

from casemgmt.org.models import Role, User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons

from ..models import AssistanceRequest


class AssignHandlerPayload(serializers.Serializer):
    handler = serializers.PrimaryKeyRelatedField(
        label="承办人", queryset=User.objects.filter(is_active=True, role=Role.HANDLER)
    )

    def validate_handler(self, handler):
        instance = self.context["instance"]
        if not may_see_jurisdiction(handler, instance.jurisdiction_id):
            raise serializers.ValidationError("该承办人不负责本案所属区划。")
        reasons = conflict_reasons(handler, [instance.applicant, instance.respondent])
        if reasons:
            raise serializers.ValidationError(reasons)
        return handler


class OpinionPayload(serializers.Serializer):
    opinion = serializers.CharField(label="援助意见", max_length=20000)


class ClosingPayload(serializers.Serializer):
    closing_report = serializers.CharField(label="结案报告", max_length=20000)


class ReferralPayload(serializers.Serializer):
    referral_target = serializers.ChoiceField(label="转交去向", choices=AssistanceRequest.ReferralTarget.choices)
    referral_unit = serializers.CharField(label="接收单位", max_length=200)
    applicant_consent = serializers.BooleanField(label="申请人同意转交")

    def validate_applicant_consent(self, value):
        if not value:
            raise serializers.ValidationError("转交须经申请人同意。")
        return value


class ReferralReceiptPayload(serializers.Serializer):
    referral_receipt = serializers.CharField(label="接收单位回执/反馈", max_length=5000)


class FollowUpPayload(serializers.Serializer):
    satisfaction = serializers.IntegerField(
        label="满意度（1–5）",
        min_value=1,
        max_value=5,
        help_text="填 1 至 5 的整数：1 为很不满意，5 为非常满意。",
        error_messages={
            "invalid": "请填写 1 至 5 的整数。",
            "min_value": "满意度为 1 至 5，请填写 1 至 5 的整数。",
            "max_value": "满意度为 1 至 5，请填写 1 至 5 的整数。",
            "required": "请填写满意度（1–5）。",
            "null": "请填写满意度（1–5）。",
        },
    )
    follow_up_note = serializers.CharField(label="回访记录", max_length=5000, required=False, allow_blank=True)


class AcknowledgeReferralPayload(serializers.Serializer):
    acknowledgement = serializers.CharField(label="接收意见", max_length=5000, required=False, allow_blank=True)
