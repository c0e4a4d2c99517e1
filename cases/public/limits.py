"""Limits of the anonymous online application. Settings override the defaults (see the report
lines in casemgmt/settings/base.py: PUBLIC_REQUEST_MAX_BYTES, PUBLIC_APPLICATIONS_PER_PHONE_PER_DAY)."""

from django.conf import settings

MB = 1024 * 1024
MAX_ATTACHMENTS = 5
DEFAULT_REQUEST_MAX_BYTES = 25 * MB
DEFAULT_APPLICATIONS_PER_PHONE_PER_DAY = 3


def request_max_bytes() -> int:
    """The whole request body: above it a submission is refused before anything is read."""
    return getattr(settings, "PUBLIC_REQUEST_MAX_BYTES", DEFAULT_REQUEST_MAX_BYTES)


def applications_per_phone_per_day() -> int:
    return getattr(settings, "PUBLIC_APPLICATIONS_PER_PHONE_PER_DAY", DEFAULT_APPLICATIONS_PER_PHONE_PER_DAY)


def declared_body_size(request) -> int:
    """CONTENT_LENGTH as declared. Django never reads past it, so it bounds what parsing can see."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_too_large_message() -> str:
    return f"提交的内容过大（合计不能超过 {request_max_bytes() // MB} MB），请减少或压缩附件后重新提交。"
