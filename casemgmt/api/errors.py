"""One error shape for the whole API, and the one place where the kernel's domain errors
become responses.

400 {"errors": {field: [messages]}} for bad input; {"detail": ...} for every other error
(401/403/404/405/409/413/429/500/503). Every error under /api/ is JSON, whatever the Accept header
or ?format= asked for: DRF's errors go through `exception_handler`, and what happens outside a
DRF view (an unknown path, a body refused by Django, an uncaught exception) through the
project's handler400/403/404/500 below, which keep the HTML pages for everything else.
The database out of reach is 503, not 500 (casemgmt.unavailable): here for DRF's views and, in
`server_error`, for whatever raised it outside them (loading the session in a middleware).
"""

import sys

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casemgmt import errors as domain
from casemgmt import unavailable

API_PREFIX = "/api/"
NOT_FOUND = "未找到。"
BAD_REQUEST = "请求无效。"
SERVER_ERROR = "服务器内部错误，请稍后重试。"


def body_too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return "请求内容过大。"
    return f"请求内容过大（除上传的文件外不能超过 {limit / (1024 * 1024):g} MB）。"


class ConflictResponse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "当前状态不允许此操作，或对象已被他人修改。"
    default_code = "conflict"


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self):
        super().__init__(body_too_large_message())


class DatabaseUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = unavailable.MESSAGE
    default_code = "database_unavailable"


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
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        # Too many form fields or files, a malformed multipart body: bad input, told plainly.
        exc = exceptions.ParseError(BAD_REQUEST)
    elif unavailable.database_unavailable(exc):
        exc = DatabaseUnavailable()
    request = context.get("request")
    if request is not None and isinstance(exc, APIException):
        # An error is JSON even when the client asked for the browsable page or ?format=xlsx.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    if isinstance(exc, (exceptions.ValidationError, exceptions.ParseError, exceptions.UnsupportedMediaType)):
        detail = exc.detail if isinstance(exc, exceptions.ValidationError) else str(exc.detail)
        return Response({"errors": _as_field_errors(detail)}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, DatabaseUnavailable):
        response["Retry-After"] = str(unavailable.RETRY_AFTER_SECONDS)
    return response


def error_response(request, data, status_code: int) -> Response:
    """An error a view answers itself (a shape the handler would flatten, or a body with more than
    the detail): JSON like every other error, whatever the client asked for."""
    request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return Response(data, status=status_code)


# --- errors outside DRF's views (the project's handler400/403/404/500) -----------------------------


def _under_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(body: dict, status_code: int) -> JsonResponse:
    return JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception, *args, **kwargs):
    if not _under_api(request):
        return defaults.bad_request(request, exception, *args, **kwargs)
    if isinstance(exception, RequestDataTooBig):
        return _json({"detail": body_too_large_message()}, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return _json({"errors": {"non_field_errors": [BAD_REQUEST]}}, status.HTTP_400_BAD_REQUEST)


def permission_denied(request, exception, *args, **kwargs):
    if not _under_api(request):
        return defaults.permission_denied(request, exception, *args, **kwargs)
    detail = str(exception) or exceptions.PermissionDenied.default_detail
    return _json({"detail": detail}, status.HTTP_403_FORBIDDEN)


def page_not_found(request, exception, *args, **kwargs):
    if not _under_api(request):
        return defaults.page_not_found(request, exception, *args, **kwargs)
    return _json({"detail": NOT_FOUND}, status.HTTP_404_NOT_FOUND)


def database_unavailable(request) -> HttpResponse:
    """503 for a request that could not reach the database: JSON under /api/, the page elsewhere."""
    if _under_api(request):
        response = _json({"detail": unavailable.MESSAGE}, status.HTTP_503_SERVICE_UNAVAILABLE)
    else:
        # Rendered without the request: the context processors would ask the database again.
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(unavailable.RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    # Django calls this while handling the exception, so it is still the one in flight.
    if unavailable.database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    if not _under_api(request):
        return defaults.server_error(request, *args, **kwargs)
    return _json({"detail": SERVER_ERROR}, status.HTTP_500_INTERNAL_SERVER_ERROR)
