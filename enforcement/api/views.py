from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.imports.api import ImportActionsMixin
from casemgmt.org.models import Role
from casemgmt.workflow.api import WorkflowViewSet, WritesByRole, id_filter

from ..choices import Kind, Procedure, State
from ..publication import DecisionChange, penalty_decision_revoke
from ..selectors import enforcement_cases_visible_to, penalty_decisions_visible_to
from ..services import agency, execution
from ..services import cases as case_services
from ..services import decisions as decision_services
from .execution import (
    ArrangementInputSerializer,
    ArrangementSerializer,
    NationalAnswerSerializer,
    NationalReferralInputSerializer,
    NationalReferralSerializer,
    RemedyConclusionSerializer,
    RemedyInputSerializer,
    RemedySerializer,
)
from .serializers import (
    EnforcementCaseSerializer,
    PaymentSerializer,
    PenaltyDecisionSerializer,
    TimeLimitExtensionSerializer,
)

BUREAU_STAFF = {Role.OFFICER, Role.AGENCY_HEAD}


class RevocationSerializer(serializers.Serializer):
    reason = serializers.CharField(label="理由及依据", max_length=2000)
    ground = serializers.ChoiceField(label="情形", choices=DecisionChange.choices, default=DecisionChange.REVOKED)
    on = serializers.DateField(label="日期", required=False)
    changed_text = serializers.CharField(
        label="变更后的决定书全文（决定被变更时必填，用于更新公示）",
        max_length=100000,
        required=False,
        allow_blank=True,
    )
    fine_amount = serializers.DecimalField(
        label="变更后的罚款（元）", max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    confiscated_gains = serializers.DecimalField(
        label="变更后的没收违法所得（元）", max_digits=14, decimal_places=2, required=False, allow_null=True
    )


def code_param(value: str, name: str) -> str:
    if not (value.isdigit() and len(value) == 6):
        raise ValidationError({name: ["须为六位区划代码。"]})
    return value


def text_param(value: str, name: str) -> str:
    value = value.strip()
    if len(value) > 60 or "\x00" in value:
        raise ValidationError({name: ["查询内容无效。"]})
    return value


def choice_param(value: str, name: str, choices) -> str:
    if value not in choices:
        raise ValidationError({name: [f"可选值：{'、'.join(choices)}。"]})
    return value


class EnforcementCaseViewSet(ImportActionsMixin, WorkflowViewSet):
    """执法案件: administrative penalty cases and patent-dispute adjudications on one resource
    (`procedure` says which); each procedure has its own transitions."""

    serializer_class = EnforcementCaseSerializer
    import_key = "enforcement_case"  # import/ and import-template/ (casemgmt.imports)
    selector = staticmethod(enforcement_cases_visible_to)
    write_roles = {
        "create": BUREAU_STAFF,
        "import_sheet": BUREAU_STAFF,
        "update": BUREAU_STAFF,
        "partial_update": BUREAU_STAFF,
        "extend_time_limit": {Role.AGENCY_HEAD},
        "national_referrals": {Role.AGENCY_HEAD},
        "national_referral_answer": BUREAU_STAFF,
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        params = self.request.query_params
        if params.get("procedure"):
            queryset = queryset.filter(procedure=choice_param(params["procedure"], "procedure", Procedure.values))
        if params.get("kind"):
            queryset = queryset.filter(kind=choice_param(params["kind"], "kind", Kind.values))
        if params.get("state"):
            queryset = queryset.filter(state=choice_param(params["state"], "state", State.values))
        if params.get("jurisdiction"):
            queryset = queryset.filter(jurisdiction_id=code_param(params["jurisdiction"], "jurisdiction"))
        if params.get("officer"):
            officer = id_filter(params["officer"], "officer")
            queryset = queryset.filter(
                pk__in=queryset.model.officers.through.objects.filter(user_id=officer).values("enforcementcase_id")
            )
        if params.get("mine") == "1":
            queryset = queryset.filter(queryset.model.mine_filter(self.request.user))
        if params.get("case_number"):
            queryset = queryset.filter(case_number=text_param(params["case_number"], "case_number"))
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = case_services.enforcement_case_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = case_services.enforcement_case_update(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        request=TimeLimitExtensionSerializer,
        responses={200: EnforcementCaseSerializer, 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["post"], url_path="extend-time-limit")
    def extend_time_limit(self, request, pk=None):
        """延长办案期限 (approved by the bureau's head; a further extension by collective discussion)."""
        case = self.get_object()
        body = TimeLimitExtensionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = case_services.case_time_limit_extend(case, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=updated.pk)).data)

    @extend_schema(
        request=NationalReferralInputSerializer,
        responses={200: NationalReferralSerializer(many=True), 201: NationalReferralSerializer, 400: None},
    )
    @action(detail=True, methods=["get", "post"], url_path="national-office-referrals")
    def national_referrals(self, request, pk=None):
        """提请国家知识产权局 to suspend an agency's business or revoke its licence (not the bureau's
        to decide: 专利代理条例 arts. 25, 26; 商标法 art. 68)."""
        case = self.get_object()
        if request.method == "GET":
            return Response(NationalReferralSerializer(case.national_referrals.all(), many=True).data)
        body = NationalReferralInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referral = agency.national_referral_create(case, actor=request.user, **body.validated_data)
        return Response(NationalReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NationalAnswerSerializer, responses={200: NationalReferralSerializer, 400: None})
    @action(detail=True, methods=["post"], url_path=r"national-office-referrals/(?P<referral_pk>[0-9]{1,18})/answer")
    def national_referral_answer(self, request, pk=None, referral_pk=None):
        case = self.get_object()
        referral = case.national_referrals.filter(pk=referral_pk).first()
        if referral is None:
            raise NotFound()
        body = NationalAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referral = agency.national_referral_answer(referral, actor=request.user, **body.validated_data)
        return Response(NationalReferralSerializer(referral).data)


class PenaltyDecisionViewSet(
    ExportAllRowsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """行政处罚决定 (read) and the payments of their fines (POST payments/)."""

    serializer_class = PenaltyDecisionSerializer
    permission_classes = [WritesByRole]
    write_roles = {
        "payments": BUREAU_STAFF,
        "revoke": {Role.AGENCY_HEAD},
        "arrangements": {Role.AGENCY_HEAD},
        "remedies": BUREAU_STAFF,
        "remedy_conclude": BUREAU_STAFF,
    }

    def get_queryset(self):
        queryset = penalty_decisions_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("jurisdiction"):
            queryset = queryset.filter(jurisdiction_id=code_param(params["jurisdiction"], "jurisdiction"))
        if params.get("number"):
            queryset = queryset.filter(number_text=text_param(params["number"], "number"))
        if params.get("party"):
            queryset = queryset.filter(party_id=id_filter(params["party"], "party"))
        if params.get("case"):
            queryset = queryset.filter(case_id=id_filter(params["case"], "case"))
        return queryset

    @extend_schema(
        request=PaymentSerializer,
        responses={
            200: PaymentSerializer(many=True),
            201: OpenApiResponse(PenaltyDecisionSerializer, description="缴款已登记，返回更新后的处罚决定"),
            400: None,
            403: None,
            404: None,
            409: None,
        },
    )
    @action(detail=True, methods=["get", "post"])
    def payments(self, request, pk=None):
        decision = self.get_object()
        if request.method == "GET":
            return Response(PaymentSerializer(decision.payments.all(), many=True).data)
        body = PaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision_services.penalty_payment_record(decision, actor=request.user, **body.validated_data)
        fresh = self.get_queryset().get(pk=decision.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RevocationSerializer,
        responses={200: PenaltyDecisionSerializer, 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Record that the decision was revoked, changed or found unlawful: collection stops for a
        revoked decision and its publication must be withdrawn within 3 working days."""
        decision = self.get_object()
        body = RevocationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        penalty_decision_revoke(decision, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=decision.pk)).data)

    @extend_schema(
        request=ArrangementInputSerializer,
        responses={200: ArrangementSerializer(many=True), 201: PenaltyDecisionSerializer, 400: None, 403: None},
    )
    @action(detail=True, methods=["get", "post"])
    def arrangements(self, request, pk=None):
        """暂缓或分期缴纳 (《行政处罚法》第六十六条), approved by the bureau's head: a deferral extends the
        payment limit, instalments replace it with one limit each; payment_due follows the engine."""
        decision = self.get_object()
        if request.method == "GET":
            return Response(ArrangementSerializer(decision.arrangements.all(), many=True).data)
        body = ArrangementInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        execution.payment_arrangement_approve(decision, actor=request.user, **body.validated_data)
        fresh = self.get_queryset().get(pk=decision.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RemedyInputSerializer,
        responses={200: RemedySerializer(many=True), 201: PenaltyDecisionSerializer, 400: None, 403: None},
    )
    @action(detail=True, methods=["get", "post"])
    def remedies(self, request, pk=None):
        """The party's administrative review or lawsuit: its time is left out of the late surcharge
        (《行政处罚法》第七十三条第三款) and the court is not asked to enforce while it runs."""
        decision = self.get_object()
        if request.method == "GET":
            return Response(RemedySerializer(decision.remedies.all(), many=True).data)
        body = RemedyInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        execution.remedy_record(decision, actor=request.user, **body.validated_data)
        fresh = self.get_queryset().get(pk=decision.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RemedyConclusionSerializer,
        responses={200: PenaltyDecisionSerializer, 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["post"], url_path=r"remedies/(?P<remedy_pk>[0-9]{1,18})/conclude")
    def remedy_conclude(self, request, pk=None, remedy_pk=None):
        decision = self.get_object()
        remedy = decision.remedies.filter(pk=remedy_pk).first()
        if remedy is None:
            raise NotFound()
        body = RemedyConclusionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        execution.remedy_conclude(decision, remedy, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=decision.pk)).data)
