"""Signing in to and out of the API: POST /api/auth/token/ {"username", "password"} →
{"token", "expiry"}; POST /api/auth/logout/ revokes the token presented, /api/auth/logout-all/
every token of its user.

The token endpoint goes through django.contrib.auth.authenticate with the underlying Django
request, so the one lockout policy of the login form and the admin (django-axes, per account
name and client address) holds here too; a locked-out pair gets 429 {"errors": ...}."""

from django.contrib.auth import authenticate, user_logged_in, user_logged_out
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.org.lockout import lockout_response

from .throttles import ClientAddressThrottle
from .tokens import TokenAuthentication, token_issue, tokens_revoke

WRONG_CREDENTIALS = "用户名或密码不正确。"


class LoginThrottle(ClientAddressThrottle):
    scope = "login"


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名", max_length=150)
    password = serializers.CharField(
        label="密码", max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )


TOKEN_RESPONSE = inline_serializer(
    "ApiToken", fields={"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
)


class ObtainTokenView(APIView):
    """POST {"username", "password"} -> {"token", "expiry"}."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    renderer_classes = [JSONRenderer]
    serializer_class = CredentialsSerializer

    @extend_schema(
        operation_id="auth_token_create",
        summary="用户名和密码换取接口令牌（有效期内使用 Authorization: Token <token>）",
        request=CredentialsSerializer,
        responses={
            200: TOKEN_RESPONSE,
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
            429: OpenApiResponse(description='登录失败次数过多或请求过于频繁：{"errors": ...} 或 {"detail": ...}'),
        },
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        http_request = request._request  # django-axes marks and reads the Django request
        user = authenticate(http_request, **credentials.validated_data)
        if getattr(http_request, "axes_locked_out", False):
            return lockout_response(http_request, None, {"username": credentials.validated_data["username"]})
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [WRONG_CREDENTIALS]})
        instance, key = token_issue(user)
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        return Response({"token": key, "expiry": instance.expiry})


class LogoutView(APIView):
    """The token presented stops working (204)."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    revoke_all = False

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="令牌已注销"), 401: OpenApiResponse(description="未提供有效令牌")},
    )
    def post(self, request):
        if self.revoke_all:
            tokens_revoke(request.user)
        else:
            request.auth.delete()
        user_logged_out.send(sender=request.user.__class__, request=request._request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(LogoutView):
    """Every token of the caller stops working (204)."""

    revoke_all = True
