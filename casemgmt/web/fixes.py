"""Transitions shown disabled on an object page: the reason each condition gives and a link to
the page that puts it right (a condition's declared Fix, resolved for this object and user)."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from casemgmt.workflow.selectors import blocked_transitions


@dataclass(frozen=True)
class Reason:
    message: str
    fix_url: str = ""
    fix_label: str = ""


@dataclass(frozen=True)
class BlockedAction:
    name: str
    label: str
    target_label: str
    reasons: list = field(default_factory=list)


def route_url(url_name: str, **kwargs) -> str | None:
    """The route's address, or None while no page is mounted under that name (a fix may name a
    page another part of the UI provides)."""
    try:
        return reverse(url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def fix_url(fix, obj, user) -> str | None:
    if fix is None or (fix.permission is not None and not fix.permission(obj, user)):
        return None
    url = route_url(fix.url_name, type_key=obj.workflow_type, pk=obj.pk)
    if url is None:
        return None
    return f"{url}#{fix.anchor}" if fix.anchor else url


def blocked_actions(obj, user) -> list[BlockedAction]:
    actions = []
    for blocked in blocked_transitions(obj, user):
        reasons = []
        for condition in blocked["conditions"]:
            url = fix_url(getattr(condition, "fix", None), obj, user)
            reasons.append(Reason(condition.message, url or "", condition.fix.label if url else ""))
        actions.append(BlockedAction(blocked["name"], blocked["label"], str(blocked["target_label"]), reasons))
    return actions
