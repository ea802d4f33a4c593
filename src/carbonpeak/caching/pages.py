"""Rendered pages kept per data version, in each server process: `@cached_page(...)` on a view.

A page is kept under its view, its full path (query included), the language, the day and the version of the
topics it reads (`caching.versions`), and for a signed-in user under that user: a department user's task list
is never shown to another department, and the header names who is signed in. Public pages (`shared=True`)
are one page for every visitor, since they show nobody's name.

Only a GET answered 200 with HTML is kept, never one that sets a cookie, and none is served or kept while
the request carries a message to show (the "thank you" after a form). The page's CSRF token is per visitor:
it is cut out when the page is kept and the visitor's own is put in when it is served, so forms on a kept
page post as on a fresh one. Decorate inside the permission checks, so that they still run on every request.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils import timezone

from carbonpeak.caching import readmodels, versions

PAGES = readmodels.Store(max_entries=2048, max_bytes=64 * 1024 * 1024)
# Unguessable and different in every process, so no page text can contain it by chance.
_TOKEN_MARK = f"csrf-{secrets.token_hex(16)}".encode()
_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

View = Callable[..., HttpResponse]


def _unmask(token: str) -> str:
    """The secret inside a masked CSRF token (as django.middleware.csrf masks it)."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    return "".join(chars[chars.index(c) - chars.index(m)] for c, m in zip(cipher, mask, strict=True))


def _without_tokens(content: bytes, secret: str | None) -> bytes:
    """The page with every CSRF token of the visitor's secret replaced by the mark."""
    if not secret:
        return content
    for found in set(_CANDIDATE.findall(content)):
        if _unmask(found.decode()) == secret:
            content = content.replace(found, _TOKEN_MARK)
    return content


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    return (response.status_code == 200 and not response.streaming and getattr(response, "is_rendered", True)
            and not response.cookies and response.get("Content-Type", "").startswith("text/html"))


def _has_messages(request: HttpRequest) -> bool:
    # len() loads the messages without marking them shown.
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


class _Kept:
    def __init__(self, content: bytes, headers: list[tuple[str, str]]) -> None:
        self.content = content
        self.headers = headers

    def response(self, request: HttpRequest) -> HttpResponse:
        content = self.content
        if _TOKEN_MARK in content:
            content = content.replace(_TOKEN_MARK, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in self.headers:
            response[name] = value
        return response


def cached_page(topics: versions.Topics = versions.PAGES, *, shared: bool = False,
                slot_seconds: int | None = None) -> Callable[[View], View]:
    """Keep the view's rendered page per path, language, day, data version and user (one page for all when
    `shared`); `slot_seconds` also keys it by the time slot, for a page that counts up to now."""

    def decorator(view: View) -> View:
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "GET" or not readmodels.enabled() or _has_messages(request):
                return view(request, *args, **kwargs)
            slot = int(timezone.now().timestamp() // slot_seconds) if slot_seconds else None
            who = None if shared else request.user.pk
            key = ("page", name, request.get_full_path(), who, slot, readmodels.context_key())
            version = versions.current(topics)
            if version is None:
                return view(request, *args, **kwargs)
            kept = PAGES.get(key, version)
            if isinstance(kept, _Kept):
                return kept.response(request)
            with PAGES.flight(key):
                kept = PAGES.get(key, version)
                if isinstance(kept, _Kept):
                    return kept.response(request)
                response = view(request, *args, **kwargs)
                if _keepable(request, response):
                    content = _without_tokens(response.content, request.META.get("CSRF_COOKIE"))
                    PAGES.put(key, version, _Kept(content, list(response.items())), size=len(content))
                return response

        # Read by a test: a kept page holds the top bar, so it must read at least the bar's topics.
        setattr(wrapper, "kept_topics", None if shared else topics)  # noqa: B010 (mypy: no attributes on a Callable)
        return wrapper

    return decorator
