"""Input and output shapes of inspections, their evidence and the measures on items. Inputs
check types and formats; the services check what depends on the case (officers, dates, states)."""

import math
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from casemgmt.calendar.api import DeadlineSerializer
from casemgmt.errors import Invalid
from casemgmt.org.models import User
from casemgmt.parties.validation import clean_id_number, mask_id_number

from ..models import Evidence, Inspection, InspectionPerson, Seizure
from ..rules.inspections import seizure_status
from ..services.evidence import evidence_check

MAX_OFFICERS = 20
MAX_PERSONS = 50


def _viewer(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class CoordinateField(serializers.FloatField):
    """A GPS coordinate as sent by a phone (any number of decimals), kept to six (about 0.1 m)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            raise serializers.ValidationError("坐标须为有效数字。")
        return Decimal(f"{value:.6f}")


# ---------- input ----------


class PersonPresentSerializer(serializers.Serializer):
    name = serializers.CharField(label="姓名", max_length=60)
    role = serializers.ChoiceField(label="身份", choices=InspectionPerson.Role.choices)
    id_number = serializers.CharField(label="身份证号码", max_length=30, required=False, allow_blank=True)
    title = serializers.CharField(label="单位/职务", max_length=100, required=False, allow_blank=True)

    def validate_name(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写姓名。")
        return value.strip()

    def validate_id_number(self, value):
        if not value.strip():
            return ""
        try:
            return clean_id_number(value.strip())
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None


class InspectionInputSerializer(serializers.Serializer):
    started_at = serializers.DateTimeField(label="检查开始时间", required=False, help_text="不填为现在。")
    ended_at = serializers.DateTimeField(label="检查结束时间", required=False, allow_null=True)
    place = serializers.CharField(label="检查地点", max_length=300)
    latitude = CoordinateField(label="纬度", min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = CoordinateField(label="经度", min_value=-180, max_value=180, required=False, allow_null=True)
    location_accuracy = serializers.IntegerField(
        label="定位精度（米）", min_value=0, max_value=100000, required=False, allow_null=True
    )
    officers = serializers.PrimaryKeyRelatedField(
        label="在场执法人员",
        many=True,
        queryset=User.objects.filter(is_active=True),
        help_text="至少两名本机关持有执法证的执法人员，记录人须在其中。",
    )
    certificates_shown = serializers.BooleanField(label="已出示执法证件", default=False)
    persons_present = PersonPresentSerializer(label="在场人员", many=True, required=False, default=list)
    findings = serializers.CharField(label="现场检查情况", max_length=20000)
    signature = serializers.ChoiceField(label="签字情况", choices=Inspection.Signature.choices)
    signature_note = serializers.CharField(label="签字情况说明", max_length=2000, required=False, allow_blank=True)

    def validate_officers(self, value):
        if len(value) > MAX_OFFICERS:
            raise serializers.ValidationError(f"最多{MAX_OFFICERS}名。")
        return value

    def validate_persons_present(self, value):
        if len(value) > MAX_PERSONS:
            raise serializers.ValidationError(f"最多登记{MAX_PERSONS}名在场人员。")
        return value

    def validate(self, attrs):
        attrs.setdefault("started_at", timezone.now())
        return attrs


class EvidenceFileField(serializers.FileField):
    """An uploaded file, checked as evidence while it is read (type, size, SHA-256)."""

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, use_url=False, **kwargs)

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            return evidence_check(upload)
        except Invalid as exc:
            raise serializers.ValidationError(exc.errors["file"]) from None


class EvidenceUploadSerializer(serializers.Serializer):
    file = EvidenceFileField(label="文件", help_text="照片、视频（MP4/MOV）、PDF 或 Word 文档")
    description = serializers.CharField(label="证据说明", max_length=200)
    taken_at = serializers.DateTimeField(label="拍摄/取得时间", required=False, allow_null=True)


class EvidenceSupersedeSerializer(serializers.Serializer):
    file = EvidenceFileField(label="替换文件")
    reason = serializers.CharField(label="替换理由", max_length=2000)
    description = serializers.CharField(
        label="证据说明", max_length=200, required=False, allow_blank=True, help_text="不填沿用原说明。"
    )
    taken_at = serializers.DateTimeField(
        label="拍摄/取得时间", required=False, allow_null=True, help_text="不填沿用原时间。"
    )


class SeizureInputSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(label="措施", choices=Seizure.Measure.choices)
    items = serializers.CharField(label="物品名称及规格", max_length=300)
    quantity = serializers.CharField(label="数量", max_length=60)
    place_kept = serializers.CharField(label="存放地点", max_length=200)
    decided_on = serializers.DateField(label="决定/实施日期", required=False, help_text="不填为今天。")
    decision_number = serializers.CharField(label="决定书文号", max_length=60, required=False, allow_blank=True)
    inspection = serializers.PrimaryKeyRelatedField(
        label="现场检查", queryset=Inspection.objects.none(), required=False, allow_null=True
    )
    emergency = serializers.BooleanField(label="情况紧急当场实施", default=False)
    converted_from = serializers.PrimaryKeyRelatedField(
        label="由先行登记保存转为", queryset=Seizure.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            # Only this case's records can be named: anything else is "not found".
            self.fields["inspection"].queryset = Inspection.objects.filter(case=case)
            self.fields["converted_from"].queryset = Seizure.objects.filter(case=case)

    def validate(self, attrs):
        attrs.setdefault("decided_on", timezone.localdate())
        return attrs


class SeizureReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(label="解除理由/处理决定", max_length=2000)
    released_on = serializers.DateField(label="解除日期", required=False, help_text="不填为今天。")


class SeizureExtensionSerializer(serializers.Serializer):
    reason = serializers.CharField(label="延长理由", max_length=2000)
    days = serializers.IntegerField(label="延长天数", min_value=1, max_value=3650, required=False, allow_null=True)


class SeizureApprovalSerializer(serializers.Serializer):
    note = serializers.CharField(label="批准意见", max_length=2000, required=False, allow_blank=True)


# ---------- output ----------


class EvidenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    attachment = serializers.IntegerField(source="attachment_id", read_only=True)
    original_name = serializers.CharField(source="attachment.original_name", read_only=True)
    mime_type = serializers.CharField(source="attachment.mime_type", read_only=True)
    size = serializers.IntegerField(source="attachment.size", read_only=True)
    sha256 = serializers.CharField(source="attachment.sha256", read_only=True)
    uploaded_by = serializers.CharField(source="attachment.uploaded_by.username", read_only=True, default=None)
    uploaded_by_name = serializers.CharField(source="attachment.uploaded_by.display_name", read_only=True, default=None)
    uploaded_at = serializers.DateTimeField(source="attachment.uploaded_at", read_only=True)
    superseded = serializers.BooleanField(source="is_superseded", read_only=True)
    superseded_by = serializers.SerializerMethodField()
    supersede_reason = serializers.CharField(source="attachment.supersede_reason", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "inspection",
            "attachment",
            "kind",
            "kind_label",
            "description",
            "taken_at",
            "original_name",
            "mime_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "superseded",
            "superseded_by",
            "supersede_reason",
            "replaces",
            "download_url",
        ]
        read_only_fields = fields

    def get_superseded_by(self, evidence) -> int | None:
        replacement = getattr(evidence, "replacement", None)
        return replacement.pk if replacement is not None else None

    def get_download_url(self, evidence) -> str:
        return reverse("attachment-download", args=[evidence.attachment_id])


class DeadlineBriefSerializer(DeadlineSerializer):
    class Meta(DeadlineSerializer.Meta):
        fields = [
            "id",
            "kind",
            "label",
            "legal_basis",
            "start",
            "start_at",
            "due",
            "due_at",
            "status",
            "status_label",
            "extended_to",
            "met_at",
            "met_time",
        ]
        read_only_fields = fields


class SeizureSerializer(serializers.ModelSerializer):
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    limit = DeadlineBriefSerializer(read_only=True)
    report_deadline = DeadlineBriefSerializer(read_only=True, allow_null=True)
    converted_to = serializers.SerializerMethodField()
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True)
    approved_by_name = serializers.CharField(source="approved_by.display_name", read_only=True, default=None)
    extended_by_name = serializers.CharField(source="extended_by.display_name", read_only=True, default=None)
    released_by_name = serializers.CharField(source="released_by.display_name", read_only=True, default=None)

    class Meta:
        model = Seizure
        fields = [
            "id",
            "case",
            "jurisdiction",
            "inspection",
            "measure",
            "measure_label",
            "items",
            "quantity",
            "place_kept",
            "decided_on",
            "decision_number",
            "emergency",
            "converted_from",
            "converted_to",
            "status",
            "status_label",
            "limit",
            "report_deadline",
            "approved_at",
            "approved_by_name",
            "approval_note",
            "extended_at",
            "extended_by_name",
            "extension_days",
            "extension_reason",
            "released_on",
            "released_by_name",
            "release_reason",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def _status(self, seizure):
        return seizure_status(seizure, timezone.localdate())

    def get_status(self, seizure) -> str:
        return self._status(seizure).key

    def get_status_label(self, seizure) -> str:
        return self._status(seizure).label

    def get_converted_to(self, seizure) -> int | None:
        converted = getattr(seizure, "converted_to", None)
        return converted.pk if converted is not None else None


class InspectionOfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="officer_id")
    name = serializers.CharField(source="officer.display_name")
    certificate_number = serializers.CharField()


class PersonPresentOutputSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = InspectionPerson
        fields = ["name", "role", "role_label", "id_number", "title"]
        read_only_fields = fields

    def to_representation(self, person):
        data = super().to_representation(person)
        user = _viewer(self)
        if not (user and user.is_authenticated and user.may_see_id_numbers):
            data["id_number"] = mask_id_number(person.id_number)
        return data


class InspectionSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction_id", read_only=True)
    officers = InspectionOfficerSerializer(source="officer_links", many=True, read_only=True)
    persons_present = PersonPresentOutputSerializer(source="persons", many=True, read_only=True)
    signature_label = serializers.CharField(source="get_signature_display", read_only=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    seizures = SeizureSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "case",
            "jurisdiction",
            "started_at",
            "ended_at",
            "place",
            "latitude",
            "longitude",
            "location_accuracy",
            "officers",
            "certificates_shown",
            "persons_present",
            "findings",
            "signature",
            "signature_label",
            "signature_note",
            "recorded_by",
            "recorded_by_name",
            "created_at",
            "evidence",
            "seizures",
            "url",
        ]
        read_only_fields = fields
