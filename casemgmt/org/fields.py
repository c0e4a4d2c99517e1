"""Serializer fields for org objects."""

import re

from rest_framework import serializers

from .models import Jurisdiction

_CODE = re.compile(r"\d{6}")


class JurisdictionCodeField(serializers.SlugRelatedField):
    """A jurisdiction given by its six-digit GB/T 2260 code. Anything else is refused before the
    database is asked (PostgreSQL rejects a NUL byte in a query parameter with an error)."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "invalid": "区划代码应为6位数字。",
        "does_not_exist": "没有区划代码为{value}的区划。",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Jurisdiction.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not _CODE.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)
