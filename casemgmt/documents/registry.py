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


_kinds: dict[str, DocumentKind] = {}


def register_document(*, key: str, label: str, template: str, version: str, doc_type: str | None, issuer) -> None:
    _kinds[key] = DocumentKind(
        key=key, label=label, template=template, version=version, doc_type=doc_type, issuer=issuer
    )


def get_document_kind(key: str) -> DocumentKind:
    return _kinds[key]
