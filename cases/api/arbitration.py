from rest_framework import serializers

from casemgmt.imports.api import ImportActionsMixin
from casemgmt.org.fields import JurisdictionCodeField
from casemgmt.org.models import Role, User
from casemgmt.parties.serializers import PartyInputSerializer, PartySerializer
from casemgmt.workflow.api import WorkflowViewSet
from casemgmt.workflow.serializers import WorkflowSerializer

from ..models import ArbitrationReferral
from ..rules.arbitration import arbitration_agreement_errors
from ..selectors import arbitration_referrals_visible_to
from ..services import arbitration as services
from .mediation_payloads import checked_date
from .mediation_serializers import required_text
from .serializers import reason_field

CENTRE_STAFF = {Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD}
WRITABLE = {
    "jurisdiction_code",
    "kind",
    "receiving_body",
    "applicant",
    "respondent",
    "title",
    "ip_type",
    "facts",
    "claims",
    "arbitration_agreement_on",
    "arbitration_agreement",
    "handler",
}
FIELDS = [
    "jurisdiction_code",
    "kind",
    "kind_label",
    "receiving_body",
    "mediation",
    "mediation_title",
    "applicant",
    "respondent",
    "title",
    "ip_type",
    "ip_type_label",
    "facts",
    "claims",
    "arbitration_agreement_on",
    "arbitration_agreement",
    "handler",
    "handler_name",
    "referred_on",
    "accepted_on",
    "receiving_case_number",
    "outcome_kind",
    "outcome_kind_label",
    "outcome_document_number",
    "outcome_on",
    "outcome_summary",
    "closed_on",
    "closing_note",
]


class ArbitrationReferralSerializer(WorkflowSerializer):
    applicant = PartyInputSerializer(label="申请人/原告")
    respondent = PartyInputSerializer(label="被申请人/被告")
    jurisdiction_code = JurisdictionCodeField(source="jurisdiction", write_only=True, required=False, label="区划代码")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    ip_type_label = serializers.CharField(source="get_ip_type_display", read_only=True)
    outcome_kind_label = serializers.CharField(source="get_outcome_kind_display", read_only=True)
    handler = serializers.PrimaryKeyRelatedField(
        label="跟进人", queryset=User.objects.filter(is_active=True, role=Role.HANDLER), required=False, allow_null=True
    )
    handler_name = serializers.CharField(source="handler.display_name", read_only=True, default=None)
    mediation_title = serializers.CharField(source="mediation.__str__", read_only=True, default=None)
    title = serializers.CharField(label="纠纷事项", max_length=200)
    facts = serializers.CharField(label="纠纷事实", max_length=20000)
    receiving_body = serializers.CharField(label="接收机构", max_length=200)
    reason = reason_field()

    class Meta:
        model = ArbitrationReferral
        fields = WorkflowSerializer.common_fields + FIELDS + ["reason"]
        read_only_fields = [name for name in FIELDS if name not in WRITABLE]

    def validate_title(self, value):
        return required_text(value, "请填写纠纷事项。")

    def validate_facts(self, value):
        return required_text(value, "请填写纠纷事实。")

    def validate_receiving_body(self, value):
        return required_text(value, "请填写接收机构。")

    def validate_arbitration_agreement_on(self, value):
        return checked_date(value) if value is not None else None

    def validate_kind(self, value):
        if self.instance is not None and value != self.instance.kind:
            raise serializers.ValidationError("转介类型登记后不能更改。")
        return value

    def validate(self, attrs):
        def current(name, default=None):
            return attrs.get(name, getattr(self.instance, name, default) if self.instance else default)

        errors = arbitration_agreement_errors(
            current("kind"), current("arbitration_agreement_on"), current("arbitration_agreement", "")
        )
        if errors:
            raise serializers.ValidationError(errors)
        if self.instance is None and "jurisdiction" not in attrs:
            user = self.context["request"].user
            if user.jurisdiction_id is None:
                raise serializers.ValidationError({"jurisdiction_code": ["请选择区划。"]})
            attrs["jurisdiction"] = user.jurisdiction
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["applicant"] = PartySerializer(instance.applicant, context=self.context).data
        data["respondent"] = PartySerializer(instance.respondent, context=self.context).data
        return data


class ArbitrationReferralViewSet(ImportActionsMixin, WorkflowViewSet):
    """仲裁/诉讼转介: created directly or by a mediation's referral; the centre records the
    receiving body's acceptance and outcome."""

    serializer_class = ArbitrationReferralSerializer
    import_key = "arbitration_referral"  # import/ and import-template/ (casemgmt.imports)
    selector = staticmethod(arbitration_referrals_visible_to)
    write_roles = {
        "create": CENTRE_STAFF,
        "import_sheet": CENTRE_STAFF,
        "update": CENTRE_STAFF,
        "partial_update": CENTRE_STAFF,
    }
    filterable = {
        "state": "state",
        "kind": "kind",
        "ip_type": "ip_type",
        "jurisdiction": "jurisdiction_id",
        "handler": "handler_id",
        "mediation": "mediation_id",
    }
    id_filters = {"handler", "mediation"}

    def perform_create(self, serializer):
        serializer.instance = services.arbitration_referral_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.arbitration_referral_update(
            serializer.instance, actor=self.request.user, reason=data.pop("reason", ""), **data
        )
