"""The directories of 双随机 supervision: /api/agencies/ (inspection objects) and /api/inspectors/,
each with list filters, `?format=xlsx` (the directory sheet, which imports back unchanged), an
import of that sheet (all rows or none, `?dry_run=1` to check only) and a blank template.

A county's staff see and keep their county's records (another county's are 404); the city's staff
the whole city; auditors and legal reviewers read only. Writes go through the services, which
write one history row each."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from casemgmt.api.errors import error_response
from casemgmt.api.filters import DeclaredFilters
from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.api.parsers import JSONParser
from casemgmt.api.uploads import SheetUploadSerializer
from casemgmt.calendar.api import DeadlineSerializer
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.parties.api import reason_of
from casemgmt.privacy import redact_workbook_for
from casemgmt.workflow.api import HistoryEntrySerializer, WritesByRole
from casemgmt.workflow.selectors import history_of

from ..models import Agency, Inspector
from ..models.choices import AgencyKind, AgencyStatus, RiskClass
from ..selectors import agencies_visible_to, inspectors_visible_to
from ..services import directory as services
from ..services import imports
from .serializers_directory import (
    AgencySerializer,
    ConflictInputSerializer,
    ImportResultSerializer,
    InspectorSerializer,
)

STAFF = set(services.STAFF)
ID_PATTERN = "[0-9]{1,18}"
XLSX = OpenApiResponse(OpenApiTypes.BINARY, description=".xlsx 工作簿")
IMPORT_RESPONSES = {
    200: ImportResultSerializer,
    400: OpenApiResponse(
        description='表格有误，未导入任何数据：{"errors": {"rows": [{"row", "errors"}]}} 或 {"errors": {"file": [...]}}'
    ),
    403: OpenApiResponse(description="无权导入"),
}
DRY_RUN = OpenApiParameter("dry_run", bool, description="1：只检查并返回结果，不写入")


class FilterSetBackend(DeclaredFilters):
    """The kernel's list-filter backend (lists and their exports only; bad values are a 400),
    with the view's own FilterSet."""

    def get_filterset_class(self, view, queryset=None):
        return getattr(view, "filterset_class", None) or super().get_filterset_class(view, queryset)


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=6, **kwargs)
        self.validators.append(RegexValidator(r"^[0-9]{6}$", "须为六位区划代码。"))


class CodeFilter(django_filters.CharFilter):
    field_class = CodeField


class SearchFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)


class AgencyFilter(django_filters.FilterSet):
    jurisdiction = CodeFilter(field_name="jurisdiction_id", label="所在县（市、区）区划代码")
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label="类型")
    status = django_filters.ChoiceFilter(choices=AgencyStatus.choices, label="经营状态")
    risk_class = django_filters.ChoiceFilter(choices=RiskClass.choices, label="信用风险分类")
    q = SearchFilter(method="search", label="名称或统一社会信用代码")

    class Meta:
        model = Agency
        fields = []

    def search(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value)) if value else queryset


class InspectorFilter(django_filters.FilterSet):
    jurisdiction = CodeFilter(field_name="jurisdiction_id", label="所在县（市、区）区划代码")
    active = django_filters.BooleanFilter(label="在册")
    q = SearchFilter(method="search", label="姓名、账号或执法证号")

    class Meta:
        model = Inspector
        fields = []

    def search(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user__full_name__icontains=value) | Q(user__username__iexact=value) | Q(certificate_number__iexact=value)
        )


def xlsx_response(content: bytes, stem: str, user=None) -> HttpResponse:
    # A sheet of real rows passes the personal-data rule like every API output (casemgmt.privacy).
    content = redact_workbook_for(user, content) if user is not None else content
    response = HttpResponse(content, content_type=imports.XLSX_MEDIA_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.xlsx"'
    return response


def dry_run_of(request) -> bool:
    value = request.query_params.get("dry_run", "")
    if value not in ("", "0", "1", "true", "false"):
        raise ValidationError({"dry_run": ["须为 1 或 0。"]})
    return value in ("1", "true")


def uploaded_sheet(request) -> tuple[bytes, str]:
    body = SheetUploadSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    upload = body.validated_data["file"]
    if upload.size > imports.MAX_BYTES:
        raise ValidationError({"file": [f"文件过大（不能超过{imports.MAX_BYTES // 1024 // 1024}MB）。"]})
    return upload.read(), upload.name or ""


def run_import(importer, request) -> Response:
    """The import's report, or the rows it refused: a SheetRejected keeps its row-by-row shape
    ({"errors": {"rows": [{"row", "errors"}]}}), which the generic field-error mapping would
    flatten."""
    data, name = uploaded_sheet(request)
    try:
        report = importer(data, actor=request.user, dry_run=dry_run_of(request), file_name=name)
    except imports.SheetRejected as exc:
        return error_response(request, {"errors": exc.errors}, status.HTTP_400_BAD_REQUEST)
    return Response(report.as_dict())


class DirectoryViewSet(
    ExportAllRowsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List/create/retrieve/PATCH (no PUT, no delete) plus history/, transitions/ (none: a directory
    entry has no workflow) and deadlines/."""

    permission_classes = [WritesByRole]
    filter_backends = [FilterSetBackend]
    lookup_value_regex = ID_PATTERN
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        return Response(HistoryEntrySerializer(history_of(self.get_object()), many=True).data)

    @extend_schema(responses={200: OpenApiResponse(description="[]：名录条目没有流转")})
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        self.get_object()
        return Response([])

    @extend_schema(responses=DeadlineSerializer(many=True))
    @action(detail=True, methods=["get"])
    def deadlines(self, request, pk=None):
        return Response(DeadlineSerializer(deadlines_for(self.get_object()), many=True).data)


@extend_schema(
    parameters=[OpenApiParameter("format", str, enum=["json", "xlsx"], description="xlsx：导出名录表格（可再导入）")]
)
class AgencyViewSet(DirectoryViewSet):
    """检查对象名录: patent and trademark agencies and their branches. Changing the risk class needs
    `risk_reason` (and dates it, today unless `risk_set_on` is given); PATCH takes an optional
    `reason` kept in the history."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    write_roles = {"create": STAFF, "partial_update": STAFF, "import_sheet": STAFF}

    def get_queryset(self):
        return agencies_visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "xlsx":
            workbook = imports.agencies_workbook(self.filter_queryset(self.get_queryset()))
            return xlsx_response(workbook, "agencies", request.user)
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.agency_create(
            actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.agency_update(
            serializer.instance, actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )

    @extend_schema(
        request={"multipart/form-data": SheetUploadSerializer}, parameters=[DRY_RUN], responses=IMPORT_RESPONSES
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_sheet(self, request):
        """Import the agency sheet (.xlsx): matched by 统一社会信用代码; all rows or none."""
        return run_import(imports.agencies_import, request)

    @extend_schema(responses={200: XLSX})
    @action(detail=False, methods=["get"], url_path="import-template", url_name="import-template")
    def import_template(self, request):
        """A blank agency sheet with the import's columns and a sheet of instructions."""
        return xlsx_response(imports.agencies_workbook(Agency.objects.none()), "agencies-template")


@extend_schema(
    parameters=[OpenApiParameter("format", str, enum=["json", "xlsx"], description="xlsx：导出名录表格（可再导入）")]
)
class InspectorViewSet(DirectoryViewSet):
    """检查人员名录: officers and heads with their 执法证号, county, specialities, whether they are on
    the list (taking one off or back needs a `reason`), and their declared conflicts (回避), which
    are added (POST conflicts/) and never withdrawn."""

    serializer_class = InspectorSerializer
    filterset_class = InspectorFilter
    write_roles = {"create": STAFF, "partial_update": STAFF, "conflicts": STAFF, "import_sheet": STAFF}

    def get_queryset(self):
        return inspectors_visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "xlsx":
            workbook = imports.inspectors_workbook(self.filter_queryset(self.get_queryset()))
            return xlsx_response(workbook, "inspectors", request.user)
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.inspector_create(
            actor=self.request.user, reason=reason_of(self.request), user=data.pop("user"), **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.inspector_update(
            serializer.instance, actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )

    def _fresh(self, pk) -> Inspector:
        return self.get_queryset().get(pk=pk)

    @extend_schema(
        request=ConflictInputSerializer, responses={201: InspectorSerializer, 400: None, 403: None, 404: None}
    )
    @action(detail=True, methods=["post"])
    def conflicts(self, request, pk=None):
        """登记回避: the inspector may not inspect this agency (append-only)."""
        inspector = self.get_object()
        body = ConflictInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        agency = data.get("agency") or services.agency_by_credit_code(data.get("credit_code", ""))
        services.inspector_conflict_declare(
            inspector, actor=request.user, agency=agency, reason=data["reason"], declared_on=data.get("declared_on")
        )
        return Response(self.get_serializer(self._fresh(inspector.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": SheetUploadSerializer}, parameters=[DRY_RUN], responses=IMPORT_RESPONSES
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_sheet(self, request):
        """Import the inspector sheet (.xlsx): matched by the officer's account; all rows or none."""
        return run_import(imports.inspectors_import, request)

    @extend_schema(responses={200: XLSX})
    @action(detail=False, methods=["get"], url_path="import-template", url_name="import-template")
    def import_template(self, request):
        return xlsx_response(imports.inspectors_workbook(Inspector.objects.none()), "inspectors-template")
