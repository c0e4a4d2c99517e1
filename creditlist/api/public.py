"""Anonymous JSON endpoints of the list: the public list (/api/public/credit-list/) and the online
early removal application (/api/public/credit-removal-applications/).

Only entries published now are found; candidates, unpublished, removed, revoked and expired
entries are absent from every list and 404 on the detail path, as soon as their state changes
(the reads go to the database). No personal data: a natural person is shown by name only; an
organisation by name, 统一社会信用代码 and legal representative as registered."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.pagination import StandardPagination
from casemgmt.api.parsers import JSONParser
from casemgmt.api.throttles import PublicRateThrottle, PublicSubmitThrottle
from casemgmt.errors import Conflict
from casemgmt.parties.models import Party

from ..choices import Channel
from ..selectors import application_for_applicant, credit_entries_public_search, credit_entry_public, normalized
from ..services.common import bureau_name
from ..services.removal import removal_application_submit
from .applications import PublicRemovalApplicationSerializer

MAX_ID = 2**63 - 1
NOT_FOUND = "未找到该严重违法失信名单信息。"
APPLICATION_NOT_FOUND = "未找到该申请。请核对查询码和联系电话后四位。"
ENTRY_MISMATCH = "未找到该名单条目，或统一社会信用代码（身份证号码）与名单当事人不符。"


class PublicPagination(StandardPagination):
    max_page_size = 50


class PublicLookup:
    # The same answer for everyone: any login is ignored, every request counts against "public".
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    renderer_classes = [JSONRenderer]


class PublicQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        label="查询内容",
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="当事人名称、统一社会信用代码或列入决定书文号",
    )


class PublicEntrySerializer(serializers.Serializer):
    """One entry of the public list."""

    id = serializers.IntegerField()
    party_name = serializers.CharField(source="party.name", label="当事人")
    party_kind = serializers.CharField(source="party.get_kind_display", label="当事人类型")
    credit_code = serializers.SerializerMethodField(label="统一社会信用代码")
    legal_representative = serializers.SerializerMethodField(label="法定代表人")
    ground = serializers.CharField(source="ground.name", label="列入事由")
    legal_basis = serializers.CharField(source="ground.legal_basis", label="列入依据")
    authority = serializers.SerializerMethodField(label="作出决定机关")
    listing_number = serializers.CharField(label="列入决定书文号")
    listed_on = serializers.DateField(label="列入日期")
    listing_until = serializers.DateField(label="列入期满日")
    published_on = serializers.DateField(label="公示日期")
    penalty_decision_number = serializers.SerializerMethodField(label="相关行政处罚决定书文号")
    measures = serializers.SerializerMethodField(label="联合惩戒措施")

    def get_credit_code(self, entry) -> str:
        # A person's identifier is never published; organisations' and businesses' codes are.
        return "" if entry.party.is_person else entry.party.credit_code

    def get_legal_representative(self, entry) -> str:
        party = entry.party
        return party.legal_representative if party.kind == Party.Kind.ORGANIZATION else ""

    def get_authority(self, entry) -> str:
        cache = self.context.setdefault("authorities", {})
        if entry.jurisdiction_id not in cache:
            cache[entry.jurisdiction_id] = bureau_name(entry)
        return cache[entry.jurisdiction_id]

    def get_penalty_decision_number(self, entry) -> str:
        return entry.penalty_decision.number_text if entry.penalty_decision_id else ""

    def get_measures(self, entry) -> list[str]:
        return [measure.name for measure in entry.measures.all()]


class PublicCreditListView(PublicLookup, ListAPIView):
    serializer_class = PublicEntrySerializer
    pagination_class = PublicPagination

    def get_queryset(self):
        query = PublicQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return credit_entries_public_search(query.validated_data.get("q", ""))

    @extend_schema(
        operation_id="public_credit_list_list",
        summary="查询严重违法失信名单（公示中）",
        parameters=[PublicQuerySerializer],
        responses={
            200: PublicEntrySerializer(many=True),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicCreditEntryView(PublicLookup, APIView):
    @extend_schema(
        operation_id="public_credit_list_retrieve",
        summary="严重违法失信名单中的一条（公示中）",
        responses={
            200: PublicEntrySerializer,
            404: OpenApiResponse(description="不在名单上、未公示、已移出、已撤销或已期满"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, pk: int):
        entry = credit_entry_public(pk) if 0 < pk <= MAX_ID else None
        if entry is None:
            raise NotFound(NOT_FOUND)
        return Response(PublicEntrySerializer(entry).data)


# --- the online early removal application --------------------------------------------------------------


@dataclass(frozen=True)
class _Status:
    tracking_code: str
    state: str
    state_label: str
    submitted_on: object
    party_name: str
    listing_number: str
    decided_on: object
    decision_reason: str
    eligibility: list


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField(allow_null=True, help_text="null：由审查人员核实")
    explanation = serializers.CharField()


class ApplicationStatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    state = serializers.CharField(help_text="submitted 审查中 | approved 准予 | refused 不予 | closed 已终结")
    state_label = serializers.CharField()
    submitted_on = serializers.DateField()
    party_name = serializers.CharField()
    listing_number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    decision_reason = serializers.CharField(help_text="不予提前移出的理由，或准予的说明")
    eligibility = CriterionSerializer(many=True)


def application_status(application) -> dict:
    entry = application.entry
    return ApplicationStatusSerializer(
        _Status(
            tracking_code=application.tracking_code,
            state=application.status,
            state_label=application.get_status_display(),
            submitted_on=timezone.localdate(application.submitted_at),
            party_name=entry.party.name,
            listing_number=entry.listing_number,
            decided_on=application.decided_on,
            decision_reason=application.decision_reason,
            eligibility=application.eligibility,
        )
    ).data


def online_application_submit(data: dict):
    """An online application checked by PublicRemovalApplicationSerializer (the API and the
    public page): the entry must be on the public list now and the identifier must be the listed
    party's. Raises ValidationError({"entry": [...]}) otherwise, or when the entry cannot take an
    application now; Invalid from the service for bad input."""
    entry = credit_entry_public(data["entry"])
    party = entry.party if entry is not None else None
    identifier = normalized(data["party_identifier"])
    if party is None or identifier not in {normalized(party.credit_code), normalized(party.id_number)} - {""}:
        raise ValidationError({"entry": [ENTRY_MISMATCH]})
    try:
        return removal_application_submit(
            entry,
            actor=None,
            channel=Channel.ONLINE,
            applicant_name=data["applicant_name"],
            contact_phone=data["contact_phone"],
            statement=data["statement"],
            obligations_statement=data.get("obligations_statement", ""),
            effects_statement=data["effects_statement"],
            proofs=data.get("attachments", []),
        )
    except Conflict as exc:
        raise ValidationError({"entry": [exc.message]}) from None


def _declared_size(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class PublicRemovalApplicationCreateView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle, PublicSubmitThrottle]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="public_credit_removal_application_create",
        summary="网上申请提前移出严重违法失信名单（信用修复）",
        request={
            "multipart/form-data": PublicRemovalApplicationSerializer,
            "application/json": PublicRemovalApplicationSerializer,
        },
        responses={
            201: inline_serializer(
                "PublicRemovalApplicationCreated",
                fields={
                    "tracking_code": serializers.CharField(),
                    "state": serializers.CharField(),
                    "state_label": serializers.CharField(),
                    "decision_reason": serializers.CharField(),
                    "eligibility": CriterionSerializer(many=True),
                },
            ),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}；未写入任何内容'),
            429: OpenApiResponse(description="提交过于频繁"),
        },
    )
    def post(self, request):
        # Before the body is parsed: an oversized upload is refused without being read.
        if _declared_size(request) > settings.PUBLIC_REQUEST_MAX_BYTES:
            raise ValidationError({"attachments": ["提交的内容过大，请减少或压缩附件后重新提交。"]})
        body = PublicRemovalApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = online_application_submit(dict(body.validated_data))
        PublicSubmitThrottle().record(request)
        payload = application_status(application)
        return Response(
            {key: payload[key] for key in ("tracking_code", "state", "state_label", "decision_reason", "eligibility")},
            status=status.HTTP_201_CREATED,
        )


class TrackingLookupSerializer(serializers.Serializer):
    phone_last4 = serializers.RegexField(
        r"^\d{4}$",
        label="联系电话后四位",
        error_messages={"invalid": "请填写联系电话的后四位数字。", "required": "请填写联系电话的后四位数字。"},
    )


class PublicRemovalApplicationStatusView(PublicLookup, APIView):
    @extend_schema(
        operation_id="public_credit_removal_application_status",
        summary="查询本人提前移出申请的审查结果",
        parameters=[OpenApiParameter("phone_last4", str, required=True, description="申请时所留联系电话的后四位")],
        responses={200: ApplicationStatusSerializer, 404: OpenApiResponse(description="查询码或电话后四位不符")},
    )
    def get(self, request, tracking_code: str):
        lookup = TrackingLookupSerializer(data=request.query_params)
        lookup.is_valid(raise_exception=True)
        application = application_for_applicant(tracking_code, lookup.validated_data["phone_last4"])
        if application is None:
            raise NotFound(APPLICATION_NOT_FOUND)
        return Response(application_status(application))
