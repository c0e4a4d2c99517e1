"""Anonymous JSON lookup of published penalty decisions (/api/public/penalty-decisions/).

Only published items within their period are found; anything pending, withdrawn, expired or
ended is 404 on the detail path and absent from every list, as soon as its state changes (the
reads go to the database, never to a possibly stale index; answers are cached only until the next
publication transition commits: casemgmt.publication.public_cache)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.errors import error_response
from casemgmt.api.pagination import StandardPagination
from casemgmt.api.throttles import PublicRateThrottle
from casemgmt.publication.public_cache import public_answer

from .selectors import public_penalty_decision, public_penalty_decisions, withdrawn_penalty_decision
from .serializers import (
    PenaltyDecisionQuerySerializer,
    PublicPenaltyDecisionDetailSerializer,
    PublicPenaltyDecisionSerializer,
    WithdrawnNoticeSerializer,
)

NOT_FOUND = "未找到该行政处罚公示信息。"


class PublicPagination(StandardPagination):
    max_page_size = 50


class PublicLookup:
    # The same answer for everyone: any login is ignored, every request counts against "public".
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    renderer_classes = [JSONRenderer]


class PublicPenaltyDecisionListView(PublicLookup, ListAPIView):
    serializer_class = PublicPenaltyDecisionSerializer
    pagination_class = PublicPagination

    def get_queryset(self):
        query = PenaltyDecisionQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return public_penalty_decisions(**query.validated_data)

    @extend_schema(
        operation_id="public_penalty_decisions_list",
        summary="查询公示中的行政处罚决定",
        parameters=[PenaltyDecisionQuerySerializer],
        responses={
            200: PublicPenaltyDecisionSerializer(many=True),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, *args, **kwargs):
        return public_answer(request, lambda: super(PublicPenaltyDecisionListView, self).get(request, *args, **kwargs))


class PublicPenaltyDecisionDetailView(PublicLookup, APIView):
    @extend_schema(
        operation_id="public_penalty_decisions_retrieve",
        summary="公示中的一份行政处罚决定（已隐去个人信息）",
        responses={
            200: PublicPenaltyDecisionDetailSerializer,
            404: OpenApiResponse(WithdrawnNoticeSerializer, description="未公示、已撤回、已期满或已停止公示"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, pk: int):
        return public_answer(request, lambda: self._answer(request, pk))

    def _answer(self, request, pk: int):
        publication = public_penalty_decision(pk)
        if publication is not None:
            return Response(PublicPenaltyDecisionDetailSerializer(publication).data)
        withdrawn = withdrawn_penalty_decision(pk)
        if withdrawn is None:
            raise NotFound(NOT_FOUND)
        notice = {
            "detail": "该行政处罚信息已撤回公示。",
            "withdrawn_on": withdrawn.ended_on,
            "withdrawal_reason": withdrawn.withdrawal_reason,
        }
        return error_response(request, WithdrawnNoticeSerializer(notice).data, status.HTTP_404_NOT_FOUND)
