"""An object's timeline: its transition log (state labels and labelled payload values), the
documents issued for it, and whatever else its app registers (e.g. mediation sessions)."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import fields as drf
from rest_framework import relations

from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.transitions import state_choices, transition_specs

from .presentation import date_text


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    actor: str
    label: str
    source: str
    target: str
    target_state: str
    reason: str
    details: list = field(default_factory=list)  # [(label, value)]
    url: str = ""
    kind: str = "transition"  # transition | document | other


# model -> callables(instance) -> [TimelineEntry]
_extra_sources: dict[type, list] = {}
# model -> history steps whose records an app's source shows in full (their rows stay in the
# history API and the admin; the timeline shows the record once, not twice)
_covered_steps: dict[type, set] = {}


def register_timeline_source(model, source, *, covers=()) -> None:
    _extra_sources.setdefault(model, []).append(source)
    _covered_steps.setdefault(model, set()).update(covers)


def _related_label(f, value) -> str:
    relation = f.child_relation if isinstance(f, relations.ManyRelatedField) else f
    values = value if isinstance(value, list) else [value]
    found = {str(obj.pk): relation.display_value(obj) for obj in relation.get_queryset().filter(pk__in=values)}
    return "、".join(found.get(str(v), str(v)) for v in values)


def _date_shown(value) -> str:
    """An ISO date or moment as stored in the history, as the page writes dates (2026年12月2日)."""
    if isinstance(value, str):
        parsed = parse_datetime(value) if "T" in value or " " in value else parse_date(value)
        if parsed is None:
            return value
        value = parsed
    return date_text(value)


def _detail_value(f, value) -> str:
    if isinstance(f, drf.BooleanField):
        return "是" if value else "否"
    if isinstance(f, drf.ChoiceField):
        values = value if isinstance(value, list) else [value]
        return "、".join(str(f.choices.get(v, v)) for v in values)
    if isinstance(f, relations.RelatedField | relations.ManyRelatedField):
        return _related_label(f, value)
    if isinstance(f, drf.DateTimeField | drf.DateField):
        return _date_shown(value)
    return _shown(value)


def _model_value(model_field, value) -> str:
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(model_field, models.DateField):
        return _date_shown(value)
    return _shown(value)


def _details(spec, payload: dict, model=None) -> list:
    """A payload's values under their labels: the payload serializer's, or else the object's own
    field of that name (values the transition derived, e.g. the hearing right). A key neither
    names is for machines and left to the history API."""
    if not payload:
        return []
    payload_fields = spec.payload().fields if spec is not None and spec.payload is not None else {}
    result = []
    for key, value in payload.items():
        if value in (None, "", []):
            continue
        f = payload_fields.get(key)
        if f is not None and f.label:
            result.append((str(f.label), _detail_value(f, value)))
            continue
        model_field = _own_field(model, key)
        if model_field is not None:
            result.append((str(model_field.verbose_name), _model_value(model_field, value)))
    return result


def _own_field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(field, "concrete", False) or field.is_relation:
        return None
    return field if str(field.verbose_name) != field.name.replace("_", " ") else None


def _documents(instance) -> list[TimelineEntry]:
    from django.urls import reverse

    from casemgmt.documents.selectors import documents_for

    return [
        TimelineEntry(
            at=document.created_at,
            actor=document.created_by.display_name if document.created_by else "系统",
            label=f"制发《{document.title}》",
            source="",
            target="",
            target_state="",
            reason="",
            details=[("文号", document.number_text)] if document.number_text else [],
            url=reverse("web:document-print", args=[document.pk]),
            kind="document",
        )
        for document in documents_for(instance).select_related("created_by")
    ]


def _changes(changes: list) -> list:
    """An edit's fields as "label: old → new"."""
    return [
        (change.get("label") or change.get("field", ""), f"{_shown(change.get('old'))} → {_shown(change.get('new'))}")
        for change in changes or []
    ]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?$")


def _shown(value) -> str:
    if value in (None, ""):
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return date_text(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return _date_shown(value)
    if isinstance(value, list):
        return "、".join(_shown(item) for item in value)
    return str(value)


def timeline(instance) -> list[TimelineEntry]:
    model = type(instance)
    states = state_choices(model)
    specs = transition_specs(model)
    covered = _covered_steps.get(model, set())
    entries = []
    for log in history_of(instance):
        if log.is_step and log.transition in covered:
            continue
        spec = specs.get(log.transition)
        entries.append(
            TimelineEntry(
                at=log.at,
                actor=log.actor_display,  # as recorded at the time
                label=log.transition_label or log.transition,
                source=str(states.get(log.source, log.source)) if log.source else "",
                target=str(states.get(log.target, log.target)),
                target_state=log.target,
                reason=log.reason,
                # A step's payload is for machines (the history API); people read its changes.
                details=(_details(spec, log.payload, model) if spec is not None else []) + _changes(log.changes),
            )
        )
    entries += _documents(instance)
    for source in _extra_sources.get(model, []):
        entries += source(instance)
    return sorted(entries, key=lambda entry: entry.at)
