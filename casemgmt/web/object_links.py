"""Extra ways out of an object page that are not transitions (e.g. an enforcement case's raid
page). Apps register a function per model: (obj, user) -> [ObjectLink]."""

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
