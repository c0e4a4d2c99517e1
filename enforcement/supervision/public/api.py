"""Anonymous JSON lookup of published 双随机 spot-check results (/api/public/spot-check-results/).

Rows are the agencies drawn in published tasks with what was checked and found; one task's page
adds its draw record (commitment, seed, algorithm version, input hash) and how anyone can re-check
it. Organisations only: no inspector, no person, no free text written by staff. Tasks not yet
published (or cancelled) are absent from every list and 404 on every path."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.pagination import StandardPagination
from casemgmt.api.throttles import PublicRateThrottle

from ..models.choices import Finding
from ..services.spot_checks import spot_check_record
from .selectors import authority_name, public_result_rows, public_spot_check, public_targets

NOT_FOUND = "未找到该抽查结果公示信息。"
MAX_QUERY_LENGTH = 100
UNSTAFFED_LABEL = "未能派员检查"

HOW_TO_CHECK = (
    "抽取前公布了种子承诺值（种子的 SHA-256）和固定的输入名单哈希值，抽取后公开种子。"
    "核对方法：① 计算种子文本（64 位十六进制字符）的 SHA-256，应等于承诺值；"
    "② 下载完整抽取记录（JSON），计算其中 inputs 字段文本的 SHA-256，应等于输入名单哈希值；"
    "③ 按算法说明用 HMAC-SHA256（以种子为密钥）重新抽取，例如某风险等级的对象按 "
    'HMAC(seed, "target|<风险等级>|<对象编号>") 从小到大排序，取前若干个，结果应与公示的抽中对象一致；'
    '回避重抽按 HMAC(seed, "redraw|<对象编号>|<序号>|<第几次>") 对候选名单取余。'
    "算法版本见“算法版本”一栏，算法说明随本系统源代码公开（enforcement/supervision/draw.py）。"
)


class QuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        label="查询内容",
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text="代理机构名称、统一社会信用代码或抽查任务名称",
    )

    def validate_q(self, value):
        if "\x00" in value:
            raise serializers.ValidationError("查询内容无效。")
        return value.strip()


class _Authority:
    """Authority names per jurisdiction, looked up once per response."""

    def __init__(self):
        self.names = {}

    def __call__(self, jurisdiction) -> str:
        if jurisdiction.pk not in self.names:
            self.names[jurisdiction.pk] = authority_name(jurisdiction)
        return self.names[jurisdiction.pk]


class PublicResultRowSerializer(serializers.Serializer):
    """One drawn agency of a published task, as the public sees it."""

    spot_check = serializers.IntegerField(source="spot_check_id", label="抽查任务编号")
    task_title = serializers.CharField(source="spot_check.title", label="抽查任务")
    authority = serializers.SerializerMethodField(label="抽查机关")
    published_on = serializers.DateField(source="spot_check.published_on", label="公示日期")
    agency_name = serializers.CharField(source="agency.name", label="检查对象")
    credit_code = serializers.CharField(source="agency.credit_code", label="统一社会信用代码")
    agency_kind_label = serializers.CharField(source="agency.get_kind_display", label="检查对象类型")
    items = serializers.SerializerMethodField(label="检查事项")
    finding = serializers.SerializerMethodField(label="检查结果（代码）")
    finding_label = serializers.SerializerMethodField(label="检查结果")
    checked_on = serializers.SerializerMethodField(label="检查日期")
    rectification_due = serializers.SerializerMethodField(label="整改期限")
    rectified_on = serializers.SerializerMethodField(label="整改完成日期")
    referred_to = serializers.SerializerMethodField(label="移送机关")
    url = serializers.SerializerMethodField()

    def _result(self, target):
        try:
            return target.result
        except type(target).result.RelatedObjectDoesNotExist:
            return None

    def get_authority(self, target) -> str:
        names = self.context.setdefault("authority", _Authority())
        return names(target.spot_check.jurisdiction)

    def get_items(self, target) -> list[str]:
        result = self._result(target)
        return [item.name for item in result.items_checked.all()] if result else []

    def get_finding(self, target) -> str | None:
        result = self._result(target)
        return result.finding if result else None

    def get_finding_label(self, target) -> str:
        result = self._result(target)
        return Finding(result.finding).label if result else UNSTAFFED_LABEL

    def get_checked_on(self, target) -> str | None:
        result = self._result(target)
        return result.checked_on.isoformat() if result else None

    def get_rectification_due(self, target) -> str | None:
        result = self._result(target)
        return result.rectification_due.isoformat() if result and result.rectification_due else None

    def get_rectified_on(self, target) -> str | None:
        result = self._result(target)
        return result.rectified_on.isoformat() if result and result.rectified_on else None

    def get_referred_to(self, target) -> str:
        result = self._result(target)
        return result.referred_to if result else ""

    def get_url(self, target) -> str:
        return reverse("public-spot-check-result-detail", args=[target.spot_check_id])


class PublicSpotCheckSerializer(serializers.Serializer):
    """One published task: what was drawn and found, and the draw's public record."""

    id = serializers.IntegerField()
    title = serializers.CharField(label="抽查任务")
    authority = serializers.SerializerMethodField(label="抽查机关")
    jurisdiction = serializers.CharField(source="jurisdiction_id")
    jurisdiction_name = serializers.CharField(source="jurisdiction.name")
    plan_title = serializers.CharField(source="plan.title", label="年度抽查计划")
    year = serializers.IntegerField(source="plan.year")
    committed_at = serializers.DateTimeField(label="公布承诺值时间")
    drawn_at = serializers.DateTimeField(label="抽取时间")
    confirmed_at = serializers.DateTimeField(label="确认时间")
    published_on = serializers.DateField(label="公示日期")
    state = serializers.CharField()
    state_label = serializers.CharField()
    commitment = serializers.CharField(label="种子承诺值（SHA-256）")
    seed = serializers.CharField(label="随机种子")
    algorithm_version = serializers.CharField(label="算法版本")
    inputs_hash = serializers.CharField(label="输入名单哈希值（SHA-256）")
    how_to_check = serializers.SerializerMethodField()
    record_url = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()

    def get_authority(self, spot_check) -> str:
        return authority_name(spot_check.jurisdiction)

    def get_how_to_check(self, spot_check) -> str:
        return HOW_TO_CHECK

    def get_record_url(self, spot_check) -> str:
        return reverse("public-spot-check-result-record", args=[spot_check.pk])

    def get_targets(self, spot_check) -> list[dict]:
        rows = PublicResultRowSerializer(public_targets(spot_check), many=True, context=self.context)
        return rows.data


class PublicLookup:
    # The same answer for everyone: any login is ignored, every request counts against "public".
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    renderer_classes = [JSONRenderer]


class PublicPagination(StandardPagination):
    max_page_size = 50


class PublicSpotCheckResultListView(PublicLookup, ListAPIView):
    serializer_class = PublicResultRowSerializer
    pagination_class = PublicPagination

    def get_queryset(self):
        query = QuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return public_result_rows(query.validated_data.get("q", ""))

    @extend_schema(
        operation_id="public_spot_check_results_list",
        summary="查询已公示的双随机抽查结果",
        parameters=[QuerySerializer],
        responses={
            200: PublicResultRowSerializer(many=True),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicSpotCheckResultDetailView(PublicLookup, APIView):
    @extend_schema(
        operation_id="public_spot_check_results_retrieve",
        summary="一次双随机抽查的公示结果与抽取记录",
        responses={
            200: PublicSpotCheckSerializer,
            404: OpenApiResponse(description="未公示或已取消"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, pk: int):
        spot_check = public_spot_check(pk)
        if spot_check is None:
            raise NotFound(NOT_FOUND)
        return Response(PublicSpotCheckSerializer(spot_check, context={"request": request}).data)


class PublicSpotCheckRecordView(PublicLookup, APIView):
    @extend_schema(
        operation_id="public_spot_check_results_record",
        summary="一次双随机抽查的完整抽取记录（用于自行核对）",
        responses={
            200: OpenApiResponse(description="种子、承诺值、算法版本、输入名单（仅编号）、抽取结果与回避重抽记录"),
            404: OpenApiResponse(description="未公示或已取消"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, pk: int):
        spot_check = public_spot_check(pk)
        if spot_check is None:
            raise NotFound(NOT_FOUND)
        return Response(spot_check_record(spot_check))
