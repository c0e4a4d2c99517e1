"""One error shape for the whole API.

400 {"errors": {field: [messages]}} for bad input; {"detail": ...} for 401/403/404/409.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "当前状态不允许此操作，或对象已被他人修改。"
    default_code = "conflict"


def _as_field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {key: _as_list(value) for key, value in detail.items()}
    return {"non_field_errors": _as_list(detail)}


def _as_list(value) -> list:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, (list, tuple)):
        flat = []
        for item in value:
            flat.extend(_as_list(item) if isinstance(item, (list, tuple)) else [item])
        return flat
    return [value]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("未找到。")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, (exceptions.ValidationError, exceptions.ParseError, exceptions.UnsupportedMediaType)):
        detail = exc.detail if isinstance(exc, exceptions.ValidationError) else str(exc.detail)
        return Response({"errors": _as_field_errors(detail)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
