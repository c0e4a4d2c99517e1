"""Staff API of publications (/api/publications/): read, and the transitions (publish, correct,
withdraw, end by credit repair). Publications are created by the publishing workflows, never here."""

from casemgmt.workflow.api import WorkflowViewSet

from .selectors import publications_visible_to
from .serializers import PublicationSerializer


class PublicationViewSet(WorkflowViewSet):
    serializer_class = PublicationSerializer
    selector = staticmethod(publications_visible_to)
    write_roles: dict[str, set] = {}  # no create or edit: only transitions change a publication
    http_method_names = ["get", "post", "head", "options"]
    filterable = {"state": "state", "kind": "kind"}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("versions__created_by")
