"""Rate limits of the public endpoints and of signing in, per client address whatever the login.

Counted in fixed windows (one cache counter per address and window, raised atomically), not in
DRF's default log of request times: that log is read, unpickled, trimmed and written back whole
on every request, so its cost grows with the rate — at a high configured rate it cost a public
lookup more than the lookup itself. A fixed window lets a client reach at most twice the rate
across a window's edge, the usual trade of counter-based limiters."""

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

    # Whether checking a request counts it (PublicSubmitThrottle counts only stored ones).
    counts_when_checked = True

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self._enter_window(request, view)
        count = self._raise() if self.counts_when_checked else self.cache.get(self.key, 0) + 1
        return count <= self.num_requests

    def _enter_window(self, request, view) -> None:
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        self.key = f"{self.get_cache_key(request, view)}:{window}"

    def wait(self):
        return max(self.window_ends - self.now, 0)

    def _raise(self) -> int:
        try:
            return self.cache.incr(self.key)
        except ValueError:  # the window's first request
            if self.cache.add(self.key, 1, self.duration + 1):
                return 1
            return self.cache.incr(self.key)


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
    counts_when_checked = False

    def record(self, request) -> None:
        if self.rate is not None:
            self._enter_window(request, None)
            self._raise()


def throttle_wait(request, throttle_classes) -> float | None:
    """For the HTML views: None when every throttle allows the request, else seconds to wait."""
    for throttle_class in throttle_classes:
        throttle = throttle_class()
        if not throttle.allow_request(request, None):
            return throttle.wait() or 1.0
    return None
