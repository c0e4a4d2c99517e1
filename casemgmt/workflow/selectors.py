from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import TransitionLog
from .registry import workflow_types
from .transitions import state_choices, transition_specs


def available_transitions(instance, user) -> list[dict]:
    """Transitions the user may fire on this object now (state, permission and conditions)."""
    states = state_choices(type(instance))
    result = []
    for spec in transition_specs(type(instance)).values():
        if not spec.applies_to(instance) or not spec.allowed_from(instance.state):
            continue
        if not spec.permission(instance, user):
            continue
        blocked = [c.message for c in spec.conditions if not c(instance)]
        if blocked:
            continue
        result.append(
            {
                "name": spec.name,
                "label": spec.label,
                "target": spec.target,
                "target_label": states.get(spec.target, spec.target),
                "requires": spec.requires(),
            }
        )
    return result


def blocked_transitions(instance, user) -> list[dict]:
    """Transitions the user could fire on this object in its state but whose conditions fail now,
    each with the failing conditions (their messages and declared fixes): the UI shows them
    disabled with the reason instead of hiding them."""
    states = state_choices(type(instance))
    result = []
    for spec in transition_specs(type(instance)).values():
        if not spec.applies_to(instance) or not spec.allowed_from(instance.state):
            continue
        if not spec.permission(instance, user):
            continue
        failing = [c for c in spec.conditions if not c(instance)]
        if failing:
            result.append(
                {
                    "name": spec.name,
                    "label": spec.label,
                    "target": spec.target,
                    "target_label": states.get(spec.target, spec.target),
                    "conditions": failing,
                }
            )
    return result


def history_of(instance):
    return (
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
        )
        .select_related("actor")
        .order_by("at", "id")
    )


def actionable_states(model, user) -> set[str]:
    """States in which an object waits for the user's role (see Allow.awaits)."""
    states = set()
    for spec in transition_specs(model).values():
        roles = getattr(spec.permission, "awaited_roles", frozenset())
        if user.role in roles:
            states.update(s for s in spec.sources if s != "*")
            if "*" in spec.sources:
                states.update(state_choices(model))
    return states


def awaiting_user(user, limit_per_type: int = 50) -> list[tuple]:
    """'My tasks': per workflow type, visible objects in a state where the user can act,
    narrowed by the model's own notion of who is awaited (e.g. the assigned handler)."""
    groups = []
    for wf in workflow_types():
        states = actionable_states(wf.model, user)
        if not states:
            continue
        queryset = wf.selector(user).filter(state__in=states)
        narrowing = wf.model.awaiting_filter(user)
        if narrowing is not None:
            queryset = queryset.filter(narrowing if isinstance(narrowing, Q) else Q(**narrowing))
        objects = [
            obj for obj in queryset.order_by("-updated_at")[: limit_per_type * 2] if available_transitions(obj, user)
        ][:limit_per_type]
        if objects:
            groups.append((wf, objects))
    return groups
