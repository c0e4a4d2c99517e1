"""Extra ways out of an object page that are not transitions (e.g. an enforcement case's raid
page), and extra cards on it (e.g. a list entry's grounds and measures). Apps register a function
per model: (obj, user) -> [ObjectLink] or [ObjectPanel]."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectLink:
    label: str
    url: str
    hint: str = ""
    primary: bool = False


_sources: dict[type, list] = {}


def register_object_links(model, source) -> None:
    _sources.setdefault(model, []).append(source)


def object_links(obj, user) -> list[ObjectLink]:
    return [link for source in _sources.get(type(obj), []) for link in source(obj, user)]


@dataclass(frozen=True)
class ObjectPanel:
    """A card of its own on an object page (e.g. a list entry's grounds, measures and early removal
    applications): `template` is rendered with `panel` (this object) in its context."""

    title: str
    template: str
    context: dict
    key: str = ""


_panel_sources: dict[type, list] = {}


def register_object_panel(model, source) -> None:
    """`source(obj, user) -> [ObjectPanel]`, shown on the object's page after its basic facts."""
    _panel_sources.setdefault(model, []).append(source)


def object_panels(obj, user) -> list[ObjectPanel]:
    return [panel for source in _panel_sources.get(type(obj), []) for panel in source(obj, user)]
