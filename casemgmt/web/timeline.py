"""An object's transition log as a readable timeline: state labels and labelled payload values."""

from dataclasses import dataclass, field

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


def _related_label(f, value) -> str:
    relation = f.child_relation if isinstance(f, relations.ManyRelatedField) else f
    values = value if isinstance(value, list) else [value]
    found = {str(obj.pk): relation.display_value(obj) for obj in relation.get_queryset().filter(pk__in=values)}
    return "、".join(found.get(str(v), str(v)) for v in values)


def _detail_value(f, value) -> str:
    if f is None:
        return str(value)
    if isinstance(f, drf.BooleanField):
        return "是" if value else "否"
    if isinstance(f, drf.ChoiceField):
        values = value if isinstance(value, list) else [value]
        return "、".join(str(f.choices.get(v, v)) for v in values)
    if isinstance(f, relations.RelatedField | relations.ManyRelatedField):
        return _related_label(f, value)
    return str(value)


def _details(spec, payload: dict) -> list:
    if not payload:
        return []
    payload_fields = spec.payload().fields if spec is not None and spec.payload is not None else {}
    result = []
    for key, value in payload.items():
        if value in (None, "", []):
            continue
        f = payload_fields.get(key)
        result.append((str(f.label) if f is not None and f.label else key, _detail_value(f, value)))
    return result


def timeline(instance) -> list[TimelineEntry]:
    model = type(instance)
    states = state_choices(model)
    specs = transition_specs(model)
    entries = []
    for log in history_of(instance):
        entries.append(
            TimelineEntry(
                at=log.at,
                actor=log.actor.display_name if log.actor else "系统",
                label=log.transition_label or log.transition,
                source=str(states.get(log.source, log.source)) if log.source else "",
                target=str(states.get(log.target, log.target)),
                target_state=log.target,
                reason=log.reason,
                details=_details(specs.get(log.transition), log.payload),
            )
        )
    return entries
