"""Backend selection: `get_backend()` returns the backend named by settings.SEARCH_BACKEND."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import SearchBackend

BACKENDS = {
    "embedded": "casemgmt.search.backends.embedded.EmbeddedSearchBackend",
    "elasticsearch": "casemgmt.search.backends.elasticsearch.ElasticsearchBackend",
}

_instances: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    # Settings are read on every call (not at import) so tests and override_settings work;
    # instances are cached per name because a backend may hold a connection pool.
    name = getattr(settings, "SEARCH_BACKEND", "embedded") or "embedded"
    if name not in BACKENDS:
        known = ", ".join(sorted(BACKENDS))
        raise ImproperlyConfigured(f"SEARCH_BACKEND={name!r} is not a known search backend; choose one of: {known}.")
    if name not in _instances:
        _instances[name] = import_string(BACKENDS[name])()
    return _instances[name]
