"""Declaring transitions and reading them back: the single description used by the service,
the API, the UI buttons, the 'my tasks' list and the generated state diagrams."""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string
from django_fsm import transition


@dataclass(frozen=True)
class Fix:
    """Where a blocked condition is put right: a page of the staff UI named by its URL name, opened
    with the object's type key and pk (and scrolled to `anchor`), for users `permission` allows
    (None: whoever may fire the transition). The UI offers it next to the condition's message."""

    url_name: str
    label: str
    anchor: str = ""
    permission: object = None


class Condition:
    """A pure guard on the object with a message saying why it blocks, and optionally the Fix that
    removes the block (e.g. the edit page's respondent section)."""

    def __init__(self, check, message: str, fix: Fix | None = None):
        self.check = check
        self.message = message
        self.fix = fix
        self.__name__ = getattr(check, "__name__", "condition")

    def __call__(self, instance) -> bool:
        return bool(self.check(instance))


def workflow_transition(
    *,
    source,
    target,
    label: str,
    permission,
    conditions=(),
    payload=None,
    reason_required: bool = False,
    variants: tuple[str, ...] | None = None,
    field_name: str = "state",
):
    """A django-fsm-2 transition carrying what the kernel needs: a Chinese label, an explicit
    permission predicate, conditions with messages and an optional payload serializer.

    `variants` limits the transition to objects of those procedures (a model serving several
    procedures on one resource sets `workflow_variant` per object and `WORKFLOW_VARIANTS`)."""
    if permission is None:
        raise ValueError("Every transition declares its permission.")
    return transition(
        field=field_name,
        source=source,
        target=target,
        permission=permission,
        conditions=list(conditions),
        custom={
            "label": label,
            "payload": payload,
            "reason_required": reason_required,
            "variants": tuple(variants) if variants else None,
        },
    )


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: object
    conditions: tuple = ()
    payload: type | None = None
    reason_required: bool = False
    variants: tuple[str, ...] | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def applies_to(self, instance) -> bool:
        return self.variants is None or getattr(instance, "workflow_variant", None) in self.variants

    def in_variant(self, variant: str | None) -> bool:
        return variant is None or self.variants is None or variant in self.variants

    def allowed_from(self, state: str) -> bool:
        return state in self.sources or "*" in self.sources

    def requires(self) -> list[str]:
        names = ["reason"] if self.reason_required else []
        if self.payload is not None:
            names += [name for name, f in self.payload().fields.items() if f.required and not f.read_only]
        return names


def transition_specs(model) -> dict[str, TransitionSpec]:
    """All transitions of a workflow model, keyed by name (several sources merge into one spec)."""
    field = model._meta.get_field("state")
    collected: dict[str, dict] = {}
    for t in field.get_all_transitions(model):
        entry = collected.setdefault(t.name, {"t": t, "sources": []})
        entry["sources"].append(t.source)
    specs = {}
    for name, entry in collected.items():
        t = entry["t"]
        custom = t.custom or {}
        specs[name] = TransitionSpec(
            name=name,
            label=custom.get("label", name),
            sources=tuple(dict.fromkeys(entry["sources"])),
            target=t.target,
            permission=t.permission,
            conditions=tuple(t.conditions),
            payload=_resolve(custom.get("payload")),
            reason_required=custom.get("reason_required", False),
            variants=custom.get("variants"),
        )
    return specs


def _resolve(payload):
    # Payload serializers may be named by dotted path so models need not import the API layer.
    return import_string(payload) if isinstance(payload, str) else payload


def workflow_variants(model) -> list[tuple[str | None, str | None, str]]:
    """(key, label, initial state) per procedure the model serves; one unnamed entry for most models."""
    declared = getattr(model, "WORKFLOW_VARIANTS", None)
    if not declared:
        return [(None, None, model._meta.get_field("state").get_default())]
    return [(key, label, initial) for key, (label, initial) in declared.items()]


def state_choices(model) -> dict[str, str]:
    return dict(model._meta.get_field("state").choices)
