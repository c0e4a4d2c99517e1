from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.org.models import Role
from casemgmt.workflow.api import WritesByRole

from .selectors import party_search
from .serializers import PartySerializer
from .services import party_create, party_update

PARTY_WRITERS = {
    Role.INTAKE_CLERK,
    Role.HANDLER,
    Role.CENTRE_HEAD,
    Role.OFFICER,
    Role.LEGAL_REVIEWER,
    Role.AGENCY_HEAD,
    Role.CREDIT_OFFICER,
    Role.ADMINISTRATOR,
}


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("q", str, description="名称或代码")]))
class PartyViewSet(
    ExportAllRowsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PartySerializer
    permission_classes = [WritesByRole]
    write_roles = {"create": PARTY_WRITERS, "update": PARTY_WRITERS, "partial_update": PARTY_WRITERS}
    export_labels = {"name": "名称/姓名", "credit_code": "统一社会信用代码", "kind_label": "类型"}

    def get_queryset(self):
        return party_search(self.request.user, self.request.query_params.get("q", ""))

    def perform_create(self, serializer):
        serializer.instance = party_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = party_update(serializer.instance, **serializer.validated_data)
