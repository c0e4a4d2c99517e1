from casemgmt.imports.api import ImportActionsMixin
from casemgmt.workflow.api import WorkflowViewSet

from ..rules.assistance import CENTRE_STAFF
from ..selectors import assistance_requests_visible_to
from ..services import assistance as services
from .serializers import AssistanceRequestSerializer


class AssistanceRequestViewSet(ImportActionsMixin, WorkflowViewSet):
    """维权援助申请. Non-state fields are editable only while the request is open; every edit is
    one history row with its old and new values (and the optional `reason` of the body).
    import/ takes historical requests from an .xlsx (all rows or none; import-template/ is the
    blank sheet)."""

    serializer_class = AssistanceRequestSerializer
    import_key = "assistance_request"
    selector = staticmethod(assistance_requests_visible_to)
    write_roles = {
        "create": set(CENTRE_STAFF),
        "update": set(CENTRE_STAFF),
        "partial_update": set(CENTRE_STAFF),
        "import_sheet": set(CENTRE_STAFF),
    }
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
        data = dict(serializer.validated_data)
        serializer.instance = services.assistance_request_update(
            serializer.instance, actor=self.request.user, reason=data.pop("reason", ""), **data
        )
