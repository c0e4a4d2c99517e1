"""The answer to a locked-out sign-in, whichever way in (django-axes calls it through
AXES_LOCKOUT_CALLABLE): on the API 429 {"errors": {"non_field_errors": [...]}} with Retry-After,
elsewhere (the staff login form, /admin/login/) a 429 page saying how long to wait."""

import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    return f"登录失败次数过多，该账号已被暂时锁定，请{lockout_minutes()}分钟后再试。"


def lockout_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    retry_after = str(lockout_minutes() * 60)
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"errors": {"non_field_errors": [lockout_message()]}}, status=429)
    else:
        response = render(
            request,
            "web/locked_out.html",
            {"message": lockout_message(), "back": request.get_full_path()},
            status=429,
        )
    response["Retry-After"] = retry_after
    return response
