from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError

from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.workflow.api import WritesByRole

from .selectors import party_search
from .serializers import PartySerializer
from .services import PARTY_WRITERS, party_create, party_update


def reason_of(request) -> str:
    """The optional `reason` of a write (kept in the party's history)."""
    reason = request.data.get("reason", "") if hasattr(request.data, "get") else ""
    if reason is None:
        return ""
    if not isinstance(reason, str):
        raise ValidationError({"reason": ["理由必须是文字。"]})
    return reason


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("q", str, description="名称或代码")]))
class PartyViewSet(
    ExportAllRowsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The party registry. Registering and correcting a party each write one history row with the
    actor and the optional `reason` given in the body."""

    serializer_class = PartySerializer
    permission_classes = [WritesByRole]
    write_roles = {"create": PARTY_WRITERS, "update": PARTY_WRITERS, "partial_update": PARTY_WRITERS}
    export_labels = {"name": "名称/姓名", "credit_code": "统一社会信用代码", "kind_label": "类型"}

    def get_queryset(self):
        return party_search(self.request.user, self.request.query_params.get("q", ""))

    def perform_create(self, serializer):
        serializer.instance = party_create(
            actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = party_update(
            serializer.instance, actor=self.request.user, reason=reason_of(self.request), **serializer.validated_data
        )
