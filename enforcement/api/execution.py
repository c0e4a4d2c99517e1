"""API shapes of a decision's execution records: approved deferral/instalments, the party's review
or lawsuit, and referrals of agency sanctions to the national office. Input serializers check
form; the services (enforcement.services.execution) check the law."""

from rest_framework import serializers

from ..choices import ArrangementKind, NationalMeasure, RemedyKind, RemedyOutcome
from ..models import NationalOfficeReferral, PaymentArrangement, RemedyProceeding
from ..rules.money import ZERO
from .payloads.common import past_date

MONEY = {"max_digits": 14, "decimal_places": 2}


class InstalmentInputSerializer(serializers.Serializer):
    due = serializers.DateField(label="缴纳日期")
    amount = serializers.DecimalField(label="金额（元）", min_value=ZERO, **MONEY)


class ArrangementInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label="方式", choices=ArrangementKind.choices)
    applied_on = serializers.DateField(label="当事人申请日期")
    approved_on = serializers.DateField(label="批准日期", required=False)
    reason = serializers.CharField(label="经济困难情况及批准理由", max_length=5000)
    deferred_to = serializers.DateField(label="暂缓至", required=False, allow_null=True)
    instalments = InstalmentInputSerializer(label="各期", many=True, required=False)

    def validate(self, attrs):
        from django.utils import timezone

        attrs.setdefault("approved_on", timezone.localdate())
        if attrs["kind"] == ArrangementKind.DEFERRAL and attrs.get("instalments"):
            raise serializers.ValidationError({"instalments": ["暂缓缴纳不填写分期。"]})
        if attrs["kind"] == ArrangementKind.INSTALMENTS and attrs.get("deferred_to"):
            raise serializers.ValidationError({"deferred_to": ["分期缴纳不填写暂缓日期。"]})
        return attrs


class InstalmentSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    due = serializers.DateField(source="deadline.due")
    status = serializers.CharField(source="deadline.status")


class ArrangementSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    approved_by_name = serializers.CharField(source="approved_by.display_name", read_only=True)
    instalments = InstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = PaymentArrangement
        fields = [
            "id",
            "kind",
            "kind_label",
            "applied_on",
            "approved_on",
            "approved_by_name",
            "reason",
            "deferred_to",
            "instalments",
            "created_at",
        ]
        read_only_fields = fields


class RemedyInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label="类别", choices=RemedyKind.choices)
    filed_on = serializers.DateField(label="申请复议/起诉日期")
    body = serializers.CharField(label="复议机关/人民法院", max_length=200)
    reference = serializers.CharField(label="案号", max_length=100, required=False, allow_blank=True)
    reason = serializers.CharField(label="备注", max_length=2000, required=False, allow_blank=True)


class RemedyConclusionSerializer(serializers.Serializer):
    ended_on = serializers.DateField(label="复议/诉讼终结日期")
    outcome = serializers.ChoiceField(label="结果", choices=RemedyOutcome.choices)
    outcome_note = serializers.CharField(label="结果说明", max_length=5000, required=False, allow_blank=True)


class RemedySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True)

    class Meta:
        model = RemedyProceeding
        fields = [
            "id",
            "kind",
            "kind_label",
            "filed_on",
            "body",
            "reference",
            "ended_on",
            "outcome",
            "outcome_label",
            "outcome_note",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


class NationalReferralInputSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(label="提请的措施", choices=NationalMeasure.choices)
    suspension_months = serializers.IntegerField(
        label="建议停止承接业务月数（6至12）", required=False, allow_null=True, min_value=1, max_value=120
    )
    grounds = serializers.CharField(label="情节严重或逾期未改正的事实", max_length=20000)
    referred_on = serializers.DateField(label="提请日期", required=False)
    letter_number = serializers.CharField(label="提请函文号", max_length=60, required=False, allow_blank=True)

    def validate(self, attrs):
        from django.utils import timezone

        attrs.setdefault("referred_on", timezone.localdate())
        return attrs


class NationalAnswerSerializer(serializers.Serializer):
    answered_on = serializers.DateField(label="答复日期")
    answer = serializers.CharField(label="处理结果", max_length=20000)

    def validate_answered_on(self, value):
        return past_date(value)


class NationalReferralSerializer(serializers.ModelSerializer):
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True)

    class Meta:
        model = NationalOfficeReferral
        fields = [
            "id",
            "measure",
            "measure_label",
            "suspension_months",
            "grounds",
            "referred_on",
            "letter_number",
            "answered_on",
            "answer",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields
