"""Searchable types. Each app registers its own in its `search.py` (imported from ready()).

`to_document(obj)` describes an object for the index (returning None keeps it out, e.g. a
draft); `selector(user)` is the queryset of objects the user may open, used to re-check
every hit before it is shown. `violation_types` lists the labels the type's documents may
carry as `violation_type` (its controlled list): the search filter accepts only these.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.db.models import Model, QuerySet

from .backends.base import SearchDocument


@dataclass(frozen=True)
class SearchableType:
    key: str
    model: type[Model]
    label: str
    to_document: Callable[[Model], SearchDocument | None]
    selector: Callable[..., QuerySet]
    index_queryset: Callable[[], QuerySet] | None = None
    violation_types: tuple[str, ...] = ()

    def queryset_for_indexing(self) -> QuerySet:
        """Every object to index on a rebuild (registrations may add select_related here)."""
        if self.index_queryset is not None:
            return self.index_queryset()
        return self.model._default_manager.all()


_registry: dict[str, SearchableType] = {}


def register_searchable(
    *,
    key: str,
    model: type[Model],
    label: str,
    to_document: Callable[[Model], SearchDocument | None],
    selector: Callable[..., QuerySet],
    index_queryset: Callable[[], QuerySet] | None = None,
    with_attachment_text: bool = False,
    violation_types: Iterable[str] = (),
) -> SearchableType:
    """`with_attachment_text` adds the text read from the object's PDF/Word/text attachments to its
    body (staff types only: never for a type shown to the public)."""
    existing = _registry.get(key)
    if existing is not None and existing.model is not model:
        raise ValueError(f"search type {key!r} is already registered for {existing.model.__name__}")
    if with_attachment_text:
        to_document = _with_attachment_text(to_document)
    entry = SearchableType(
        key=key,
        model=model,
        label=label,
        to_document=to_document,
        selector=selector,
        index_queryset=index_queryset,
        violation_types=tuple(str(name) for name in violation_types),
    )
    _registry[key] = entry
    return entry


def _with_attachment_text(to_document):
    def document_with_attachments(obj):
        document = to_document(obj)
        if document is None:
            return None
        from casemgmt.files.selectors import attachments_for

        texts = [
            text
            for text in attachments_for(obj)
            .filter(superseded_by__isnull=True)
            .exclude(extracted_text="")
            .values_list("extracted_text", flat=True)
        ]
        return replace(document, body="\n".join([document.body, *texts])) if texts else document

    return document_with_attachments


def unregister_searchable(key: str) -> None:
    _registry.pop(key, None)


def searchable_types() -> list[SearchableType]:
    return list(_registry.values())


def known_violation_types() -> list[str]:
    """Every violation-type label some registered type may carry, in registration order."""
    return list(dict.fromkeys(label for entry in _registry.values() for label in entry.violation_types))


def get_searchable(key: str) -> SearchableType | None:
    return _registry.get(key)


def searchable_for_model(model: type[Model]) -> SearchableType | None:
    # Instances of a proxy model are indexed as the concrete model they stand for.
    for candidate in (model, model._meta.concrete_model):
        for entry in _registry.values():
            if entry.model is candidate:
                return entry
    return None
