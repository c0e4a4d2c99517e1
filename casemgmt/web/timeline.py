"""An object's timeline: its transition log (state labels and labelled payload values), the
documents issued for it, and whatever else its app registers (e.g. mediation sessions)."""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from rest_framework import fields as drf
from rest_framework import relations

from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.transitions import state_choices, transition_specs


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


def _plain_value(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_plain_value(v) for v in value)
    return str(value)


def _detail_value(f, value) -> str:
    if f is None:
        return _plain_value(value)
    if isinstance(f, drf.BooleanField):
        return "是" if value else "否"
    if isinstance(f, drf.ChoiceField):
        values = value if isinstance(value, list) else [value]
        return "、".join(str(f.choices.get(v, v)) for v in values)
    if isinstance(f, relations.RelatedField | relations.ManyRelatedField):
        return _related_label(f, value)
    return str(value)


def _model_label(model, key: str) -> str:
    try:
        return str(model._meta.get_field(key).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return ""


def _details(spec, payload: dict, model=None) -> list:
    """The payload as (label, value) rows. A value the payload's check derived (not a field of the
    form) is labelled by the model field it fills; one that fills none is for machines (the
    history API keeps it) and left out, so no raw field name reaches the page."""
    if not payload:
        return []
    payload_fields = spec.payload().fields if spec is not None and spec.payload is not None else {}
    result = []
    for key, value in payload.items():
        if value in (None, "", []):
            continue
        f = payload_fields.get(key)
        label = str(f.label) if f is not None and f.label else _model_label(model, key)
        if label:
            result.append((label, _detail_value(f, value)))
    return result


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


def _shown(value) -> str:
    if value in (None, ""):
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
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
