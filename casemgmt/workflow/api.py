"""Generic API of every workflow resource: list/create/retrieve/update plus
transitions/, transitions/{name}/, history/ and deadlines/."""

from django.http import QueryDict
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from casemgmt.api.filters import DeclaredFilters
from casemgmt.api.mixins import ExportAllRowsMixin
from casemgmt.api.permissions import StaffMember

from .selectors import available_transitions, history_of
from .services import fire_transition


class HistoryEntrySerializer(serializers.Serializer):
    transition = serializers.CharField()
    transition_label = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    actor = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    actor_role = serializers.CharField()
    system_rule = serializers.CharField()
    reason = serializers.CharField()
    payload = serializers.JSONField()
    changes = serializers.JSONField(help_text="修改内容：[{field, label, old, new}]")

    def get_actor(self, log) -> str | None:
        return log.actor_username or None

    def get_actor_name(self, log) -> str:
        return log.actor_display


AvailableTransitionSerializer = inline_serializer(
    "AvailableTransition",
    fields={
        "name": serializers.CharField(),
        "label": serializers.CharField(),
        "target": serializers.CharField(),
        "target_label": serializers.CharField(),
        "requires": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


class WritesByRole(StaffMember):
    """Reads for any signed-in staff member; writes only for the roles the view names."""

    message = "您的角色无权进行此操作。"

    def has_permission(self, request, view):
        if not super().has_permission(request, view):  # anonymous, or a partner agency
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) in ("fire_transition",):
            return True  # the transition service checks each transition's own permission
        roles = view.write_roles.get(view.action, ()) if hasattr(view, "write_roles") else ()
        return request.user.is_active and request.user.role in roles


def id_filter(value: str, name: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise ValidationError({name: ["须为正整数编号。"]})
    return int(value)


def plain_data(data) -> dict:
    if isinstance(data, QueryDict):
        return {key: (values if len(values) > 1 else values[0]) for key, values in data.lists()}
    return dict(data) if isinstance(data, dict) else {}


def _list_of(module: str, name: str):
    """The schema's answer: a list of `name`'s objects (imported by name, as the views import them
    inside their bodies)."""
    import importlib

    return importlib.import_module(module).__dict__[name](many=True)


class WorkflowViewSet(
    ExportAllRowsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Subclasses set `selector` (user -> queryset), `serializer_class` and `write_roles`,
    e.g. {"create": {...}, "update": {...}, "partial_update": {...}}."""

    selector = None
    write_roles: dict[str, set] = {}
    permission_classes = [WritesByRole]
    # List filters (django-filter, see casemgmt.api.filters): query parameter -> model field;
    # those in id_filters must be numeric ids.
    filter_backends = [DeclaredFilters]
    filterable: dict[str, str] = {}
    id_filters: set[str] = set()

    def get_queryset(self):
        return type(self).selector(self.request.user)

    @extend_schema(responses=AvailableTransitionSerializer)
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        return Response(available_transitions(self.get_object(), request.user))

    @extend_schema(
        request=inline_serializer("TransitionRequest", fields={"reason": serializers.CharField(required=False)}),
        responses={200: OpenApiResponse(description="更新后的对象"), 400: None, 403: None, 404: None, 409: None},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def fire_transition(self, request, pk=None, name=None):
        instance = self.get_object()
        data = plain_data(request.data)
        reason = data.pop("reason", "")
        if not isinstance(reason, str):
            raise ValidationError({"reason": ["理由必须是文字。"]})
        updated = fire_transition(
            instance,
            name,
            actor=request.user,
            reason=reason,
            payload=data,
            context={"request": request},
        )
        return Response(self.get_serializer(updated).data)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        return Response(HistoryEntrySerializer(history_of(self.get_object()), many=True).data)

    @extend_schema(responses=_list_of("casemgmt.documents.serializers", "OfficialDocumentSerializer"))
    @action(detail=True, methods=["get"])
    def documents(self, request, pk=None):
        from casemgmt.documents.selectors import documents_for
        from casemgmt.documents.serializers import OfficialDocumentSerializer

        return Response(OfficialDocumentSerializer(documents_for(self.get_object()), many=True).data)

    @extend_schema(responses=_list_of("casemgmt.calendar.api", "DeadlineSerializer"))
    @action(detail=True, methods=["get"])
    def deadlines(self, request, pk=None):
        from casemgmt.calendar.api import DeadlineSerializer
        from casemgmt.calendar.selectors import deadlines_for

        return Response(DeadlineSerializer(deadlines_for(self.get_object()), many=True).data)
