"""Anonymous JSON endpoints: POST an application, GET its status with the phone's last four digits."""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.parsers import JSONParser
from casemgmt.api.throttles import PublicRateThrottle, PublicSubmitThrottle

from .limits import body_too_large_message, declared_body_size, request_max_bytes
from .selectors import application_for_applicant, public_status
from .serializers import PublicApplicationSerializer, PublicStatusSerializer, TrackingLookupSerializer
from .services import public_application_submit

NOT_FOUND = "未找到该申请。请核对查询码和联系电话后四位。"


class PublicView(APIView):
    # Public endpoints ignore any login: the same answer for everyone, and no CSRF-bound session.
    authentication_classes: list = []
    permission_classes = [AllowAny]


class PublicApplicationCreateView(PublicView):
    throttle_classes = [PublicRateThrottle, PublicSubmitThrottle]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        operation_id="public_assistance_request_create",
        summary="网上申请维权援助",
        request={"multipart/form-data": PublicApplicationSerializer, "application/json": PublicApplicationSerializer},
        responses={
            201: inline_serializer("PublicApplicationCreated", fields={"tracking_code": serializers.CharField()}),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}；未写入任何内容'),
            429: OpenApiResponse(description="提交过于频繁"),
        },
    )
    def post(self, request):
        # Before the body is parsed: an oversized upload is refused without being read.
        if declared_body_size(request) > request_max_bytes():
            raise ValidationError({"attachments": [body_too_large_message()]})
        serializer = PublicApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = public_application_submit(**serializer.validated_data)
        PublicSubmitThrottle().record(request)
        return Response({"tracking_code": application.tracking_code}, status=status.HTTP_201_CREATED)


class PublicApplicationStatusView(PublicView):
    throttle_classes = [PublicRateThrottle]

    @extend_schema(
        operation_id="public_assistance_request_status",
        summary="查询本人申请的办理进度",
        parameters=[OpenApiParameter("phone_last4", str, required=True, description="申请时所留联系电话的后四位")],
        responses={200: PublicStatusSerializer, 404: OpenApiResponse(description="查询码或电话后四位不符")},
    )
    def get(self, request, tracking_code: str):
        lookup = TrackingLookupSerializer(data=request.query_params)
        lookup.is_valid(raise_exception=True)
        application = application_for_applicant(tracking_code, lookup.validated_data["phone_last4"])
        if application is None:
            raise NotFound(NOT_FOUND)
        return Response(PublicStatusSerializer(asdict(public_status(application))).data)
