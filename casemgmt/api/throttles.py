"""Rate limits of the public endpoints and of signing in, per client address whatever the login."""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from casemgmt.client_address import client_address


class ClientAddressThrottle(SimpleRateThrottle):
    """Counts per client address as the kernel reads it (X-Forwarded-For only from trusted proxies)."""

    def get_rate(self):
        # Read at request time, not import time, so that a changed setting takes effect.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No rate set for throttle scope '{self.scope}'.") from None

    def get_ident(self, request):
        return client_address(request) or "unknown"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PublicRateThrottle(ClientAddressThrottle):
    """Every public request (lookups and submission attempts): scope "public"."""

    scope = "public"


class PublicSubmitThrottle(PublicRateThrottle):
    """Stored applications per address: scope "public_submit".

    Only applications actually stored count (the view calls `record`), so a member of the public
    who corrects a form several times is not locked out; every attempt still counts against
    the "public" rate, which bounds the load of a burst.
    """

    scope = "public_submit"

    def throttle_success(self):
        return True

    def record(self, request) -> None:
        if self.rate is None:
            return
        key = self.get_cache_key(request, None)
        history = self.cache.get(key, [])
        history.insert(0, self.timer())
        self.cache.set(key, history, self.duration)


def throttle_wait(request, throttle_classes) -> float | None:
    """For the HTML views: None when every throttle allows the request, else seconds to wait."""
    for throttle_class in throttle_classes:
        throttle = throttle_class()
        if not throttle.allow_request(request, None):
            return throttle.wait() or 1.0
    return None
