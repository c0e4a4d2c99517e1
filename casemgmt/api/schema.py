"""The OpenAPI document describes the errors every operation can answer, in the one error shape of
casemgmt.api.errors: 400 {"errors": {field: [messages]}}, every other error {"detail": ...}.

Views declare their successful answers (and, where they say something particular, an error's
description); the error statuses themselves follow from how the request is handled, so they are
added here for every operation instead of being repeated on each view."""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

DESCRIPTIONS = {
    "400": '输入有误：{"errors": {字段: [消息]}}，未写入任何内容',
    "401": "未提供有效的身份凭据",
    "403": "无权执行此操作",
    "404": "未找到，或无权查看",
    "409": "当前状态不允许此操作，或对象已被他人修改",
    "413": "请求内容过大",
    "429": "请求过于频繁，请稍后再试",
}


class FieldErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))

    class Meta:
        ref_name = "FieldErrors"


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()

    class Meta:
        ref_name = "ErrorDetail"


class AutoSchema(SpectacularAutoSchema):
    def _get_paginator(self):
        # A viewset pages only its list; its detail actions (history, deadlines) answer plain lists.
        if getattr(self.view, "action", "list") not in ("list", None):
            return None
        return super()._get_paginator()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if direction == "response":
            field = _as_stored(field)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            serializer = FieldErrorsSerializer if code == "400" else ErrorDetailSerializer
            documented = self._get_response_for_code(serializer, code, direction=direction)
            declared = responses.get(code)
            if declared is None:
                documented["description"] = DESCRIPTIONS[code]
                responses[code] = documented
            elif not declared.get("content"):
                # A view's own description ("已备案") with the shared body.
                declared["content"] = documented["content"]
        return responses

    def _error_codes(self) -> list[str]:
        view = self.view
        authenticated = bool(view.get_authenticators())
        open_to_all = all(isinstance(permission, AllowAny) for permission in view.get_permissions())
        codes = ["400", "404"]
        if authenticated:
            codes.append("401")  # a wrong or expired token is refused even where no login is needed
        if authenticated or not open_to_all:
            codes.append("403")
        if self.method in WRITE_METHODS:
            codes += ["409", "413"]
        if view.get_throttles():
            codes.append("429")
        return sorted(codes)


def _as_stored(field):
    """A declared field answers what the model holds: any of the column's choices (an input may
    accept fewer), an empty choice of a blank=True column, or null where a nullable relation on
    the way to the value is empty (`handler.full_name` of a case with no handler yet). DRF infers
    none of these for declared or read-only fields."""
    answered = copy.copy(field)
    if field.default is None:
        answered.allow_null = True
    model_field = _model_field(field)
    if model_field is None:
        return answered
    if isinstance(field, serializers.ChoiceField):
        if model_field.choices and set(dict(model_field.flatchoices)) != set(field.choices):
            answered.choices = model_field.choices
        if model_field.blank:
            answered.allow_blank = True
    if _nullable_on_the_way(field):
        answered.allow_null = True
    return answered


def _model_field(field):
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            return None
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        model = model_field.related_model if model_field.is_relation else None
    return model_field if getattr(field, "source_attrs", None) else None


def _nullable_on_the_way(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if model_field.null:
            return True
        model = model_field.related_model if model_field.is_relation else None
    return False
