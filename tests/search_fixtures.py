"""Fixtures of the search tests: a real search engine for the Elasticsearch backend, each
backend in turn, and a searchable type of plain objects (parties).

`scripts/testservices.py --opensearch` starts osmem-server (an in-memory,
OpenSearch-compatible engine from pip) and exports its address as OPENSEARCH_TEST_URL.
Without that variable the session starts its own osmem-server. When neither is possible,
the tests are skipped on a developer's machine and fail under CI=true (tests.services).

Test modules load these with `pytest_plugins = ["tests.search_fixtures"]`; plain helpers
live in tests.search_helpers.

Each test gets its own index prefix, so tests never see each other's documents, and its
indices are dropped afterwards. The client sends plain JSON media types
(tests.search_transport), which osmem-server requires.
"""

import contextlib
import dataclasses
import os
import uuid

import pytest

from casemgmt.parties.models import Party
from casemgmt.parties.selectors import parties_visible_to
from casemgmt.search import backends as backends_module
from casemgmt.search.backends import get_backend
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.registry import register_searchable, searchable_types, unregister_searchable

from .search_helpers import PARTY_KEY, PackingEmbeddedBackend, party_document
from .services import service_unavailable

TEST_CLIENT_OPTIONS = {"node_class": "tests.search_transport.PlainJsonNode", "max_retries": 0}


@pytest.fixture(scope="session")
def opensearch_url():
    url = os.environ.get("OPENSEARCH_TEST_URL")
    if url:
        yield url
        return
    try:
        from osmem_server import OsmemError, OsmemServer

        server = OsmemServer.start(japanese=False)
    except (ImportError, OSError, RuntimeError) as exc:
        service_unavailable(f"needs an OpenSearch-compatible engine (osmem-server or OPENSEARCH_TEST_URL): {exc}")
    try:
        yield server.url
    finally:
        with contextlib.suppress(OsmemError):
            server.close()


def _drop_test_indices(backend, prefix: str) -> None:
    client = backend.client
    with contextlib.suppress(Exception):
        for name in client.indices.get_alias(index=f"{prefix}-*").body:
            client.indices.delete(index=name)


@pytest.fixture
def elasticsearch_settings(settings, opensearch_url):
    """Settings selecting the Elasticsearch backend on the test engine, with a fresh prefix."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = opensearch_url
    settings.SEARCH_INDEX_PREFIX = prefix
    settings.SEARCH_ES_CLIENT_OPTIONS = TEST_CLIENT_OPTIONS
    # Searches in a test must see the writes just made (production leaves refreshing to the engine).
    settings.SEARCH_ES_REFRESH = True
    yield settings
    settings.ELASTICSEARCH_URL = opensearch_url
    _drop_test_indices(get_backend(), prefix)


@pytest.fixture
def es_backend(db, elasticsearch_settings):
    return get_backend()


@pytest.fixture(params=["embedded", "embedded-packed", "elasticsearch"])
def any_backend(request, db, monkeypatch):
    """Each backend in turn, also as `get_backend()` returns it to the services: the embedded
    one in the test database (its database tier, then its packed index, rebuilt after every
    write), Elasticsearch on the test engine."""
    if request.param == "embedded":
        return EmbeddedSearchBackend()
    if request.param == "embedded-packed":
        packing = PackingEmbeddedBackend()
        monkeypatch.setitem(backends_module._instances, "embedded", packing)
        return packing
    return request.getfixturevalue("es_backend")


@pytest.fixture
def party_search(db):
    """Party registered as a searchable type (any other registration of Party set aside):
    ordinary objects to index, change and delete in outbox and drift tests."""
    displaced = [entry for entry in searchable_types() if entry.model is Party]
    for entry in displaced:
        unregister_searchable(entry.key)
    entry = register_searchable(
        key=PARTY_KEY, model=Party, label="当事人", to_document=party_document, selector=parties_visible_to
    )
    yield entry
    unregister_searchable(PARTY_KEY)
    for entry in displaced:
        register_searchable(**{f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)})
