"""The Excel import page of a workflow type, if it has one: apps register it (cases.apps), and the
generic list shows its 导入历史案件 button only to a user who may import (who else would meet a 403)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportPage:
    url_name: str
    may_import: Callable[[object], bool]


_PAGES: dict[str, ImportPage] = {}


def register_import_page(type_key: str, url_name: str, may_import: Callable[[object], bool]) -> None:
    _PAGES[type_key] = ImportPage(url_name, may_import)


def import_page(type_key: str) -> ImportPage | None:
    return _PAGES.get(type_key)
