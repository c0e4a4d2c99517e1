"""Reading and writing the directory workbooks: the generic sheet machinery lives in the import
kernel (casemgmt.imports.sheets, re-exported here); what is the directories' own stays here."""

import re
from dataclasses import dataclass, field

from casemgmt.imports.sheets import (  # noqa: F401  (re-exported for the directory imports)
    MAX_BYTES,
    MAX_ROWS,
    NO,
    XLSX_MEDIA_TYPE,
    YES,
    Column,
    SheetRejected,
    _labels,
    _merge,
    _normalise_header,
    _workbook,
    cell_bool,
    cell_choice,
    cell_date,
    cell_text,
    file_sha256,
    read_sheet,
)
from casemgmt.org.models import Jurisdiction

from ...models.choices import RiskClass

LIST_SEPARATORS = re.compile(r"[、;；,，\s]+")
REASON_SEPARATORS = re.compile(r"[;；\n]+")


@dataclass
class ImportReport:
    sha256: str
    dry_run: bool
    rows: list = field(default_factory=list)  # [{"row", "key", "result": created|updated|unchanged}]

    def count(self, result: str) -> int:
        return sum(1 for row in self.rows if row["result"] == result)

    def as_dict(self) -> dict:
        return {
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "dry_run": self.dry_run,
            "sha256": self.sha256,
            "rows": self.rows,
        }


RISK_ALIASES = {f"{rc}类": rc for rc in RiskClass.values} | {rc.lower(): rc for rc in RiskClass.values}


def _jurisdictions() -> dict:
    table = {}
    for jurisdiction in Jurisdiction.objects.all():
        table[jurisdiction.code] = jurisdiction
        table[jurisdiction.name] = jurisdiction
    return table


def _import_reason(sha: str, file_name: str) -> str:
    name = (file_name or "").strip()[:100]
    return f"从 Excel 表格导入{f'（{name}）' if name else ''}，文件 SHA-256：{sha}"


@dataclass
class _Planned:
    number: int
    values: dict
    instance: object = None
    parent_code: str = ""
    result: str = "created"
    extra: dict = field(default_factory=dict)
