"""A small per-address counter for citizens' messages, on Django's cache (no extra dependency).

A fixed window: at most `FEEDBACK_LIMIT` messages per address in `FEEDBACK_WINDOW_SECONDS`. With the
default local-memory cache the count is per server process; a deployment with several processes points
CACHES at a shared cache (docs/public-site.md).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from carbonpeak.people.lockout import client_address

FEEDBACK_LIMIT = settings.CARBONPEAK_FEEDBACK_LIMIT
FEEDBACK_WINDOW_SECONDS = settings.CARBONPEAK_FEEDBACK_WINDOW_SECONDS


def _key(request: HttpRequest) -> str:
    # The address is hashed: the cache holds no readable personal data.
    address = client_address(request) or "unknown"
    return "public-feedback:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def allow(request: HttpRequest) -> bool:
    """Count one message from the request's address; False once the window's limit is passed."""
    key = _key(request)
    cache.add(key, 0, FEEDBACK_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FEEDBACK_WINDOW_SECONDS)
        count = 1
    return count <= FEEDBACK_LIMIT
