"""On-site inspections (raids) of an enforcement case, their evidence, and the items seized, sealed
or preserved: resources nested under the case. The case must be visible to the caller (404
otherwise); writes are checked again by the services."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.api.parsers import JSONParser

from ..rules import inspections as rules
from ..selectors import evidence_of, inspections_of, seizures_of, visible_case
from ..services import evidence as evidence_services
from ..services import inspections as inspection_services
from ..services import seizures as seizure_services
from .inspection_serializers import (
    EvidenceSerializer,
    EvidenceSupersedeSerializer,
    EvidenceUploadSerializer,
    InspectionInputSerializer,
    InspectionSerializer,
    SeizureApprovalSerializer,
    SeizureExtensionSerializer,
    SeizureInputSerializer,
    SeizureReleaseSerializer,
    SeizureSerializer,
)

CASE_PARAMETER = OpenApiParameter("case_pk", int, OpenApiParameter.PATH, description="执法案件编号")
ID_PATTERN = "[0-9]{1,18}"
REFUSED = {
    400: OpenApiResponse(description="输入有误（字段错误）"),
    403: OpenApiResponse(description="不是本案承办人员或机关负责人"),
    404: OpenApiResponse(description="未找到，或无权查看该案件"),
    409: OpenApiResponse(description="案件或措施当前的状态不允许"),
}


class CaseChildViewSet(ExportAllRowsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_PATTERN

    def get_case(self):
        if not hasattr(self, "_case"):
            case = visible_case(self.request.user, int(self.kwargs["case_pk"]))
            if case is None:
                raise NotFound("未找到，或您无权查看该案件。")
            self._case = case
        return self._case

    def require(self, permission=rules.require_raid):
        """Who and when before what: a refused caller learns nothing about the body they sent
        (the service checks the same again on the locked case)."""
        permission(self.get_case(), self.request.user)


@extend_schema(parameters=[CASE_PARAMETER])
class InspectionViewSet(mixins.CreateModelMixin, CaseChildViewSet):
    """现场检查: logged on site by the case's officers while the case is being investigated;
    never edited afterwards. Evidence is added to it and superseded, never changed or deleted."""

    serializer_class = InspectionSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    export_labels = {"started_at": "检查开始时间", "place": "检查地点", "findings": "现场检查情况"}

    def get_queryset(self):
        return inspections_of(self.get_case())

    @extend_schema(request=InspectionInputSerializer, responses={201: InspectionSerializer, **REFUSED})
    def create(self, request, *args, **kwargs):
        self.require()
        case = self.get_case()
        body = InspectionInputSerializer(data=request.data, context={"request": request, "case": case})
        body.is_valid(raise_exception=True)
        inspection = inspection_services.inspection_create(case, actor=request.user, **body.validated_data)
        fresh = self.get_queryset().get(pk=inspection.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], request=None, responses=EvidenceSerializer(many=True), summary="现场检查的证据（含已被替换的）"
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, **REFUSED},
        summary="上传证据（上传时记录 SHA-256）",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, *args, **kwargs):
        inspection = self.get_object()
        if request.method == "GET":
            return Response(EvidenceSerializer(evidence_of(inspection), many=True).data)
        self.require()
        body = EvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        evidence = evidence_services.evidence_add(
            inspection,
            actor=request.user,
            upload=data["file"],
            description=data["description"],
            taken_at=data.get("taken_at"),
        )
        return Response(EvidenceSerializer(evidence_of(inspection).get(pk=evidence.pk)).data, status=201)

    @extend_schema(
        parameters=[OpenApiParameter("evidence_id", int, OpenApiParameter.PATH, description="证据编号")],
        request={"multipart/form-data": EvidenceSupersedeSerializer},
        responses={201: EvidenceSerializer, **REFUSED},
        summary="以新文件替换证据（原文件及其哈希保留，标记为已被替换）",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"evidence/(?P<evidence_id>{ID_PATTERN})/supersede",
        parser_classes=[MultiPartParser, FormParser],
    )
    def supersede(self, request, *args, evidence_id=None, **kwargs):
        inspection = self.get_object()
        evidence = evidence_of(inspection).filter(pk=int(evidence_id)).first()
        if evidence is None:
            raise NotFound("未找到该证据。")
        self.require()
        body = EvidenceSupersedeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        replacement = evidence_services.evidence_supersede(
            evidence,
            actor=request.user,
            upload=data["file"],
            reason=data["reason"],
            description=data.get("description", ""),
            taken_at=data.get("taken_at"),
        )
        return Response(EvidenceSerializer(evidence_of(inspection).get(pk=replacement.pk)).data, status=201)


@extend_schema(parameters=[CASE_PARAMETER])
class SeizureViewSet(mixins.CreateModelMixin, CaseChildViewSet):
    """查封、扣押 and 先行登记保存 of a case with their limits (30 days, +30 once with the head's
    approval; a decision on preserved items within 7 WD; an emergency measure reported within 24 h)."""

    serializer_class = SeizureSerializer
    export_labels = {"items": "物品名称及规格", "quantity": "数量", "status_label": "状态"}

    def get_queryset(self):
        return seizures_of(self.get_case())

    def _fresh(self, seizure):
        return Response(self.get_serializer(self.get_queryset().get(pk=seizure.pk)).data)

    @extend_schema(request=SeizureInputSerializer, responses={201: SeizureSerializer, **REFUSED})
    def create(self, request, *args, **kwargs):
        self.require()
        case = self.get_case()
        body = SeizureInputSerializer(data=request.data, context={"request": request, "case": case})
        body.is_valid(raise_exception=True)
        seizure = seizure_services.seizure_create(case, actor=request.user, **body.validated_data)
        response = self._fresh(seizure)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=SeizureReleaseSerializer, responses={200: SeizureSerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def release(self, request, *args, **kwargs):
        """解除 (or, for evidence preservation, the decision dealing with the items)."""
        seizure = self.get_object()
        self.require(rules.require_releaser)
        body = SeizureReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(seizure_services.seizure_release(seizure, actor=request.user, **body.validated_data))

    @extend_schema(request=SeizureExtensionSerializer, responses={200: SeizureSerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def extend(self, request, *args, **kwargs):
        """延长查封、扣押期限: once, at most 30 days, by the bureau's head."""
        seizure = self.get_object()
        self.require(rules.require_extension_approver)
        body = SeizureExtensionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(seizure_services.seizure_extend(seizure, actor=request.user, **body.validated_data))

    @extend_schema(request=SeizureApprovalSerializer, responses={200: SeizureSerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        """补办批准 of a measure taken on the spot in an emergency (meets the 24-hour report limit)."""
        seizure = self.get_object()
        self.require(rules.require_emergency_approver)
        body = SeizureApprovalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(seizure_services.seizure_approve(seizure, actor=request.user, **body.validated_data))
