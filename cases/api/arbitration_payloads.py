"""Payloads of the referral transitions: what the receiving body answered."""

from rest_framework import serializers

from ..models import ArbitrationReferral
from ..rules.arbitration import OUTCOMES_BY_KIND
from .mediation_payloads import checked_date


class _ReferralPayload(serializers.Serializer):
    @property
    def referral(self) -> ArbitrationReferral:
        return self.context["instance"]


class ReferralAcceptancePayload(_ReferralPayload):
    accepted_on = serializers.DateField(label="受理日期")
    receiving_case_number = serializers.CharField(label="接收机构案号", max_length=60)

    def validate_accepted_on(self, value):
        return checked_date(value, not_before=self.referral.referred_on, before_label="转介日期")

    def validate_receiving_case_number(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写接收机构的案号。")
        return "".join(value.split())


class ReferralOutcomePayload(_ReferralPayload):
    outcome_kind = serializers.ChoiceField(label="结果文书", choices=ArbitrationReferral.OutcomeKind.choices)
    outcome_document_number = serializers.CharField(label="文书编号", max_length=60)
    outcome_on = serializers.DateField(label="文书日期")
    outcome_summary = serializers.CharField(label="结果摘要", max_length=5000, required=False, allow_blank=True)

    def validate_outcome_kind(self, value):
        referral = self.referral
        if value not in OUTCOMES_BY_KIND.get(referral.kind, ()):
            raise serializers.ValidationError(
                f"{referral.get_kind_display()}不会出具“{ArbitrationReferral.OutcomeKind(value).label}”。"
            )
        return value

    def validate_outcome_on(self, value):
        return checked_date(value, not_before=self.referral.accepted_on, before_label="受理日期")


class ReferralClosingPayload(_ReferralPayload):
    closing_note = serializers.CharField(label="结案说明", max_length=5000, required=False, allow_blank=True)
