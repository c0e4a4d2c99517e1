"""Payloads of patent-infringement dispute adjudication (DOMAIN §3b)."""

from django.utils import timezone
from rest_framework import serializers

from ...services.deadlines import ANSWER, latest_deadline
from .common import (
    CasePayload,
    CourtApplicationPayload,
    ResumptionPayload,
    SuspensionPayload,
    TeamPayload,
    dated,
    lead_officer_field,
    officers_field,
    past_date,
)

__all__ = ["ResumptionPayload", "SuspensionPayload"]


class PanelPayload(TeamPayload):
    minimum = 3
    odd = True
    what = "合议组成员"

    officers = officers_field("合议组成员（三名以上单数，持执法证）")
    lead_officer = lead_officer_field("审理组长")
    filed_on = serializers.DateField(label="立案受理日期", required=False)

    def validate_filed_on(self, value):
        return past_date(value, not_before=self.case.received_on, before_label="请求收到日期")

    def validate(self, attrs):
        return self.check_team(attrs, date_field="filed_on")


class RespondentServicePayload(CasePayload):
    served_on = serializers.DateField(label="送达被请求人日期", required=False)

    def validate(self, attrs):
        return dated(attrs, "served_on", not_before=self.case.filed_on, before_label="立案受理日期")


class AnswerPayload(CasePayload):
    answered = serializers.BooleanField(label="被请求人已提交答辩书", required=False, default=True)
    answer_text = serializers.CharField(label="答辩意见", max_length=50000, required=False, allow_blank=True)
    answered_on = serializers.DateField(label="答辩书收到日期", required=False)

    def validate(self, attrs):
        case = self.case
        if attrs["answered"]:
            if not attrs.get("answer_text", "").strip():
                raise serializers.ValidationError({"answer_text": ["请填写答辩意见。"]})
            return dated(attrs, "answered_on", not_before=case.respondent_served_on, before_label="送达日期")
        period = latest_deadline(case, ANSWER)
        if period is None or timezone.localdate() <= period.due:
            due = f"（{period.due:%Y-%m-%d} 届满）" if period is not None else ""
            raise serializers.ValidationError({"answered": [f"答辩期限尚未届满{due}，不能登记为未答辩。"]})
        attrs["answered_on"] = None
        attrs["answer_text"] = ""
        return attrs


class OralHearingPayload(CasePayload):
    held_on = serializers.DateField(label="口头审理日期", required=False)
    record = serializers.CharField(label="口头审理笔录", max_length=50000)

    def validate(self, attrs):
        case = self.case
        return dated(attrs, "held_on", not_before=case.respondent_served_on, before_label="送达被请求人日期")


class MediationPayload(CasePayload):
    both_parties_consent = serializers.BooleanField(label="双方当事人同意调解")
    scope = serializers.CharField(label="调解事项", max_length=2000, required=False, default="侵权赔偿数额")

    def validate_both_parties_consent(self, value):
        if not value:
            raise serializers.ValidationError("调解须经双方当事人同意。")
        return value

    def validate(self, attrs):
        case = self.case
        if not case.right_holders or not case.respondents:
            raise serializers.ValidationError({"non_field_errors": ["案件须列明请求人和被请求人才能调解。"]})
        return attrs


class RulingPayload(CasePayload):
    infringement_found = serializers.BooleanField(label="认定侵权行为成立")
    order_to_stop = serializers.BooleanField(label="责令立即停止侵权行为", required=False, default=False)
    ruling_basis = serializers.CharField(label="裁决依据", max_length=5000)
    ruling_text = serializers.CharField(label="裁决书正文", max_length=100000)
    decided_on = serializers.DateField(label="裁决日期", required=False)
    damages_amount = serializers.DecimalField(
        label="赔偿数额",
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="侵权赔偿只能调解，不能裁决；此项须留空。",
    )

    def validate_damages_amount(self, value):
        if value is not None:
            raise serializers.ValidationError(
                "侵权赔偿数额只能由管理专利工作的部门进行调解，不能裁决（《专利法》第六十五条）；"
                "请在裁决中删去赔偿内容，需要时就赔偿数额启动调解。"
            )
        return value

    def validate(self, attrs):
        case = self.case
        if attrs["order_to_stop"] and not attrs["infringement_found"]:
            raise serializers.ValidationError({"order_to_stop": ["认定侵权不成立的，不能责令停止侵权行为。"]})
        attrs.pop("damages_amount", None)
        return dated(attrs, "decided_on", not_before=case.filed_on, before_label="立案受理日期")


class RulingServicePayload(CasePayload):
    served_on = serializers.DateField(label="裁决书送达日期", required=False)

    def validate(self, attrs):
        return dated(attrs, "served_on", not_before=self.case.decided_on, before_label="裁决日期")


class FinalityPayload(CasePayload):
    no_lawsuit_confirmed = serializers.BooleanField(label="已核实当事人未在期限内提起行政诉讼")

    def validate_no_lawsuit_confirmed(self, value):
        if not value:
            raise serializers.ValidationError("当事人在期限内起诉的，裁决不发生效力，请核实。")
        return value


class RulingEnforcementPayload(CourtApplicationPayload):
    def validate(self, attrs):
        value = attrs["applied_on"]
        try:
            past_date(value, not_before=self.case.final_on, before_label="裁决生效日期")
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"applied_on": exc.detail}) from None
        return attrs
