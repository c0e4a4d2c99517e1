"""API tokens (django-rest-knox): `Authorization: Token <key>`, stored only as a hash, with an
expiry, revoked on logout. Staff tokens last API_TOKEN_HOURS, partner agencies'
PARTNER_API_TOKEN_HOURS."""

from datetime import timedelta

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox import auth
from knox.models import AuthToken
from rest_framework import exceptions


class TokenAuthentication(auth.TokenAuthentication):
    """knox's token check, with a header that is not UTF-8 refused as a bad token (401), not a 500."""

    def authenticate_credentials(self, token):
        try:
            token.decode("utf-8")
        except UnicodeError:
            raise exceptions.AuthenticationFailed("令牌无效。") from None
        return super().authenticate_credentials(token)


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document names it: `Authorization: Token <key>`."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")


def token_lifetime(user) -> timedelta:
    hours = settings.PARTNER_API_TOKEN_HOURS if getattr(user, "is_partner", False) else settings.API_TOKEN_HOURS
    return timedelta(hours=hours)


def token_issue(user) -> tuple[AuthToken, str]:
    """A new token for `user`: the stored row (hash and expiry) and the key, shown once."""
    return AuthToken.objects.create(user=user, expiry=token_lifetime(user))


def tokens_revoke(user) -> int:
    """Every API token of `user` stops working (signing out of the staff UI, "log out everywhere")."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
