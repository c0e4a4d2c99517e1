"""What can be published. Each app registers its kinds (e.g. enforcement: 行政处罚决定) with how
to tell that the party has done what the published act required (credit repair) and where the
public reads a published item."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicationKind:
    key: str
    label: str
    model: type
    # subject -> bool: every obligation the act imposed is fulfilled (e.g. the fine is paid).
    obligations_fulfilled: Callable | None = None
    # publication -> URL of its public page ("" when the kind has none).
    public_url: Callable | None = None


_kinds: dict[str, PublicationKind] = {}


def register_publication_kind(
    *, key: str, label: str, model, obligations_fulfilled=None, public_url=None
) -> PublicationKind:
    existing = _kinds.get(key)
    if existing is not None and existing.model is not model:
        raise ValueError(f"publication kind {key!r} is already registered for {existing.model.__name__}")
    kind = PublicationKind(
        key=key, label=label, model=model, obligations_fulfilled=obligations_fulfilled, public_url=public_url
    )
    _kinds[key] = kind
    return kind


def get_publication_kind(key: str) -> PublicationKind | None:
    return _kinds.get(key)


def publication_kinds() -> list[PublicationKind]:
    return list(_kinds.values())
