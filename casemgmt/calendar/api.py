"""Deadline calculator and deadline lists. Thin: validate the query, call a selector or
the counting module, serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.mixins import ExportAllRowsMixin

from .counting import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, MAX_AMOUNT, Rule, compute_due
from .models import Deadline, DeadlineExtension, DeadlineSuspension
from .selectors import (
    deadline_object_label,
    deadline_object_type,
    deadline_object_type_label,
    deadline_object_url,
    deadlines_visible_to,
    my_deadlines,
)

# Query parameter -> rule it selects.
CALCULATOR_PARAMS = {"working_days": Rule.WORKING_DAYS, "days": Rule.CALENDAR_DAYS, "months": Rule.MONTHS}


class CalculatorQuerySerializer(serializers.Serializer):
    start = serializers.DateField(label="起算日（不计入）")
    working_days = serializers.IntegerField(
        label="工作日数", required=False, min_value=1, max_value=MAX_AMOUNT[Rule.WORKING_DAYS]
    )
    days = serializers.IntegerField(
        label="自然日数", required=False, min_value=1, max_value=MAX_AMOUNT[Rule.CALENDAR_DAYS]
    )
    months = serializers.IntegerField(label="月数", required=False, min_value=1, max_value=MAX_AMOUNT[Rule.MONTHS])

    def validate_start(self, value):
        if not FIRST_SUPPORTED_DATE <= value <= LAST_SUPPORTED_DATE:
            raise serializers.ValidationError(f"日期须在 {FIRST_SUPPORTED_DATE} 至 {LAST_SUPPORTED_DATE} 之间。")
        return value

    def validate(self, attrs):
        # DRF drops an empty optional query value (`?working_days=`); say which one was empty.
        empty = {
            name: ["请填写正整数。"] for name in CALCULATOR_PARAMS if name in self.initial_data and name not in attrs
        }
        if empty:
            raise serializers.ValidationError(empty)
        given = [name for name in CALCULATOR_PARAMS if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": ["请提供 working_days、days、months 三者之一（且只能提供一个）。"]}
            )
        attrs["rule"] = CALCULATOR_PARAMS[given[0]]
        attrs["amount"] = attrs[given[0]]
        return attrs


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class CalculatorResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    due = serializers.DateField()
    rule = serializers.ChoiceField(choices=Rule.choices)
    amount = serializers.IntegerField()
    skipped_holidays = SkippedDaySerializer(source="skipped", many=True)
    provisional = serializers.BooleanField(help_text="涉及尚未录入国务院放假安排的年份，结果为暂定")


class DeadlineCalculatorView(APIView):
    """起止日期计算：起算日不计入；工作日按国务院放假安排（含调休）计算。"""

    @extend_schema(parameters=[CalculatorQuerySerializer], responses=CalculatorResultSerializer)
    def get(self, request):
        query = CalculatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = compute_due(data["start"], data["rule"], data["amount"])
        return Response(CalculatorResultSerializer(result).data)


def _username(user) -> str | None:
    return user.username if user is not None else None


class SuspensionSerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = DeadlineSuspension
        fields = ["start", "end", "reason", "created_by"]
        read_only_fields = fields

    def get_created_by(self, suspension) -> str | None:
        return _username(suspension.created_by)


class ExtensionSerializer(serializers.ModelSerializer):
    rule_label = serializers.CharField(source="get_rule_display", read_only=True)
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = DeadlineExtension
        fields = ["amount", "rule", "rule_label", "reason", "approved_by", "approved_at"]
        read_only_fields = fields

    def get_approved_by(self, extension) -> str | None:
        return _username(extension.approved_by)


class DeadlineSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rule_label = serializers.CharField(source="get_rule_display", read_only=True)
    suspended = serializers.BooleanField(source="is_suspended", read_only=True)
    responsible = serializers.SerializerMethodField()
    suspensions = SuspensionSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "label",
            "legal_basis",
            "start",
            "start_at",
            "rule",
            "rule_label",
            "amount",
            "due",
            "due_at",
            "status",
            "status_label",
            "suspended",
            "suspended_days",
            "extended_to",
            "provisional",
            "responsible",
            "met_at",
            "met_time",
            "suspensions",
            "extensions",
        ]
        read_only_fields = fields

    def get_responsible(self, deadline) -> str | None:
        return _username(deadline.responsible)


class DeadlineListSerializer(DeadlineSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction_id", read_only=True, allow_null=True)
    object_type = serializers.SerializerMethodField()
    object_type_label = serializers.SerializerMethodField()
    object_id = serializers.IntegerField(read_only=True)
    object_label = serializers.SerializerMethodField()
    object_url = serializers.SerializerMethodField()

    class Meta(DeadlineSerializer.Meta):
        fields = [
            *DeadlineSerializer.Meta.fields,
            "jurisdiction",
            "object_type",
            "object_type_label",
            "object_id",
            "object_label",
            "object_url",
        ]
        read_only_fields = fields

    def get_object_type(self, deadline) -> str:
        return deadline_object_type(deadline)

    def get_object_type_label(self, deadline) -> str:
        return deadline_object_type_label(deadline)

    def get_object_label(self, deadline) -> str:
        return deadline_object_label(deadline)

    def get_object_url(self, deadline) -> str | None:
        return deadline_object_url(deadline)


class DeadlineFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Deadline.Status.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Deadline.Status.values, description="按状态筛选"),
            OpenApiParameter("mine", bool, description="1：只看由我负责（负责人角色含本辖区全部）的未完成期限"),
        ]
    )
)
class DeadlineViewSet(ExportAllRowsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """调用者可见的期限，按届满日先后排列；?status= 按状态筛选，?mine=1 只看由我负责的未完成期限。"""

    serializer_class = DeadlineListSerializer
    export_labels = {
        "label": "期限",
        "legal_basis": "法律依据",
        "start": "起算日",
        "due": "届满日",
        "due_at": "届满时间",
        "status_label": "状态",
        "responsible": "责任人",
        "object_label": "对象",
    }

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            query = DeadlineFilterSerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            queryset = my_deadlines(user) if query.validated_data["mine"] else deadlines_visible_to(user)
            if query.validated_data.get("status"):
                queryset = queryset.filter(status=query.validated_data["status"])
        else:
            queryset = deadlines_visible_to(user)
        return queryset.prefetch_related("content_object")
