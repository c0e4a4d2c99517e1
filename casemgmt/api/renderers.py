"""The API's renderers. Both pass the response data through casemgmt.privacy first, so a caller
who may not see personal data never gets a full ID number, mobile number or bank account, whatever
the serializer put there. `?format=xlsx` on any staff list: the same filtered rows as an Excel
workbook."""

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer

from casemgmt.privacy import redact_for


def _redacted(data, renderer_context):
    request = (renderer_context or {}).get("request")
    return redact_for(getattr(request, "user", None), data)


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(_redacted(data, renderer_context), accepted_media_type, renderer_context)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        if isinstance(value, list):
            return "；".join(str(_cell(v)) for v in value)
        return value.get("name") or value.get("label") or str(value)
    return value


def workbook_bytes(headers: list[str], rows) -> bytes:
    """One sheet ("导出"): a header row, then `rows` (iterables of cell values). The API's export
    and the staff pages' export buttons write the same kind of file through this."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导出"
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    for index, _ in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        data = _redacted(data, renderer_context)
        response = renderer_context.get("response")
        rows = data.get("results", data) if isinstance(data, dict) else data
        if response is not None and response.status_code >= 400 or not isinstance(rows, list):
            rows = [data] if isinstance(data, dict) else []
        view = renderer_context.get("view")
        labels = getattr(view, "export_labels", {}) if view else {}
        headers: list[str] = []
        for row in rows:
            for key in row:
                if key not in headers:
                    headers.append(key)
        content = workbook_bytes(
            [labels.get(h, h) for h in headers], ([_cell(row.get(h)) for h in headers] for row in rows)
        )
        if response is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            response["Content-Disposition"] = f'attachment; filename="export-{stamp}.xlsx"'
        return content
