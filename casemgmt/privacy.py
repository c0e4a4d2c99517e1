"""Who sees personal data unmasked, and the mask everyone else gets (issue 13 item 4; DOMAIN §3c).

One rule, applied at the output boundary rather than field by field, so that no serializer, export,
template or admin page can forget it:

- `may_see_personal_data(user)`: the roles whose work needs full resident ID numbers, mobile
  numbers and bank accounts (casemgmt.org.models.ROLES_SEEING_ID_NUMBERS). They only ever reach
  records of their own jurisdiction: the selectors scope every read.
- `must_redact(user)`: a signed-in user outside those roles (auditor, administrator — superusers
  included, since the rule follows the role —, partner agencies). Anonymous callers reach only the
  public endpoints, whose texts publication has already masked (with placeholders kept in the
  published record); their output is left as it is.
- `redact(data)`: every string inside `data` (dicts, lists, tuples, nested) with the personal
  numbers masked. Detection is the publication masker's (casemgmt.publication.masking): an
  18-character ID number with a real birth date counts, check digit or not (a mistyped number is
  still a person's), as do old 15-digit numbers — over-masking is the safe side.

Where it is applied: the API's JSON and .xlsx renderers (casemgmt.api.renderers), every text/html
response of the staff site and the browsable API (`RedactHtmlMiddleware`), and the read-only admin
pages (`RedactedAdminMixin`, in casemgmt.workflow.admin.ReadOnlyAdmin)."""

import io

from django.conf import settings

from casemgmt.parties.validation import mask_id_number, mask_phone
from casemgmt.publication.masking import BANK_ACCOUNT, ID_NUMBER, personal_number_spans, replacement_for


def may_see_personal_data(user) -> bool:
    from casemgmt.org.models import ROLES_SEEING_ID_NUMBERS

    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and not getattr(user, "is_partner", False)
        and getattr(user, "role", None) in ROLES_SEEING_ID_NUMBERS
    )


def must_redact(user) -> bool:
    return bool(user is not None and user.is_authenticated and not may_see_personal_data(user))


def _masked(value: str, category: str) -> str:
    if category == ID_NUMBER:
        return mask_id_number(value)
    if category == BANK_ACCOUNT:
        return replacement_for(BANK_ACCOUNT, value)
    return mask_phone(value)


def redact_text(text: str) -> str:
    spans = personal_number_spans(text)
    if not spans:
        return text
    parts, position = [], 0
    for start, end, category in spans:
        parts.append(text[position:start])
        parts.append(_masked(text[start:end], category))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def redact(data):
    """`data` with every string in it redacted (mappings keep their keys)."""
    if isinstance(data, str):
        return redact_text(data)
    if isinstance(data, dict):
        return {key: redact(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact(value) for value in data]
    return data


def redact_for(user, data):
    return redact(data) if must_redact(user) else data


def redact_workbook(content: bytes) -> bytes:
    """An .xlsx workbook (bytes) with every text cell redacted: for exports built outside the
    API's renderer (the supervision directory's importable sheets)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = redact_text(cell.value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def redact_workbook_for(user, content: bytes) -> bytes:
    return redact_workbook(content) if must_redact(user) else content


def redact_html_response(response):
    """Redact a rendered text/html response in place (streamed and non-HTML responses pass)."""
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not content_type.startswith("text/html"):
        return response
    charset = getattr(response, "charset", None) or settings.DEFAULT_CHARSET
    text = response.content.decode(charset, errors="replace")
    redacted = redact_text(text)
    if redacted != text:
        response.content = redacted.encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    return response


class RedactHtmlMiddleware:
    """Staff HTML pages (and the browsable API) for users who may not see personal data: the whole
    rendered page is redacted, so a new template, panel or timeline entry is covered without
    anyone remembering a filter. These roles only read on these pages (the auditor is read-only;
    the administrator's party edits go through the API, whose masked output a PATCH of the same
    value would fail validation on). The Django admin is left to `RedactedAdminMixin`, which
    redacts only read-only admin pages: an editable configuration form must show its values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            return response
        if must_redact(getattr(request, "user", None)):
            redact_html_response(response)
        return response


class RedactedAdminMixin:
    """For a view-only ModelAdmin: its list, detail, history and delete pages are redacted for
    users who may not see personal data (superusers included: they are the 'admin' role)."""

    def _redacted(self, request, response):
        if not must_redact(request.user):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.add_post_render_callback(redact_html_response)
            return response
        return redact_html_response(response)

    def changelist_view(self, request, extra_context=None):
        return self._redacted(request, super().changelist_view(request, extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._redacted(request, super().change_view(request, object_id, form_url, extra_context))

    def history_view(self, request, object_id, extra_context=None):
        return self._redacted(request, super().history_view(request, object_id, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        return self._redacted(request, super().delete_view(request, object_id, extra_context))
