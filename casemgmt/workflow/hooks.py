"""Per-workflow reactions to transitions, registered by each app's services module.

A hook runs inside the transition's transaction (so its writes roll back with it); anything
that leaves the database (notifications by mail, indexing, publication) it registers with
`transaction.on_commit`.
"""

from collections import defaultdict

_hooks: dict[tuple[type, str], list] = defaultdict(list)


def on_transition(model, *names: str):
    """Register `func(instance, log, payload)` for the named transitions ("*" for all)."""

    def register(func):
        for name in names or ("*",):
            _hooks[(model, name)].append(func)
        return func

    return register


def hooks_for(model, name: str) -> list:
    return _hooks[(model, name)] + _hooks[(model, "*")]
