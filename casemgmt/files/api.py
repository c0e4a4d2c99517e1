from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.errors import Conflict

from .selectors import attachment_visible_to, attachments_visible_for_owner
from .serializers import AttachmentSerializer
from .services import attachment_verify


class OwnerQuerySerializer(serializers.Serializer):
    owner_type = serializers.CharField(label="所属对象类型", max_length=60)
    owner_id = serializers.IntegerField(label="所属对象编号", min_value=1, max_value=2**63 - 1)


@extend_schema(
    parameters=[
        OpenApiParameter("owner_type", str, required=True, description="业务类型，如 assistance_request"),
        OpenApiParameter("owner_id", int, required=True, description="业务对象编号"),
    ]
)
class AttachmentListView(ExportAllRowsMixin, generics.ListAPIView):
    """Attachments of one object the caller may see, oldest first."""

    serializer_class = AttachmentSerializer
    export_labels = {"original_name": "原文件名", "kind_label": "材料类别", "uploaded_at": "上传时间"}

    def get_queryset(self):
        query = OwnerQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        queryset = attachments_visible_for_owner(
            self.request.user, query.validated_data["owner_type"], query.validated_data["owner_id"]
        )
        if queryset is None:
            raise NotFound("未找到，或您无权查看。")
        return queryset


class AttachmentDownloadView(APIView):
    """The stored bytes, after checking they still match the SHA-256 taken at upload."""

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="文件内容"),
            404: OpenApiResponse(description="未找到，或无权查看所属对象"),
            409: OpenApiResponse(description="文件校验失败：存储内容与上传时不一致"),
        }
    )
    def get(self, request, pk: int):
        attachment = attachment_visible_to(request.user, pk) if pk <= 2**63 - 1 else None
        if attachment is None:
            raise NotFound("未找到，或您无权查看。")
        if not attachment_verify(attachment):
            raise Conflict("文件校验失败：存储的文件与上传时的 SHA-256 不一致，可能已被篡改或损坏，请联系系统管理员。")
        response = FileResponse(
            attachment.file.storage.open(attachment.file.name, "rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.mime_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-SHA256"] = attachment.sha256
        return response
