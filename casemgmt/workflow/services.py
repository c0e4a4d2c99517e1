"""The one door for state changes."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from casemgmt.org.scoping import may_see_jurisdiction

from .exceptions import InvalidPayload, ObjectNotVisible, TransitionForbidden, UnknownTransition, WrongState
from .hooks import hooks_for
from .models import TransitionLog
from .transitions import transition_specs


def _json_safe(data: dict) -> dict:
    """The payload as stored in the log: objects by primary key, files by name."""

    def convert(value):
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, File):
            return value.name or ""
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple, set)):
            return [convert(item) for item in value]
        return value

    return json.loads(json.dumps(convert(data), cls=DjangoJSONEncoder, ensure_ascii=False))


def fire_transition(
    instance, name: str, *, actor, reason: str = "", payload: dict | None = None, context: dict | None = None
):
    """Lock the row, check visibility, permission, state, payload and conditions, fire the
    django-fsm-2 transition, save, append to the transition log and run the workflow's hooks,
    all in one transaction. Returns the updated object.

    Raises UnknownTransition/InvalidPayload (400), TransitionForbidden (403),
    ObjectNotVisible (404) or WrongState (409); on any error nothing is written.
    """
    model = type(instance)
    specs = transition_specs(model)
    spec = specs.get(name)
    if spec is None or not spec.applies_to(instance):
        raise UnknownTransition("没有这个操作。", {"transition": [f"未知的操作：{name}"]})
    reason = (reason or "").strip()
    payload = dict(payload or {})

    with transaction.atomic():
        try:
            locked = model.objects.select_for_update().get(pk=instance.pk)
        except model.DoesNotExist:
            raise ObjectNotVisible("未找到。") from None
        if not may_see_jurisdiction(actor, locked.jurisdiction_id):
            raise ObjectNotVisible("未找到。")
        if not spec.permission(locked, actor):
            raise TransitionForbidden(f"您无权执行“{spec.label}”。")
        if not spec.allowed_from(locked.state):
            raise WrongState(f"当前状态“{locked.state_label}”下不能执行“{spec.label}”。")

        errors = {}
        if spec.reason_required and not reason:
            errors["reason"] = ["请填写理由。"]
        cleaned = {}
        if spec.payload is not None:
            serializer = spec.payload(data=payload, context={"instance": locked, "actor": actor, **(context or {})})
            if not serializer.is_valid():
                errors.update(serializer.errors)
            else:
                cleaned = dict(serializer.validated_data)
        if errors:
            raise InvalidPayload("输入有误。", errors)

        blocked = [c.message for c in spec.conditions if not c(locked)]
        if blocked:
            raise WrongState("；".join(blocked))

        source = locked.state
        try:
            getattr(locked, name)(actor=actor, payload=cleaned)
            locked.save()
        except (TransitionNotAllowed, ConcurrentTransition):
            raise WrongState("对象已被他人修改，请刷新后重试。") from None

        log = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            jurisdiction_id=locked.jurisdiction_id,
            transition=name,
            transition_label=spec.label,
            source=source,
            target=locked.state,
            actor=actor,
            reason=reason,
            payload=_json_safe(cleaned),
        )
        for hook in hooks_for(model, name):
            hook(locked, log, cleaned)
        _index_after_commit(locked)
    return locked


def record_creation(instance, *, actor, reason: str = "", payload: dict | None = None) -> TransitionLog:
    """History starts with the creation of the object (source is empty)."""
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        jurisdiction_id=instance.jurisdiction_id,
        transition="create",
        transition_label="创建",
        source="",
        target=instance.state,
        actor=actor,
        reason=reason,
        payload=_json_safe(payload or {}),
    )


def _index_after_commit(instance) -> None:
    from casemgmt.search.indexing import index_on_commit

    index_on_commit(instance)
