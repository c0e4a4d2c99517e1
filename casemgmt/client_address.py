"""The client's address: the one answer every rate limit, login lockout and access log uses.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as
our own proxies wrote it: each of the TRUSTED_PROXY_COUNT proxies in front of the application
appends the address it received the request from, so the client is the N-th entry from the
right, and everything left of it is the client's own claim. With no trusted proxy (the default)
the header is ignored and the address is the socket's peer (REMOTE_ADDR). DRF's NUM_PROXIES
follows the same setting, and picks the same entry.
"""

import ipaddress

from django.conf import settings


def _address(value) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of the client that sent `request` (a Django or DRF request); None if unknown."""
    meta = request.META
    peer = _address(meta.get("REMOTE_ADDR"))
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return peer
    hops = [hop.strip() for hop in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    if not hops:
        return peer
    # Fewer hops than proxies: the request skipped a proxy; the leftmost hop is still one of ours.
    return _address(hops[-min(proxies, len(hops))]) or peer
