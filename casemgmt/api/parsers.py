"""The API's JSON parser: DRF's, with a nesting limit and the request size limit.

Python's json module recurses once per nesting level, so ~1,000 levels (2 KB of brackets) end
in a RecursionError, a 500. The nesting is measured before anything is decoded, and a body
nested deeper than any payload of the API is refused as bad input (400). DRF reads a JSON body
straight from the request stream, past DATA_UPLOAD_MAX_MEMORY_SIZE, which Django applies only
to form bodies: the parser applies it too, so every body has one limit (413)."""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant

# The deepest payload of the API is a few levels (a party inside an application, a list of
# rows of objects); 32 leaves room and stays far below the interpreter's recursion limit.
MAX_JSON_DEPTH = 32

# A string (escapes included) is skipped whole, so brackets inside it do not count. An unclosed
# string runs to the end of the text: every quote starts a match that succeeds, so the scan stays
# linear however the quotes and backslashes of a hostile body are arranged.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.?)*+(?:"|\Z)|[\[\]{}]', re.DOTALL)


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays/objects in `text` nest deeper than `limit` (malformed text included:
    only the brackets outside strings are counted; the decoder judges the rest)."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def read_body(stream, limit: int | None) -> bytes:
    """The whole body, refused (RequestDataTooBig) beyond `limit` bytes without reading on."""
    if limit is None:
        return stream.read()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
    return body


def loads_limited(text: str, *, strict: bool = True, limit: int = MAX_JSON_DEPTH):
    """json.loads that answers ParseError (a 400) for anything it cannot decode, including
    nesting deeper than `limit`."""
    if json_too_deep(text, limit):
        raise ParseError(f"JSON 嵌套层级过深（不能超过 {limit} 层）。")
    try:
        return json.loads(text, parse_constant=strict_constant if strict else None)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"请求内容不是有效的 JSON：{exc}") from None


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        # get_encoding refuses bytes-to-bytes codecs (bz2_codec…) that would expand a small body.
        encoding = parsers.get_encoding(parser_context or {})
        body = read_body(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(f"请求内容不是有效的 {encoding} 文本。") from None
        return loads_limited(text, strict=api_settings.STRICT_JSON)
