import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from casemgmt.org.fields import JurisdictionCodeField
from casemgmt.org.models import Role, User
from casemgmt.parties.serializers import PartyInputSerializer, PartySerializer
from casemgmt.workflow.serializers import WorkflowSerializer

from ..models import MediationCase, MediationSession
from .serializers import reason_field

Source = MediationCase.Source
# Cases referred from assistance requests are created by the referral itself, never by hand.
REGISTERABLE_SOURCES = [(value, label) for value, label in Source.choices if value != Source.ASSISTANCE_REFERRAL]
EARLIEST_SESSION = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST_SESSION = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


CASE_FIELDS = [
    "jurisdiction_code",
    "source",
    "source_label",
    "assistance_request",
    "assistance_request_tracking_code",
    "court_name",
    "court_case_number",
    "applicant",
    "respondent",
    "contact_phone",
    "title",
    "ip_type",
    "ip_type_label",
    "facts",
    "claims",
    "respondent_response",
    "respondent_response_label",
    "respondent_responded_on",
    "respondent_response_method",
    "respondent_response_note",
    "accepted_on",
    "mediator",
    "mediator_name",
    "court_extension_approved_on",
    "court_extension_approval",
    "agreement_text",
    "agreement_effective_on",
    "termination_reason",
    "concluded_on",
    "confirmation_court",
    "confirmation_applied_on",
    "confirmation_case_number",
    "confirmation_review_extended_on",
    "confirmation_ruled_on",
    "confirmation_result",
    "performance",
    "performance_label",
    "performed_on",
    "performance_note",
    "enforcement_court",
    "enforcement_applied_on",
    "court_reported_on",
    "court_report",
    "referrals",
]
CASE_WRITABLE = {
    "jurisdiction_code",
    "source",
    "court_name",
    "court_case_number",
    "applicant",
    "respondent",
    "contact_phone",
    "title",
    "ip_type",
    "facts",
    "claims",
}
CASE_READ_ONLY = [name for name in CASE_FIELDS if name not in CASE_WRITABLE]


def required_text(value: str, message: str) -> str:
    if not value.strip():
        raise serializers.ValidationError(message)
    return value.strip()


class MediationCaseSerializer(WorkflowSerializer):
    applicant = PartyInputSerializer(label="申请人")
    respondent = PartyInputSerializer(label="被申请人")
    jurisdiction_code = JurisdictionCodeField(source="jurisdiction", write_only=True, required=False, label="区划代码")
    source = serializers.ChoiceField(label="案件来源", choices=REGISTERABLE_SOURCES, required=False)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    title = serializers.CharField(label="纠纷事项", max_length=200)
    facts = serializers.CharField(label="纠纷事实", max_length=20000)
    court_name = serializers.CharField(label="委派/委托法院", max_length=100, required=False, allow_blank=True)
    court_case_number = serializers.CharField(label="法院案号", max_length=60, required=False, allow_blank=True)
    ip_type_label = serializers.CharField(source="get_ip_type_display", read_only=True)
    respondent_response_label = serializers.CharField(source="get_respondent_response_display", read_only=True)
    mediator_name = serializers.CharField(source="mediator.display_name", read_only=True, default=None)
    assistance_request_tracking_code = serializers.CharField(
        source="assistance_request.tracking_code", read_only=True, default=None
    )
    performance_label = serializers.CharField(source="get_performance_display", read_only=True)
    referrals = serializers.SerializerMethodField()
    reason = reason_field()

    class Meta:
        model = MediationCase
        fields = WorkflowSerializer.common_fields + CASE_FIELDS + ["reason"]
        read_only_fields = CASE_READ_ONLY

    def get_referrals(self, case) -> list[dict]:
        return [
            {
                "id": r.pk,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "state": r.state,
                "state_label": r.state_label,
            }
            for r in case.referrals.all()
        ]

    def validate_title(self, value):
        return required_text(value, "请填写纠纷事项。")

    def validate_facts(self, value):
        return required_text(value, "请填写纠纷事实。")

    def validate_court_name(self, value):
        return value.strip()

    def validate_contact_phone(self, value):
        if not value.strip():
            return ""
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) < 7 or len(digits) > 15:
            raise serializers.ValidationError("联系电话格式不正确。")
        return value.strip()

    def validate_source(self, value):
        if self.instance is not None and value != self.instance.source:
            raise serializers.ValidationError("案件来源登记后不能更改。")
        return value

    def validate(self, attrs):
        if self.instance is None and "jurisdiction" not in attrs:
            user = self.context["request"].user
            if user.jurisdiction_id is None:
                raise serializers.ValidationError({"jurisdiction_code": ["请选择区划。"]})
            attrs["jurisdiction"] = user.jurisdiction
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["applicant"] = PartySerializer(instance.applicant, context=self.context).data
        data["respondent"] = PartySerializer(instance.respondent, context=self.context).data
        return data


class SessionTimeField(serializers.DateTimeField):
    """A session time within 2000–2099. DRF lets an OverflowError escape when a naive time near
    year 1 or 9999 is made aware; here it is a field error like any other bad input."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")
        if not EARLIEST_SESSION <= moment < LATEST_SESSION:
            raise serializers.ValidationError("时间须在2000年至2099年之间。")
        return moment


class MediationSessionSerializer(serializers.ModelSerializer):
    mediator = serializers.PrimaryKeyRelatedField(
        label="主持调解员（默认为本案调解员）",
        queryset=User.objects.filter(is_active=True, role=Role.HANDLER),
        required=False,
    )
    mediator_name = serializers.CharField(source="mediator.display_name", read_only=True)
    starts_at = SessionTimeField(label="开始时间")
    ends_at = SessionTimeField(label="结束时间")
    mediation_title = serializers.CharField(source="mediation.__str__", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True, default=None)
    place = serializers.CharField(label="地点", max_length=200)
    participants = serializers.CharField(label="参加人员", max_length=5000, required=False, allow_blank=True)
    minutes = serializers.CharField(label="调解笔录", max_length=50000, required=False, allow_blank=True)
    reason = reason_field()

    class Meta:
        model = MediationSession
        fields = [
            "reason",
            "id",
            "mediation",
            "mediation_title",
            "mediator",
            "mediator_name",
            "starts_at",
            "ends_at",
            "place",
            "participants",
            "minutes",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
            "cancelled_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["mediation", "recorded_by", "recorded_at", "cancelled_at", "created_at", "updated_at"]

    def validate_place(self, value):
        return required_text(value, "请填写调解地点。")


class SessionCalendarQuerySerializer(serializers.Serializer):
    start = serializers.DateField(label="起始日期（含）", required=False)
    end = serializers.DateField(label="截止日期（含）", required=False)
    mediator = serializers.PrimaryKeyRelatedField(
        label="调解员", queryset=User.objects.filter(role=Role.HANDLER), required=False
    )

    FIRST, LAST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
    MAX_SPAN = dt.timedelta(days=92)

    def _in_range(self, value):
        if not self.FIRST <= value <= self.LAST:
            raise serializers.ValidationError("日期须在2000年至2099年之间。")
        return value

    def validate_start(self, value):
        return self._in_range(value)

    def validate_end(self, value):
        return self._in_range(value)

    def validate(self, attrs):
        start = attrs.setdefault("start", timezone.localdate())
        end = attrs.setdefault("end", start + dt.timedelta(days=6))
        if end < start:
            raise serializers.ValidationError({"end": ["截止日期不能早于起始日期。"]})
        if end - start > self.MAX_SPAN:
            raise serializers.ValidationError({"end": ["一次最多查询92天。"]})
        return attrs
