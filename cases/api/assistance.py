from casemgmt.workflow.api import WorkflowViewSet

from ..models import AssistanceRequest
from ..rules.assistance import CENTRE_STAFF
from ..selectors import assistance_requests_visible_to
from ..services import assistance as services
from .serializers import AssistanceRequestSerializer


class AssistanceRequestViewSet(WorkflowViewSet):
    """维权援助申请. Non-state fields are editable only while the request is open."""

    serializer_class = AssistanceRequestSerializer
    selector = staticmethod(assistance_requests_visible_to)
    write_roles = {"create": set(CENTRE_STAFF), "update": set(CENTRE_STAFF), "partial_update": set(CENTRE_STAFF)}
    filterable = {
        "state": "state",
        "ip_type": "ip_type",
        "assistance_type": "assistance_type",
        "jurisdiction": "jurisdiction_id",
        "handler": "handler_id",
    }
    id_filters = {"handler"}

    def perform_create(self, serializer):
        serializer.instance = services.assistance_request_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        from rest_framework.exceptions import ValidationError

        instance = serializer.instance
        if instance.state not in AssistanceRequest.OPEN_STATES:
            raise ValidationError({"state": ["已办结或已撤回的申请不能修改。"]})
        data = dict(serializer.validated_data)
        for party_field in ("applicant", "respondent"):
            if party_field in data and data[party_field] is not None:
                from casemgmt.parties.services import party_get_or_create

                data[party_field] = party_get_or_create(**data[party_field])
        serializer.instance = services.assistance_request_update(instance, actor=self.request.user, **data)
