from rest_framework import serializers

from casemgmt.workflow.api import WorkflowViewSet
from casemgmt.workflow.serializers import WorkflowSerializer

from ..models import EnforcementReferral
from ..selectors import enforcement_referrals_visible_to


class EnforcementReferralSerializer(WorkflowSerializer):
    target_label = serializers.CharField(source="get_target_display", read_only=True)
    assistance_request_title = serializers.CharField(source="assistance_request.title", read_only=True)
    clue = serializers.SerializerMethodField()

    class Meta:
        model = EnforcementReferral
        fields = WorkflowSerializer.common_fields + [
            "assistance_request",
            "assistance_request_title",
            "target",
            "target_label",
            "receiving_unit",
            "summary",
            "acknowledgement",
            "received_by",
            "received_at",
            "clue",
        ]
        read_only_fields = fields

    def get_clue(self, referral) -> dict | None:
        if referral.clue_object_id is None:
            return None
        return {"type": referral.clue_content_type.model, "id": referral.clue_object_id}


class EnforcementReferralViewSet(WorkflowViewSet):
    """移送执法记录: created by the assistance workflow's referral, acknowledged by the bureau."""

    serializer_class = EnforcementReferralSerializer
    selector = staticmethod(enforcement_referrals_visible_to)
    http_method_names = ["get", "post", "head", "options"]
    write_roles: dict = {}
