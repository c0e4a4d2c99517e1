"""The project's routes, read from the URL conf (tests that must cover every route, including
routes added later, enumerate them here instead of keeping a hand list)."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    path: str  # the pattern as written, e.g. "api/public/penalty-decisions/<int:pk>/"
    name: str  # namespaced, e.g. "public_penalties:detail"
    entry: URLPattern

    @property
    def converters(self) -> dict:
        return self.entry.pattern.converters

    @property
    def has_arguments(self) -> bool:
        return bool(self.converters) or "(?P<" in self.path

    @property
    def view_class(self):
        callback = self.entry.callback
        return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), namespace + (entry.name or ""), entry)


def routes(prefix: str = "") -> list[Route]:
    """Every route whose pattern starts with `prefix` (no leading slash: "api/", "public/")."""
    return [route for route in _walk(get_resolver().url_patterns) if route.path.startswith(prefix)]
