"""Workflow types known to the kernel: used by the UI, 'my tasks', search and diagrams."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Queue:
    """A named work list shown in the navigation of the given roles, e.g. the intake queue:
    the type's list filtered by `params`, or another page of the type named by `url_name`."""

    label: str
    params: dict
    roles: frozenset
    url_name: str | None = None


@dataclass(frozen=True)
class WorkflowType:
    key: str
    model: type
    label: str
    selector: object  # callable(user) -> queryset of objects the user may see
    api_prefix: str  # e.g. "assistance-requests"
    queues: tuple = field(default=())


_registry: dict[str, WorkflowType] = {}


def register_workflow(*, key: str, model, label: str, selector, api_prefix: str, queues=()) -> None:
    model.workflow_type = key
    _registry[key] = WorkflowType(
        key=key, model=model, label=label, selector=selector, api_prefix=api_prefix, queues=tuple(queues)
    )


def workflow_types() -> list[WorkflowType]:
    return list(_registry.values())


def get_workflow_type(key: str) -> WorkflowType | None:
    return _registry.get(key)


def workflow_type_for(model) -> WorkflowType | None:
    for entry in _registry.values():
        if entry.model is model:
            return entry
    return None
