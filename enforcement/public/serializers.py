from django.urls import reverse
from rest_framework import serializers

MAX_QUERY_LENGTH = 100


class PenaltyDecisionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        label="查询内容",
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text="当事人名称、统一社会信用代码、决定书文号或关键词",
    )
    violation_type = serializers.CharField(label="违法行为类型", required=False, allow_blank=True, max_length=100)
    date_from = serializers.DateField(label="决定日期（起）", required=False)
    date_to = serializers.DateField(label="决定日期（止）", required=False)

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": ["截止日期不能早于起始日期。"]})
        return attrs


def summary_field(key: str, label: str) -> serializers.CharField:
    return serializers.CharField(source=f"summary.{key}", label=label, default="")


class PublicPenaltyDecisionSerializer(serializers.Serializer):
    """One published decision as the public sees it: the summary, never the unmasked text."""

    id = serializers.IntegerField()
    number = summary_field("number", "决定书文号")
    party = summary_field("party", "当事人")
    credit_code = summary_field("credit_code", "统一社会信用代码")
    category = summary_field("category", "案件类别")
    violation_type = summary_field("violation_type", "违法行为类型")
    penalty = summary_field("penalty", "处罚内容")
    authority = summary_field("authority", "处罚机关")
    decided_on = serializers.DateField(source="source_date", label="处罚决定日期")
    public_from = serializers.DateField(label="公示起始日")
    public_until = serializers.DateField(label="公示截止日")
    url = serializers.SerializerMethodField()

    def get_url(self, publication) -> str:
        return reverse("public_penalties:detail", args=[publication.pk])


class PublicPenaltyDecisionDetailSerializer(PublicPenaltyDecisionSerializer):
    legal_representative = summary_field("legal_representative", "法定代表人")
    legal_basis = summary_field("legal_basis", "处罚依据")
    published_text = serializers.CharField(label="行政处罚决定书（已隐去个人信息）")
    version = serializers.IntegerField(label="公示版本")
    corrected = serializers.BooleanField(source="is_corrected", label="公示内容已更正")
    corrected_at = serializers.DateTimeField(label="更正时间", allow_null=True)
    decision_changed_on = serializers.SerializerMethodField(label="处罚决定被依法变更的日期")

    def get_decision_changed_on(self, publication) -> str | None:
        # Shown once the public text is the changed decision's, not while the correction is pending.
        if publication.changed_on is None or publication.replacement_text:
            return None
        return publication.changed_on.isoformat()


class WithdrawnNoticeSerializer(serializers.Serializer):
    # A decision never published (or not at all) gets the plain 404 {"detail"} without the two dates.
    detail = serializers.CharField()
    withdrawn_on = serializers.DateField(required=False)
    withdrawal_reason = serializers.CharField(required=False)
