"""One error shape for the whole API, and the one place where the kernel's domain errors
become responses.

400 {"errors": {field: [messages]}} for bad input; {"detail": ...} for 401/403/404/409.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casemgmt import errors as domain


class ConflictResponse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "当前状态不允许此操作，或对象已被他人修改。"
    default_code = "conflict"


def _as_field_errors(detail) -> dict:
    """{field: [messages]}. A nested object's errors are listed under its field and also under
    dotted keys ("respondent": [...], "respondent.kind": [...]) so a form can point at the input."""
    if not isinstance(detail, dict):
        return {"non_field_errors": _leaves(detail)}
    flat: dict = {}
    for key, value in detail.items():
        flat[str(key)] = _leaves(value)
        _dotted(str(key), value, flat)
    return flat


def _leaves(value) -> list:
    if isinstance(value, dict):
        return [message for item in value.values() for message in _leaves(item)]
    if isinstance(value, (list, tuple)):
        return [message for item in value for message in _leaves(item)]
    return [value]


def _dotted(prefix: str, value, flat: dict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key != "non_field_errors":
                flat[f"{prefix}.{key}"] = _leaves(item)
                _dotted(f"{prefix}.{key}", item, flat)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _dotted(prefix, item, flat)


def _from_domain(exc: domain.DomainError) -> APIException:
    if isinstance(exc, domain.Invalid):
        return exceptions.ValidationError(exc.field_errors())
    if isinstance(exc, domain.Forbidden):
        return exceptions.PermissionDenied(exc.message)
    if isinstance(exc, domain.NotFound):
        return exceptions.NotFound("未找到。")
    return ConflictResponse(exc.message)


def exception_handler(exc, context):
    if isinstance(exc, domain.DomainError):
        exc = _from_domain(exc)
    elif isinstance(exc, DjangoValidationError):
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
