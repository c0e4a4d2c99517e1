"""The directories as Excel workbooks, which is how the bureau keeps them: export, a blank
template, and import.

An import is all or nothing. Every row is read and checked first (the same checks as the API's,
see services/directory.py); if any row is bad, the import raises `SheetRejected` with a report
of each bad row ({"rows": [{"row": 3, "errors": {"credit_code": ["…"]}}]}, rows numbered as
Excel shows them) and writes nothing. A good sheet is written in one transaction: agencies are
matched by 统一社会信用代码 and inspectors by the officer's account; each created or changed record
gets one history row whose reason and payload carry the file's SHA-256; a row equal to the record
writes nothing, so importing the same sheet twice changes nothing the second time. An exported
sheet imports back unchanged.

Conflicts (回避) are declared facts: an inspector sheet may add conflicts (with their reasons) but
not withdraw one."""

from .agencies import AGENCY_COLUMNS, agencies_import, agencies_workbook
from .inspectors import INSPECTOR_COLUMNS, inspectors_import, inspectors_workbook
from .sheets import MAX_BYTES, MAX_ROWS, XLSX_MEDIA_TYPE, ImportReport, SheetRejected, file_sha256

__all__ = [
    "AGENCY_COLUMNS",
    "INSPECTOR_COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "XLSX_MEDIA_TYPE",
    "ImportReport",
    "SheetRejected",
    "agencies_import",
    "agencies_workbook",
    "file_sha256",
    "inspectors_import",
    "inspectors_workbook",
]
