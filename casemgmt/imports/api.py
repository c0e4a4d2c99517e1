"""The import actions of a workflow's API resource: POST import/ (the .xlsx, all rows or none)
and GET import-template/ (the blank sheet). A viewset mixes them in and names its import."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from casemgmt.api.errors import error_response
from casemgmt.api.uploads import CaseImportResultSerializer, SheetUploadSerializer
from casemgmt.imports.sheets import XLSX_MEDIA_TYPE, SheetRejected

from .kernel import import_spec, import_template, run_import


class ImportActionsMixin:
    """Set `import_key` (the workflow's key in casemgmt.imports.kernel) and give the action
    "import_sheet" the roles that may create the workflow's cases in `write_roles`."""

    import_key: str = ""

    @extend_schema(
        request={"multipart/form-data": SheetUploadSerializer},
        responses={
            201: CaseImportResultSerializer,
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
        """Import historical cases from an .xlsx (see import-template/): all rows or none; each
        imported case enters the state its row gives, with one history row naming the file's hash."""
        body = SheetUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            report = run_import(import_spec(self.import_key), body.validated_data["file"], actor=request.user)
        except SheetRejected as exc:
            # Keeps its row-by-row shape, which the generic field-error mapping would flatten.
            return error_response(request, {"errors": exc.errors}, status.HTTP_400_BAD_REQUEST)
        return Response(report, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, XLSX_MEDIA_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="import-template", url_name="import-template")
    def import_template(self, request):
        """The blank import sheet: Chinese headers, a sample row and a sheet of instructions."""
        spec = import_spec(self.import_key)
        response = HttpResponse(import_template(spec), content_type=XLSX_MEDIA_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{spec.template_name}"'
        return response
