from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.imports.api import ImportActionsMixin
from casemgmt.org.models import Role
from casemgmt.workflow.api import WorkflowViewSet

from ..selectors import mediation_sessions_of, mediations_visible_to, sessions_between
from ..services import court, sessions
from ..services import mediation as services
from .mediation_serializers import (
    MediationCaseSerializer,
    MediationSessionSerializer,
    SessionCalendarQuerySerializer,
)

INTAKE = {Role.INTAKE_CLERK, Role.CENTRE_HEAD}
CENTRE_STAFF = {Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD}
# Who may ask for session and court-report writes at all; the services check the assignment.
MEDIATORS = {Role.HANDLER, Role.CENTRE_HEAD}


class CourtReportSerializer(serializers.Serializer):
    reported_on = serializers.DateField(label="反馈日期")
    report = serializers.CharField(label="反馈的调解结果", max_length=5000)


class MediationCaseViewSet(ImportActionsMixin, WorkflowViewSet):
    """调解案件, their sessions (调解会议) and the report of the result to an entrusting court."""

    serializer_class = MediationCaseSerializer
    import_key = "mediation"  # import/ and import-template/ (casemgmt.imports)
    selector = staticmethod(mediations_visible_to)
    write_roles = {
        "create": INTAKE,
        "import_sheet": INTAKE,
        "update": CENTRE_STAFF,
        "partial_update": CENTRE_STAFF,
        "sessions": MEDIATORS,
        "session_detail": MEDIATORS,
        "court_report": MEDIATORS,
    }
    filterable = {
        "state": "state",
        "source": "source",
        "ip_type": "ip_type",
        "jurisdiction": "jurisdiction_id",
        "mediator": "mediator_id",
        "assistance_request": "assistance_request_id",
        "court_case_number": "court_case_number",
    }
    id_filters = {"mediator", "assistance_request"}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("referrals")

    def perform_create(self, serializer):
        serializer.instance = services.mediation_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.mediation_update(
            serializer.instance, actor=self.request.user, reason=data.pop("reason", ""), **data
        )

    def _session_serializer(self, *args, **kwargs):
        return MediationSessionSerializer(*args, context=self.get_serializer_context(), **kwargs)

    @extend_schema(methods=["GET"], responses=MediationSessionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=MediationSessionSerializer,
        responses={201: MediationSessionSerializer, 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def sessions(self, request, pk=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(self._session_serializer(mediation_sessions_of(case), many=True).data)
        serializer = self._session_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = sessions.mediation_session_create(case, actor=request.user, **serializer.validated_data)
        return Response(self._session_serializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=MediationSessionSerializer)
    @extend_schema(
        methods=["PATCH"],
        request=MediationSessionSerializer,
        responses={200: MediationSessionSerializer, 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["get", "patch"], url_path=r"sessions/(?P<session_id>[0-9]{1,18})")
    def session_detail(self, request, pk=None, session_id=None):
        case = self.get_object()
        session = mediation_sessions_of(case).filter(pk=int(session_id)).first()
        if session is None:
            raise NotFound()
        if request.method == "GET":
            return Response(self._session_serializer(session).data)
        serializer = self._session_serializer(session, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = sessions.mediation_session_update(session, actor=request.user, **serializer.validated_data)
        return Response(self._session_serializer(updated).data)

    @extend_schema(
        request=CourtReportSerializer,
        responses={200: OpenApiResponse(description="更新后的调解案件"), 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["post"], url_path="court-report")
    def court_report(self, request, pk=None):
        case = self.get_object()
        body = CourtReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = court.mediation_report_to_court(case, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(updated).data)


class MediationSessionCalendarViewSet(ExportAllRowsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """调解员日程: sessions between two dates (default: the coming week) of one mediator or of
    every mediator in the caller's jurisdictions."""

    serializer_class = MediationSessionSerializer
    pagination_class = None

    def get_queryset(self):
        query = SessionCalendarQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return sessions_between(self.request.user, **query.validated_data)

    @extend_schema(parameters=[SessionCalendarQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
