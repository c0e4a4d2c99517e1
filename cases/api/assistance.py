from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from casemgmt.api.errors import error_response
from casemgmt.api.uploads import SheetUploadSerializer
from casemgmt.workflow.api import WorkflowViewSet
from enforcement.supervision.services.imports import XLSX_MEDIA_TYPE, SheetRejected

from ..rules.assistance import CENTRE_STAFF
from ..selectors import assistance_requests_visible_to
from ..services import assistance as services
from ..services import imports
from .serializers import AssistanceRequestSerializer


class AssistanceRequestViewSet(WorkflowViewSet):
    """维权援助申请. Non-state fields are editable only while the request is open; every edit is
    one history row with its old and new values (and the optional `reason` of the body).
    import/ takes historical requests from an .xlsx (all rows or none; import-template/ is the
    blank sheet)."""

    serializer_class = AssistanceRequestSerializer
    selector = staticmethod(assistance_requests_visible_to)
    write_roles = {
        "create": set(CENTRE_STAFF),
        "update": set(CENTRE_STAFF),
        "partial_update": set(CENTRE_STAFF),
        "import_sheet": set(CENTRE_STAFF),
    }
    filterable = {
        "state": "state",
        "ip_type": "ip_type",
        "assistance_type": "assistance_type",
        "jurisdiction": "jurisdiction_id",
        "handler": "handler_id",
    }
    id_filters = {"handler"}

    def perform_create(self, serializer):
        serializer.instance = services.assistance_request_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.assistance_request_update(
            serializer.instance, actor=self.request.user, reason=data.pop("reason", ""), **data
        )

    @extend_schema(
        request={"multipart/form-data": SheetUploadSerializer},
        responses={
            201: inline_serializer(
                "AssistanceImportResult",
                fields={
                    "created": serializers.IntegerField(),
                    "sha256": serializers.CharField(),
                    "file_name": serializers.CharField(),
                    "rows": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: OpenApiResponse(description="逐行错误 {errors: {rows: [{row, errors: {列名: [...]}}]}} 或文件错误"),
            403: None,
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_sheet(self, request):
        """Import historical requests (.xlsx, see import-template/): all rows or none."""
        body = SheetUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            report = imports.assistance_import(body.validated_data["file"], actor=request.user)
        except SheetRejected as exc:
            # Keeps its row-by-row shape, which the generic field-error mapping would flatten.
            return error_response(request, {"errors": exc.errors}, status.HTTP_400_BAD_REQUEST)
        return Response(report, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, XLSX_MEDIA_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="import-template", url_name="import-template")
    def import_template(self, request):
        """The blank import sheet with its Chinese headers and a sheet of instructions."""
        response = HttpResponse(imports.assistance_template(), content_type=XLSX_MEDIA_TYPE)
        response["Content-Disposition"] = 'attachment; filename="assistance-import-template.xlsx"'
        return response
