"""What the supervision pages share: looking records up through the selectors (404 for what the
user may not see), showing a service's refusal next to the form's fields, and the history of a
record that has no workflow (agencies, inspectors, items, plans)."""

from dataclasses import dataclass, field

from casemgmt.errors import DomainError, NotFound
from casemgmt.web.errors import form_refusal
from casemgmt.workflow.selectors import history_of

from ..selectors import may_read_directories

# Filters of the lists: a page number or a filter value that is no such value is ignored.
PAGE_SIZE = 25


def visible(queryset, pk):
    """The record of `queryset` (already filtered by a selector) with this id, or NotFound."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def require_reader(user) -> None:
    """The supervision pages are for the bureaus' staff and oversight; others get the 404 page."""
    if not may_read_directories(user):
        raise NotFound()


def show_refusal(form, exc: DomainError, *, rename: dict | None = None, aside: dict | None = None) -> int:
    """Put a service's refusal on the form (each message next to its field, the rest above the
    form) and return the status to answer: 400 for bad input, 409 for a state that does not allow
    it. NotFound and Forbidden are raised again for the middleware (404 and 403 pages).

    `rename` maps the service's field names to the form's ({"parent": "parent_code"}); messages
    of a name in `aside` ({"class_rules": []}) go to that list (shown by the page elsewhere)."""
    refusal = form_refusal(exc)
    for name, messages in refusal.errors.items():
        name = (rename or {}).get(name, name)
        messages = messages if isinstance(messages, (list, tuple)) else [messages]
        if aside is not None and name in aside:
            aside[name].extend(str(message) for message in messages)
            continue
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
    return refusal.status


@dataclass(frozen=True)
class HistoryRow:
    at: object
    actor: str
    label: str
    reason: str
    changes: list = field(default_factory=list)  # [(label, "old → new")]


def _shown(value) -> str:
    if value in (None, ""):
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def history_rows(obj) -> list[HistoryRow]:
    """The record's history, newest first: who did what, why, and each field changed."""
    rows = [
        HistoryRow(
            at=log.at,
            actor=log.actor_display,
            label=log.transition_label or log.transition,
            reason=log.reason,
            changes=[
                (
                    change.get("label") or change.get("field", ""),
                    f"{_shown(change.get('old'))} → {_shown(change.get('new'))}",
                )
                for change in log.changes or []
            ],
        )
        for log in history_of(obj)
    ]
    return list(reversed(rows))
