"""Answers of the public lookups of published items, cached alike for everyone.

A public lookup is the same for every caller and changes only when a publication does, so its
answer is kept in the shared cache (Redis wherever CACHE_URL is set) under the publications'
version, which every publication transition renews after its commit: nothing withdrawn, ended or
corrected is answered from the cache once its transition committed. The key also holds the local
date, since what is public turns on the date (a period ends at midnight), and entries live at
most PUBLIC_CACHE_SECONDS. A database read costs a lookup several times what the cache does."""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer

from .rules import today

VERSION_KEY = "public-lookups:version"
JSON = "application/json"


def public_answers_changed(publication=None, log=None, payload=None) -> None:
    """A publication changed (an effect of each of its transitions): renew the version now, so
    that this transaction's own later reads miss, and again after the commit, so that an answer
    another request read before the commit and cached meanwhile is not served after it."""
    _renew()
    transaction.on_commit(_renew, robust=True)


def _renew() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def public_answer(request, build) -> HttpResponse:
    """The cached answer to this request's path and query, or `build()`'s, kept if it is a 200.
    Kept as the JSON it is sent as, so a hit neither unpickles nor renders a structure."""
    if not settings.PUBLIC_CACHE_SECONDS:
        return build()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"public-lookups:{today().isoformat()}:{path}"
    # One round trip: the version and the entry, which names the version it was read under.
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY, "0")
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return HttpResponse(entry[1], content_type=JSON)
    response = build()
    if response.status_code != 200:
        return response
    body = JSONRenderer().render(response.data)
    cache.set(key, (version, body), settings.PUBLIC_CACHE_SECONDS)
    return HttpResponse(body, content_type=JSON)
