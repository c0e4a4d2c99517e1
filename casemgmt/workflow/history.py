"""Appending to an object's history: the one writer of TransitionLog rows."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .actors import snapshot
from .models import TransitionLog


def json_safe(data):
    """A value as the history stores it: objects by primary key, files by name."""

    def convert(value):
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, File):
            return value.name or ""
        if isinstance(value, dict):
            return {str(key): convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple, set)):
            return [convert(item) for item in value]
        return value

    return json.loads(json.dumps(convert(data), cls=DjangoJSONEncoder, ensure_ascii=False))


def history_append(
    instance,
    *,
    transition: str,
    label: str,
    actor,
    reason: str = "",
    source: str | None = None,
    target: str | None = None,
    payload: dict | None = None,
    changes: list | None = None,
    public_name: str = "",
) -> TransitionLog:
    """One history row of `instance`. Source and target default to its current state (a step);
    a model without state records empty ones."""
    state = getattr(instance, "state", "") or ""
    who = snapshot(actor, public_name=public_name)
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        jurisdiction_id=getattr(instance, "jurisdiction_id", None),
        transition=transition,
        transition_label=label,
        source=state if source is None else source,
        target=state if target is None else target,
        actor=who.user,
        actor_username=who.username,
        actor_name=who.name,
        actor_role=who.role,
        system_rule=who.system_rule,
        reason=(reason or "").strip(),
        payload=json_safe(payload or {}),
        changes=json_safe(changes or []),
    )


def record_creation(instance, *, actor, reason: str = "", payload: dict | None = None, public_name: str = ""):
    """History starts with the creation of the object (source is empty)."""
    return history_append(
        instance,
        transition="create",
        label="创建",
        source="",
        actor=actor,
        reason=reason,
        payload=payload,
        public_name=public_name,
    )
