from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from casemgmt.api.parsers import JSONParser
from casemgmt.org.models import Role
from casemgmt.parties.services import party_get_or_create
from casemgmt.workflow.api import WorkflowViewSet

from ..choices import Channel
from ..selectors import credit_entries_visible_to, removal_applications_of
from ..services.entries import credit_entry_propose, credit_entry_update
from ..services.removal import removal_application_submit
from .applications import RemovalApplicationSerializer
from .serializers import ApplicationSerializer, CreditEntrySerializer

CREDIT_STAFF = {Role.CREDIT_OFFICER}


def text_param(value: str, name: str) -> str:
    value = value.strip()
    if len(value) > 60 or "\x00" in value:
        raise ValidationError({name: ["查询内容无效。"]})
    return value


class CreditEntryViewSet(WorkflowViewSet):
    """严重违法失信名单条目: propose (POST), edit the facts and measures (PATCH, with an optional
    `reason`), the transitions of the listing workflow, the history, deadlines and documents, and
    the early removal applications (GET/POST removal-applications/, POST at the counter)."""

    serializer_class = CreditEntrySerializer
    selector = staticmethod(credit_entries_visible_to)
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    write_roles = {
        "create": CREDIT_STAFF,
        "partial_update": CREDIT_STAFF,
        "removal_applications": CREDIT_STAFF,
    }
    filterable = {
        "state": "state",
        "ground": "ground__code",
        "jurisdiction": "jurisdiction_id",
        "party": "party_id",
        "penalty_decision": "penalty_decision_id",
        "source": "source",
    }
    id_filters = {"party", "penalty_decision"}
    export_labels = {
        "id": "编号",
        "state_label": "状态",
        "jurisdiction_name": "区划",
        "listing_number": "列入决定书文号",
        "listed_on": "列入日期",
        "listing_until": "列入期满日",
        "published_on": "公示日期",
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        q = self.request.query_params.get("q")
        if q:
            q = text_param(q, "q")
            queryset = queryset.filter(
                Q(party__name__icontains=q) | Q(party__credit_code__iexact=q) | Q(listing_number__icontains=q)
            )
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        party = data.pop("party", None)
        decision = data.get("penalty_decision")
        party = party_get_or_create(**party) if party is not None else decision.party
        serializer.instance = credit_entry_propose(
            actor=self.request.user,
            party=party,
            ground=data["ground"],
            penalty_decision=decision,
            matched_rule=data.get("matched_rule", ""),
            facts=data.get("facts", ""),
            jurisdiction=data.get("jurisdiction"),
            reason=data.get("reason", ""),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        fields = {name: data[name] for name in ("facts", "measures") if name in data}
        serializer.instance = credit_entry_update(serializer.instance, actor=self.request.user, reason=reason, **fields)

    @extend_schema(
        request={"multipart/form-data": RemovalApplicationSerializer, "application/json": RemovalApplicationSerializer},
        responses={
            200: ApplicationSerializer(many=True),
            201: OpenApiResponse(
                ApplicationSerializer, description="申请已登记（不符合条件的当即不予提前移出并说明理由）"
            ),
            400: None,
            403: None,
            404: None,
            409: None,
        },
    )
    @action(detail=True, methods=["get", "post"], url_path="removal-applications")
    def removal_applications(self, request, pk=None):
        """提前移出申请 of the entry; POST registers one received at the counter."""
        entry = self.get_object()
        if request.method == "GET":
            return Response(ApplicationSerializer(removal_applications_of(entry), many=True).data)
        body = RemovalApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        application = removal_application_submit(
            entry, actor=request.user, channel=Channel.COUNTER, proofs=data.pop("attachments", []), **data
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)
