"""Staff API of publications (/api/publications/): read, and the transitions (publish, correct,
withdraw, end by credit repair). Publications are created by the publishing workflows, never here,
and change only through their transitions, each writing one history row with its reason."""

from casemgmt.errors import Forbidden
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

    # Even if a role were ever given create or update here, a plain serializer save would bypass
    # the masking check and the history: refuse it.
    def perform_create(self, serializer):
        raise Forbidden("公示由作出决定的业务流程生成，不能在此新建。")

    def perform_update(self, serializer):
        raise Forbidden("公示内容只能通过审核、更正等操作修改。")
