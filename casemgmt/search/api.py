"""GET /api/search/: full-text search over everything the caller may open."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.renderers import JSONRenderer
from casemgmt.parties.selectors import party_name_suggestions

from .backends.base import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, SearchUnavailable
from .registry import known_violation_types, searchable_types
from .services import search_for_user

MAX_QUERY_LENGTH = 200
# The facets this response documents (counts over the whole filtered hit set).
API_FACETS = ("type", "state", "jurisdiction", "year", "violation_type")


class SearchServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "检索服务暂时不可用，请稍后再试。"
    default_code = "search_unavailable"


class MultiValueField(serializers.ListField):
    """A filter given as repeated parameters (?type=a&type=b), comma-separated (?type=a,b) or both;
    a plain string (the staff search page passes one value per filter) reads as comma-separated."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [data]
        if isinstance(data, list):
            data = [part.strip() for item in data if isinstance(item, str) for part in item.split(",")]
            data = [part for part in data if part]
        return super().to_internal_value(data)


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": "请输入检索词。",
            "blank": "请输入检索词。",
            "max_length": f"检索词不能超过{MAX_QUERY_LENGTH}个字符。",
        },
    )
    type = MultiValueField(child=serializers.CharField(max_length=40), required=False)
    state = MultiValueField(child=serializers.CharField(max_length=40), required=False)
    jurisdiction = MultiValueField(
        child=serializers.RegexField(r"^\d{6}$", error_messages={"invalid": "区划代码应为6位数字。"}),
        required=False,
    )
    violation_type = MultiValueField(
        child=serializers.CharField(max_length=100, error_messages={"max_length": "违法行为类型不能超过100个字符。"}),
        required=False,
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=20)

    def validate_type(self, value):
        known = {entry.key for entry in searchable_types()}
        unknown = [key for key in value if key not in known]
        if unknown:
            raise serializers.ValidationError(f"未知的类型：{'、'.join(unknown)}。")
        return value

    def validate_violation_type(self, value):
        known = set(known_violation_types())
        unknown = [label for label in value if label not in known]
        if unknown:
            raise serializers.ValidationError(f"未知的违法行为类型：{'、'.join(unknown)}。")
        return value

    def validate(self, attrs):
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise serializers.ValidationError({"date_to": ["结束日期不能早于开始日期。"]})
        if attrs["page"] * attrs["page_size"] > MAX_RESULT_WINDOW:
            raise serializers.ValidationError({"page": [f"只能查看前{MAX_RESULT_WINDOW}条结果，请缩小检索范围。"]})
        return attrs


SearchResponseSerializer = inline_serializer(
    "SearchResponse",
    fields={
        "count": serializers.IntegerField(),
        "results": inline_serializer(
            "SearchHit",
            fields={
                "type": serializers.CharField(),
                "id": serializers.IntegerField(),
                "title": serializers.CharField(),
                "state": serializers.CharField(),
                "state_label": serializers.CharField(),
                "highlight": serializers.CharField(help_text="已转义的HTML，命中处以<mark>标出"),
                "url": serializers.CharField(),
            },
            many=True,
        ),
        "facets": serializers.DictField(
            child=serializers.DictField(child=serializers.IntegerField()),
            help_text=(
                '{"type": {...}, "state": {...}, "jurisdiction": {...}, "year": {"2026": ...}, '
                '"violation_type": {"假冒专利": ...}}，值为命中数；无违法行为类型的结果不计入 violation_type'
            ),
        ),
    },
)


class SearchView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        summary="全文检索",
        parameters=[
            OpenApiParameter("q", str, required=True, description="检索词，空格分隔的多个词须同时命中"),
            OpenApiParameter("type", str, many=True, description="类型（可重复或逗号分隔）"),
            OpenApiParameter("state", str, many=True, description="状态（可重复或逗号分隔）"),
            OpenApiParameter("jurisdiction", str, many=True, description="区划代码（可重复或逗号分隔）"),
            OpenApiParameter(
                "violation_type",
                str,
                many=True,
                description="违法行为类型（可重复或逗号分隔），取 facets.violation_type 中的名称，如“假冒专利”",
            ),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="起始日期 YYYY-MM-DD"),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="截止日期 YYYY-MM-DD"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: SearchResponseSerializer, 503: OpenApiResponse(description="检索服务暂时不可用")},
    )
    def get(self, request):
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            result = search_for_user(
                request.user,
                q=data["q"],
                types=data.get("type") or None,
                states=data.get("state") or None,
                jurisdictions=data.get("jurisdiction") or None,
                violation_types=data.get("violation_type") or None,
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                page=data["page"],
                page_size=data["page_size"],
            )
        except SearchUnavailable:
            raise SearchServiceUnavailable() from None
        results = [
            {
                "type": hit.type,
                "id": hit.id,
                "title": hit.title,
                "state": hit.state,
                "state_label": hit.state_label,
                "highlight": hit.highlight,
                "url": hit.url,
            }
            for hit in result.hits
        ]
        facets = {name: result.facets.get(name, {}) for name in API_FACETS}
        return Response({"count": result.count, "results": results, "facets": facets})


class SuggestParamsSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=60, error_messages={"required": "请输入检索词。", "blank": "请输入检索词。"})


class SuggestView(APIView):
    """GET /api/search/suggest/?q= — party names (and their codes) starting with or containing the
    typed text, for the search box while typing. Names come from the party registry, which every
    staff member may consult; the cases themselves are still filtered by jurisdiction on search."""

    @extend_schema(
        parameters=[SuggestParamsSerializer],
        responses={
            200: inline_serializer(
                "PartySuggestions",
                fields={
                    "suggestions": inline_serializer(
                        "PartySuggestion",
                        fields={"name": serializers.CharField(), "credit_code": serializers.CharField()},
                        many=True,
                    )
                },
            ),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
        },
    )
    def get(self, request):
        params = SuggestParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return Response({"suggestions": party_name_suggestions(request.user, params.validated_data["q"])})
