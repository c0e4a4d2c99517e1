"""What follows a transition, declared per workflow in one ordered list.

Each app declares, in its AppConfig.ready, a table {transition name: [effect, ...]} for each
of its workflow models:

    declare_effects(EnforcementCase, {"decide": [penalty.decision_record, publication.decision_enter]})

The list is the order the effects run in, inside the transition's transaction (so their writes
roll back with it); anything that leaves the database they register with `on_commit`. An
effect is `func(instance, log, payload)`. A transition's effects are declared once: a second
declaration is a configuration error, so nothing depends on which module was imported first."""

from django.core.exceptions import ImproperlyConfigured

from .transitions import transition_specs

_effects: dict[tuple[type, str], tuple] = {}


def declare_effects(model, table: dict[str, list]) -> None:
    names = transition_specs(model)
    for name, effects in table.items():
        if name not in names:
            raise ImproperlyConfigured(f"{model.__name__} has no transition {name!r}")
        if (model, name) in _effects:
            raise ImproperlyConfigured(f"effects of {model.__name__}.{name} are declared twice")
        _effects[(model, name)] = tuple(effects)


def effects_for(model, name: str) -> tuple:
    return _effects.get((model, name), ())
