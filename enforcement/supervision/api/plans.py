"""Inspection items (/api/inspection-items/, the city's list; kept by the city's supervision staff,
deactivated rather than deleted) and annual plans (/api/annual-plans/, per bureau; class rules
nested; POST {id}/file/ records the filing with the level above, after which the rules are fixed:
changing them is a 409)."""

import django_filters
from django import forms
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from casemgmt.parties.api import reason_of

from ..models import AnnualPlan, InspectionItem
from ..models.choices import ItemKind
from ..selectors import annual_plans_visible_to, inspection_items_visible_to
from ..services import plans as services
from .directory import STAFF, CodeFilter, DirectoryViewSet, SearchFilter
from .serializers_directory import AnnualPlanSerializer, InspectionItemSerializer, PlanFilingSerializer


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=2000, max_value=2100, **kwargs)


class YearFilter(django_filters.Filter):
    field_class = YearField


class InspectionItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label="事项类别")
    active = django_filters.BooleanFilter(label="使用中")
    q = SearchFilter(method="search", label="事项编号或名称")

    class Meta:
        model = InspectionItem
        fields = []

    def search(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(code__iexact=value) | Q(name__icontains=value)) if value else queryset


class AnnualPlanFilter(django_filters.FilterSet):
    jurisdiction = CodeFilter(field_name="jurisdiction_id", label="制定机关所在区划代码")
    year = YearFilter(field_name="year", label="年度")
    filed = django_filters.BooleanFilter(field_name="filed_on", lookup_expr="isnull", exclude=True, label="已备案")

    class Meta:
        model = AnnualPlan
        fields = []


class InspectionItemViewSet(DirectoryViewSet):
    """抽查事项清单: general and key items with their legal basis. PATCH active=false (with a
    `reason`) takes an item out of use; plans keep the items they name."""

    serializer_class = InspectionItemSerializer
    filterset_class = InspectionItemFilter
    write_roles = {"create": STAFF, "partial_update": STAFF}
    export_labels = {"code": "事项编号", "name": "检查事项", "kind_label": "事项类别", "legal_basis": "检查依据"}

    def get_queryset(self):
        return inspection_items_visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.inspection_item_create(
            actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.inspection_item_update(
            serializer.instance, actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )


class AnnualPlanViewSet(DirectoryViewSet):
    """年度抽查计划: per risk class a ratio or a count (`class_rules`: [{"risk_class", "ratio"} or
    {"risk_class", "count"}]), the items to check, the team size, whether inspectors of the
    target's own county are excluded, a "not inspected in the last N months" rule and the
    rounding of ratios. Filed plans keep their rules (409)."""

    serializer_class = AnnualPlanSerializer
    filterset_class = AnnualPlanFilter
    write_roles = {"create": STAFF, "partial_update": STAFF, "file": STAFF}
    export_labels = {"jurisdiction_name": "区划", "year": "年度", "title": "计划名称", "state_label": "备案状态"}

    def get_queryset(self):
        return annual_plans_visible_to(self.request.user)

    def _fresh(self, pk) -> AnnualPlan:
        return self.get_queryset().get(pk=pk)

    def perform_create(self, serializer):
        plan = services.annual_plan_create(
            actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )
        serializer.instance = self._fresh(plan.pk)

    def perform_update(self, serializer):
        plan = services.annual_plan_update(
            serializer.instance, actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )
        serializer.instance = self._fresh(plan.pk)

    @extend_schema(
        request=PlanFilingSerializer,
        responses={
            200: AnnualPlanSerializer,
            400: None,
            403: None,
            404: None,
            409: OpenApiResponse(description="已备案"),
        },
    )
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        """Record the filing with the level above (备案机关, 备案日期, 备案文号); the rules are fixed from then on."""
        plan = self.get_object()
        body = PlanFilingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.annual_plan_file(plan, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self._fresh(plan.pk)).data)
