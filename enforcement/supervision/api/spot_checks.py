"""/api/spot-checks/: 双随机 spot-check tasks as a workflow resource (list/create/retrieve/update,
transitions/, history/, deadlines/, documents/ from the kernel's WorkflowViewSet), plus the draw
(POST draw/, GET draw-status/ for the staff page to poll, GET verification/, GET record/), the
targets with their teams and results (GET targets/), and per target: POST result/, follow-up/,
redraw/. Every write is one service call through the kernel's doors."""

from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from casemgmt.api.filters import MAX_ID
from casemgmt.workflow.api import WorkflowViewSet, plain_data
from casemgmt.workflow.serializers import WorkflowSerializer

from .. import workflow as wf
from ..models import AnnualPlan, SpotCheck, SpotCheckTarget
from ..models.choices import Finding, State
from ..selectors import spot_checks_visible_to, targets_with_teams, team_conflicts
from ..services import redraw as redraw_services
from ..services import results as result_services
from ..services import spot_checks as services

STAFF = set(wf.STAFF)
PLAN_NOT_FOUND = "未找到该年度计划。"


class SpotCheckSerializer(WorkflowSerializer):
    """A spot-check task. Only the title and description are written here (the plan once, at
    registration); the recorded draw is the system's and never writable."""

    plan = serializers.PrimaryKeyRelatedField(
        label="年度计划",
        queryset=AnnualPlan.objects.all(),
        error_messages={"does_not_exist": PLAN_NOT_FOUND, "incorrect_type": PLAN_NOT_FOUND},
    )
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    plan_year = serializers.IntegerField(source="plan.year", read_only=True)
    plan_filed = serializers.BooleanField(source="plan.is_filed", read_only=True)
    title = serializers.CharField(label="任务名称", max_length=200)
    description = serializers.CharField(label="说明", max_length=5000, required=False, allow_blank=True)
    seed = serializers.SerializerMethodField(help_text="随机种子：抽取完成后公开，此前为 null")
    draw_status_label = serializers.CharField(source="get_draw_status_display", read_only=True)
    targets_count = serializers.SerializerMethodField()
    unstaffed_count = serializers.SerializerMethodField()
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    reason = serializers.CharField(
        label="理由", max_length=2000, required=False, allow_blank=True, write_only=True, help_text="记入办理记录"
    )

    class Meta:
        model = SpotCheck
        writable = ["plan", "title", "description", "reason"]
        recorded = [
            "commitment",
            "algorithm_version",
            "inputs_hash",
            "committed_at",
            "drawn_at",
            "draw_status",
            "draw_progress",
            "draw_error",
            "confirmed_at",
            "inspection_started_on",
            "results_entered_on",
            "published_on",
            "followed_up_on",
        ]
        computed = [
            "plan_title",
            "plan_year",
            "plan_filed",
            "seed",
            "draw_status_label",
            "targets_count",
            "unstaffed_count",
            "created_by_name",
        ]
        fields = WorkflowSerializer.common_fields + writable + recorded + computed
        read_only_fields = recorded

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["plan"].required = False  # fixed at registration
        return fields

    def validate_plan(self, plan):
        if self.instance is not None and plan.pk != self.instance.plan_id:
            raise serializers.ValidationError("登记后不能更改年度计划。")
        return plan

    def get_seed(self, obj) -> str | None:
        return obj.seed or None

    def get_targets_count(self, obj) -> int:
        value = getattr(obj, "n_targets", None)
        return value if value is not None else obj.targets.count()

    def get_unstaffed_count(self, obj) -> int:
        value = getattr(obj, "n_unstaffed", None)
        return value if value is not None else obj.targets.exclude(unstaffed_reason="").count()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="理由", max_length=2000, required=False, allow_blank=True, default="")


class ResultInputSerializer(serializers.Serializer):
    checked_on = serializers.DateField(label="检查日期")
    items = serializers.ListField(
        label="检查事项",
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=200,
        help_text="年度计划中抽查事项的编号",
    )
    finding = serializers.ChoiceField(label="检查结果", choices=Finding.choices)
    description = serializers.CharField(label="检查情况", max_length=5000, required=False, allow_blank=True, default="")
    rectification_due = serializers.DateField(label="整改期限", required=False, allow_null=True, default=None)
    referred_to = serializers.CharField(label="移送机关", max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField(label="理由", max_length=2000, required=False, allow_blank=True, default="")


class FollowUpInputSerializer(serializers.Serializer):
    rectified_on = serializers.DateField(label="整改完成日期", required=False, allow_null=True, default=None)
    note = serializers.CharField(label="后续处置情况", max_length=5000, required=False, allow_blank=True, default="")
    open_case = serializers.BooleanField(label="转为行政处罚案件", required=False, default=False)
    reason = serializers.CharField(label="理由", max_length=2000, required=False, allow_blank=True, default="")


class RedrawInputSerializer(serializers.Serializer):
    inspector = serializers.IntegerField(label="须回避的检查人员", min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(label="回避理由", max_length=300)


class TeamMemberSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    inspector = serializers.IntegerField(source="inspector_id")
    name = serializers.CharField(source="inspector.name")
    certificate_number = serializers.CharField(source="inspector.certificate_number")
    jurisdiction = serializers.CharField(source="inspector.jurisdiction_id")
    jurisdiction_name = serializers.CharField(source="inspector.jurisdiction.name")
    conflict_declared = serializers.SerializerMethodField(help_text="已申报回避该检查对象：须登记回避并重抽")

    def get_conflict_declared(self, link) -> bool:
        return (link.inspector_id, link.target.agency_id) in self.context.get("conflicts", set())


class RedrawSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    number = serializers.IntegerField()
    old_inspector = serializers.IntegerField(source="old_inspector_id")
    old_inspector_name = serializers.CharField(source="old_inspector.name")
    new_inspector = serializers.IntegerField(source="new_inspector_id", allow_null=True)
    new_inspector_name = serializers.CharField(source="new_inspector.name", default=None)
    reason = serializers.CharField()
    candidates_hash = serializers.CharField()
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by.display_name")


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    items = ItemSerializer(source="items_checked.all", many=True)
    finding = serializers.CharField()
    finding_label = serializers.CharField(source="get_finding_display")
    description = serializers.CharField()
    rectification_due = serializers.DateField(allow_null=True)
    rectification_deadline_due = serializers.DateField(source="rectification_deadline.due", default=None)
    rectification_deadline_status = serializers.CharField(source="rectification_deadline.status", default=None)
    rectification_overdue = serializers.SerializerMethodField()
    rectified_on = serializers.DateField(allow_null=True)
    follow_up_note = serializers.CharField()
    referred_to = serializers.CharField()
    clue = serializers.IntegerField(source="clue_id", allow_null=True)
    needs_follow_up = serializers.BooleanField()
    entered_by = serializers.CharField(source="entered_by.display_name")
    entered_at = serializers.DateTimeField()

    def get_rectification_overdue(self, result) -> bool:
        return result_services.rectification_overdue(result)


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField(source="agency.name")
    credit_code = serializers.CharField(source="agency.credit_code")
    agency_kind_label = serializers.CharField(source="agency.get_kind_display")
    agency_address = serializers.CharField(source="agency.address")
    agency_jurisdiction = serializers.CharField(source="agency.jurisdiction_id")
    agency_jurisdiction_name = serializers.CharField(source="agency.jurisdiction.name")
    risk_class = serializers.CharField()
    staffed = serializers.BooleanField(source="is_staffed")
    unstaffed_reason = serializers.CharField()
    team = TeamMemberSerializer(many=True)
    redraws = RedrawSerializer(many=True)
    result = serializers.SerializerMethodField()
    may_enter_result = serializers.SerializerMethodField()

    def _result(self, target):
        try:
            return target.result
        except SpotCheckTarget.result.RelatedObjectDoesNotExist:
            return None

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, target) -> dict | None:
        result = self._result(target)
        return ResultSerializer(result).data if result is not None else None

    def get_may_enter_result(self, target) -> bool:
        user = self.context["request"].user
        spot_check = self.context["spot_check"]
        if spot_check.state != State.INSPECTING or not target.is_staffed or self._result(target) is not None:
            return False
        return any(link.inspector.user_id == user.pk for link in target.team.all())


VerificationSerializer = inline_serializer(
    "SpotCheckVerification",
    fields={
        "matches": serializers.BooleanField(),
        "commitment": serializers.CharField(),
        "seed": serializers.CharField(),
        "algorithm_version": serializers.CharField(),
        "inputs_hash": serializers.CharField(),
        "redraws": serializers.IntegerField(),
        "differences": serializers.ListField(child=serializers.CharField()),
    },
)

DrawStatusSerializer = inline_serializer(
    "SpotCheckDrawStatus",
    fields={
        "id": serializers.IntegerField(),
        "state": serializers.CharField(),
        "state_label": serializers.CharField(),
        "draw_status": serializers.CharField(),
        "draw_status_label": serializers.CharField(),
        "progress": serializers.IntegerField(),
        "error": serializers.CharField(),
        "commitment": serializers.CharField(allow_null=True),
        "inputs_hash": serializers.CharField(allow_null=True),
        "seed": serializers.CharField(allow_null=True),
        "committed_at": serializers.DateTimeField(allow_null=True),
        "drawn_at": serializers.DateTimeField(allow_null=True),
        "targets": serializers.IntegerField(allow_null=True),
        "unstaffed": serializers.IntegerField(allow_null=True),
    },
)

WRITE_ERRORS = {400: None, 403: None, 404: None, 409: None}


class SpotCheckViewSet(WorkflowViewSet):
    """双随机抽查任务."""

    serializer_class = SpotCheckSerializer
    selector = staticmethod(spot_checks_visible_to)
    write_roles = {
        "create": STAFF,
        "update": STAFF,
        "partial_update": STAFF,
        "draw": STAFF,
        "target_result": STAFF,
        "target_follow_up": STAFF,
        "target_redraw": STAFF,
    }
    filterable = {"state": "state", "plan": "plan", "jurisdiction": "jurisdiction"}
    id_filters = {"plan"}

    def get_queryset(self):
        queryset = super().get_queryset().select_related("created_by").order_by("-created_at", "-pk")
        if self.action == "list":
            queryset = queryset.annotate(
                n_targets=Count("targets", distinct=True),
                n_unstaffed=Count("targets", filter=~Q(targets__unstaffed_reason=""), distinct=True),
            )
        params = self.request.query_params
        if params.get("mine") == "1":
            queryset = queryset.filter(SpotCheck.mine_filter(self.request.user))
        if params.get("needs_follow_up") == "1":
            queryset = queryset.filter(
                targets__result__finding=Finding.RECTIFICATION,
                targets__result__rectified_on__isnull=True,
                targets__result__clue__isnull=True,
            ).distinct()
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.spot_check_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("plan", None)
        reason = data.pop("reason", "")
        touched = set(plain_data(self.request.data)) & services.RECORD_FIELDS
        serializer.instance = services.spot_check_update(
            serializer.instance, actor=self.request.user, reason=reason, record_fields=touched, **data
        )

    def _fresh(self, spot_check):
        return self.get_queryset().get(pk=spot_check.pk)

    def _target(self, spot_check, target_id: str) -> SpotCheckTarget:
        target = SpotCheckTarget.objects.filter(spot_check=spot_check, pk=int(target_id)).first()
        if target is None:
            raise NotFound("未找到。")
        return target

    def _target_data(self, spot_check, target) -> dict:
        fresh = targets_with_teams(spot_check).get(pk=target.pk)
        context = {"request": self.request, "spot_check": spot_check, "conflicts": team_conflicts(spot_check)}
        return TargetSerializer(fresh, context=context).data

    @extend_schema(request=ReasonSerializer, responses={202: SpotCheckSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        """开始随机抽取: records the commitment and freezes the input lists, then runs the draw as
        a background task (poll draw-status/). 409 once drawn: a recorded draw is never redone."""
        spot_check = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.spot_check_draw_start(spot_check, actor=request.user, reason=body.validated_data["reason"])
        return Response(self.get_serializer(self._fresh(spot_check)).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=DrawStatusSerializer)
    @action(detail=True, methods=["get"], url_path="draw-status")
    def draw_status(self, request, pk=None):
        """抽取进度 (for the staff page to poll while the draw runs)."""
        return Response(services.draw_status(self.get_object()))

    @extend_schema(responses={200: VerificationSerializer, 404: None, 409: OpenApiResponse(description="尚未抽取")})
    @action(detail=True, methods=["get"])
    def verification(self, request, pk=None):
        """Re-runs the recorded draw from its record: {"matches", "commitment", "seed",
        "algorithm_version", "differences": [...]} (plus the inputs hash and the number of slot
        redraws, which are re-checked too)."""
        return Response(services.spot_check_verify(self.get_object()).as_dict())

    @extend_schema(responses={200: OpenApiResponse(description="完整的抽取记录（JSON）"), 404: None, 409: None})
    @action(detail=True, methods=["get"])
    def record(self, request, pk=None):
        """The whole record of the draw (inputs, output, redraws) to re-check it elsewhere."""
        return Response(services.spot_check_record(self.get_object()))

    @extend_schema(responses=TargetSerializer(many=True))
    @action(detail=True, methods=["get"])
    def targets(self, request, pk=None):
        """抽中对象: in draw order, with their teams, slot redraws and results."""
        spot_check = self.get_object()
        context = {"request": request, "spot_check": spot_check, "conflicts": team_conflicts(spot_check)}
        return Response(TargetSerializer(targets_with_teams(spot_check), many=True, context=context).data)

    @extend_schema(request=ResultInputSerializer, responses={201: TargetSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"targets/(?P<target_id>[0-9]{1,18})/result")
    def target_result(self, request, pk=None, target_id=None):
        """录入检查结果 (only the target's inspectors; 403 for anyone else)."""
        spot_check = self.get_object()
        target = self._target(spot_check, target_id)
        body = ResultInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result_services.target_result_enter(spot_check, target, actor=request.user, **body.validated_data)
        return Response(self._target_data(spot_check, target), status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpInputSerializer, responses={200: TargetSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"targets/(?P<target_id>[0-9]{1,18})/follow-up")
    def target_follow_up(self, request, pk=None, target_id=None):
        """登记后续处置: rectification carried out, a note, or conversion into a penalty case."""
        spot_check = self.get_object()
        target = self._target(spot_check, target_id)
        body = FollowUpInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result_services.target_follow_up_record(spot_check, target, actor=request.user, **body.validated_data)
        return Response(self._target_data(spot_check, target))

    @extend_schema(request=RedrawInputSerializer, responses={200: TargetSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"targets/(?P<target_id>[0-9]{1,18})/redraw")
    def target_redraw(self, request, pk=None, target_id=None):
        """登记回避并重抽: the conflicted inspector's slot only is redrawn, reproducibly, and recorded."""
        spot_check = self.get_object()
        target = self._target(spot_check, target_id)
        body = RedrawInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        redraw_services.slot_redraw(spot_check, target, actor=request.user, **body.validated_data)
        return Response(self._target_data(spot_check, target))
