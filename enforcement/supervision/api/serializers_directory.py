"""Serializers of the directories (agencies, inspectors with their conflicts), inspection items and
annual plans. They check the shape of the input; the services check the rest (jurisdiction,
uniqueness, the rules of risk classes and filed plans) and write."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casemgmt.org.models import Jurisdiction, User
from casemgmt.parties.validation import clean_credit_code

from ..models import Agency, AnnualPlan, InspectionItem, Inspector, InspectorConflict, PlanClassRule
from ..selectors import agencies_visible_to


def _credit_code(value: str) -> str:
    try:
        return clean_credit_code(value or "")
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


class JurisdictionField(serializers.PrimaryKeyRelatedField):
    """A jurisdiction by its code (e.g. "140525")."""

    default_error_messages = {
        "does_not_exist": "未知的区划代码“{pk_value}”。",
        "incorrect_type": "区划代码须为六位数字文字。",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Jurisdiction.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 6 or not data.isdigit():
            self.fail("incorrect_type")
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.INT)
class VisibleAgencyField(serializers.PrimaryKeyRelatedField):
    """An agency the caller may see, by id (others do not exist for the caller)."""

    default_error_messages = {"does_not_exist": "未找到该检查对象。", "incorrect_type": "须为检查对象编号。"}

    def get_queryset(self):
        request = self.context.get("request")
        return agencies_visible_to(getattr(request, "user", None))

    def to_internal_value(self, data):
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and data.isdigit())):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if int(data) > 2**63 - 1 or int(data) < 1:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class NotFutureDateField(serializers.DateField):
    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if result > timezone.localdate():
            raise serializers.ValidationError("日期不能晚于今天。")
        return result


class AgencySerializer(serializers.ModelSerializer):
    jurisdiction = JurisdictionField(label="所在县（市、区）")
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    parent = VisibleAgencyField(label="所属机构", required=False, allow_null=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    parent_credit_code = serializers.CharField(source="parent.credit_code", read_only=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    risk_class_label = serializers.CharField(source="get_risk_class_display", read_only=True)
    risk_set_on = NotFutureDateField(label="分类日期", required=False, allow_null=True)
    state = serializers.CharField(source="status", read_only=True, help_text="同 status（经营状态）")
    state_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "credit_code",
            "licence_number",
            "jurisdiction",
            "jurisdiction_name",
            "address",
            "parent",
            "parent_name",
            "parent_credit_code",
            "status",
            "status_label",
            "state",
            "state_label",
            "risk_class",
            "risk_class_label",
            "risk_reason",
            "risk_set_on",
            "last_inspected_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["last_inspected_on", "created_at", "updated_at"]
        # Uniqueness is the service's (one clear message, other counties included).
        validators = []
        extra_kwargs = {"credit_code": {"validators": []}}

    def validate_credit_code(self, value):
        return _credit_code(value)

    def validate_name(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError("请填写名称。")
        return value


class ConflictSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    agency_credit_code = serializers.CharField(source="agency.credit_code", read_only=True)
    declared_by_name = serializers.CharField(source="declared_by.display_name", read_only=True, default=None)

    class Meta:
        model = InspectorConflict
        fields = ["id", "agency", "agency_name", "agency_credit_code", "reason", "declared_on", "declared_by_name"]
        read_only_fields = fields


class ConflictInputSerializer(serializers.Serializer):
    """回避: name the agency by its id (one the caller sees) or by its 统一社会信用代码 (any
    agency of the city: inspectors are sent to other counties)."""

    agency = VisibleAgencyField(label="检查对象", required=False, allow_null=True)
    credit_code = serializers.CharField(label="检查对象统一社会信用代码", required=False, max_length=40)
    reason = serializers.CharField(label="回避理由", max_length=300)
    declared_on = NotFutureDateField(label="申报日期", required=False)

    def validate_credit_code(self, value):
        return _credit_code(value)

    def validate(self, attrs):
        if not attrs.get("agency") and not attrs.get("credit_code"):
            raise serializers.ValidationError({"agency": ["请指明检查对象（编号或统一社会信用代码）。"]})
        return attrs


class InspectorSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(
        label="执法人员", queryset=User.objects.all(), error_messages={"does_not_exist": "未找到该执法人员。"}
    )
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(read_only=True)
    jurisdiction = JurisdictionField(label="所在县（市、区）", required=False)
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    certificate_number = serializers.CharField(label="执法证号", max_length=30, required=False, allow_blank=True)
    conflicts = ConflictSerializer(many=True, read_only=True)
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = Inspector
        fields = [
            "id",
            "user",
            "username",
            "name",
            "certificate_number",
            "jurisdiction",
            "jurisdiction_name",
            "specialities",
            "active",
            "state",
            "state_label",
            "conflicts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []
        extra_kwargs = {"user": {"validators": []}}

    def get_state(self, inspector) -> str:
        return "active" if inspector.active else "inactive"

    def get_state_label(self, inspector) -> str:
        return "在册" if inspector.active else "不在册"

    def validate_user(self, user):
        if self.instance is not None and user != self.instance.user:
            raise serializers.ValidationError("不能更换检查人员对应的执法人员，请另行登记。")
        return user


class InspectionItemSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = InspectionItem
        fields = ["id", "code", "name", "kind", "kind_label", "legal_basis", "active"]
        validators = []
        extra_kwargs = {"code": {"validators": []}}


class PlanClassRuleSerializer(serializers.ModelSerializer):
    ratio = serializers.DecimalField(
        label="抽查比例", max_digits=5, decimal_places=4, min_value=0, max_value=1, required=False, allow_null=True
    )
    count = serializers.IntegerField(label="抽查数量", min_value=0, max_value=100000, required=False, allow_null=True)

    class Meta:
        model = PlanClassRule
        fields = ["risk_class", "ratio", "count"]
        validators = []

    def validate(self, attrs):
        if (attrs.get("ratio") is None) == (attrs.get("count") is None):
            raise serializers.ValidationError("须设置抽查比例（ratio）或抽查数量（count）之一。")
        return attrs


class AnnualPlanSerializer(serializers.ModelSerializer):
    jurisdiction = JurisdictionField(label="制定机关所在区划")
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    class_rules = PlanClassRuleSerializer(many=True, label="分类抽查比例")
    items = serializers.PrimaryKeyRelatedField(
        many=True, queryset=InspectionItem.objects.all(), label="抽查事项", allow_empty=False
    )
    item_details = InspectionItemSerializer(source="items", many=True, read_only=True)
    exclude_same_county = serializers.BooleanField(
        label="排除检查对象所在县（市、区）的检查人员", required=False, allow_null=True, default=None
    )
    is_filed = serializers.BooleanField(read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "jurisdiction",
            "jurisdiction_name",
            "year",
            "title",
            "class_rules",
            "items",
            "item_details",
            "team_size",
            "exclude_same_county",
            "not_inspected_months",
            "rounding",
            "is_filed",
            "filed_with",
            "filed_on",
            "filing_number",
            "state",
            "state_label",
            "created_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["filed_with", "filed_on", "filing_number", "created_at", "updated_at"]
        extra_kwargs = {"not_inspected_months": {"min_value": 1, "max_value": 60}}

    def get_state(self, plan) -> str:
        return "filed" if plan.is_filed else "draft"

    def get_state_label(self, plan) -> str:
        return "已备案" if plan.is_filed else "未备案"

    def validate_class_rules(self, rules):
        if not rules:
            raise serializers.ValidationError("请至少为一个信用风险分类设置抽查比例或数量。")
        return rules

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        if "exclude_same_county" in attrs and attrs["exclude_same_county"] is None:
            attrs.pop("exclude_same_county")
        return attrs


class PlanFilingSerializer(serializers.Serializer):
    filed_with = serializers.CharField(label="备案机关", max_length=100)
    filing_number = serializers.CharField(label="备案文号", max_length=60)
    filed_on = NotFutureDateField(label="备案日期", required=False)
    reason = serializers.CharField(label="说明", required=False, allow_blank=True, max_length=2000)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    sha256 = serializers.CharField()
    rows = serializers.ListField(child=serializers.DictField(), help_text="[{row, key, result}]")
