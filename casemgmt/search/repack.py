"""When the embedded backend's packed index is rebuilt: once SEARCH_EMBEDDED_REPACK_CHANGES
documents have changed since the last build (they are searched in the database until then,
which stays fast only while they are few), by the periodic task and after outbox drains; and at
once when the current build cannot be opened here (files missing, an older format)."""

from django.conf import settings

from .backends import get_backend
from .backends.embedded import EmbeddedSearchBackend
from .backends.snapshots import (
    BuildReport,
    SnapshotBuildInProgress,
    build_generation,
    changed_count,
    forget_unneeded_tombstones,
    repack_needed,
)


def embedded_repack_due() -> bool:
    if not isinstance(get_backend(), EmbeddedSearchBackend):
        return False
    return changed_count() >= settings.SEARCH_EMBEDDED_REPACK_CHANGES or repack_needed()


def embedded_tidy() -> None:
    if isinstance(get_backend(), EmbeddedSearchBackend):
        forget_unneeded_tombstones()


def embedded_repack() -> BuildReport | None:
    """Build a new generation now; None when another build is already running."""
    try:
        return build_generation()
    except SnapshotBuildInProgress:
        return None
