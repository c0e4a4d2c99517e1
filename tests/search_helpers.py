"""Helpers of the search tests (fixtures are in tests.search_fixtures)."""

import socket

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.backends.embedded import EmbeddedSearchBackend
from casemgmt.search.backends.snapshots import build_generation

from .search_corpus import CITY


def unreachable_url() -> str:
    """The address of a port nothing listens on: an engine that is down."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


PARTY_KEY = "test_party"


def party_document(party):
    """A party as a search document; a name marked （不索引） keeps it out of the index, as a
    draft would be kept out."""
    if party.name.startswith("（不索引）"):
        return None
    return SearchDocument(
        type=PARTY_KEY,
        id=party.pk,
        title=party.name,
        body=" ".join(filter(None, [party.credit_code, party.address, party.legal_representative])),
        jurisdiction=CITY,
        date=party.created_at,
        url=f"/parties/{party.pk}/",
    )


class PackingEmbeddedBackend(EmbeddedSearchBackend):
    """The embedded backend with its packed index rebuilt after every write and deletion, so
    that a test's searches run on the packed tier rather than on the database tier."""

    def index(self, documents):
        written = super().index(documents)
        build_generation()
        return written

    def delete(self, type, ids):
        deleted = super().delete(type, ids)
        build_generation()
        return deleted

    def rebuild(self, *args, **kwargs):
        written = super().rebuild(*args, **kwargs)
        build_generation()
        return written
