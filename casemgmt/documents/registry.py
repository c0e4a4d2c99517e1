"""Kinds of official documents each workflow issues."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    template: str
    version: str
    doc_type: str | None  # 文号 type code; None for documents without a number
    issuer: Callable  # obj -> issuer abbreviation for the 文号 (e.g. 晋知援)
    # context -> extra named placeholders for the Word template (strings or lists of strings),
    # beyond the ones every kind has (casemgmt.documents.fields); e.g. the penalty decision's
    # 《行政处罚法》第五十九条 items, so a template may lay them out one by one.
    fields: Callable[[dict], dict] | None = None


_kinds: dict[str, DocumentKind] = {}


def register_document(
    *,
    key: str,
    label: str,
    template: str,
    version: str,
    doc_type: str | None,
    issuer,
    fields: Callable[[dict], dict] | None = None,
) -> None:
    _kinds[key] = DocumentKind(
        key=key, label=label, template=template, version=version, doc_type=doc_type, issuer=issuer, fields=fields
    )


def get_document_kind(key: str) -> DocumentKind:
    return _kinds[key]


def document_kinds() -> list[DocumentKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)
