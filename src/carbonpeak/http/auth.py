"""Bearer authentication of the API: the one class for users' tokens and devices' tokens.

A user's API token (`cp_…`, people.ApiToken) acts as its user. A room may accept other tokens beside it,
told apart by their prefix (the monitoring room's unit tokens, `cpu_…`, which answer the UnitToken and may
only send readings): it passes their authenticators in `also`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from carbonpeak.people.models import ApiToken


def user_of_token(request: HttpRequest, token: str) -> Any | None:
    """The active user whose API token this is, set as the request's user; None otherwise."""
    found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
    if found is None or not found.user.is_active:
        return None
    request.user = found.user
    return found.user


class BearerAuth(HttpBearer):
    """`Authorization: Bearer …`: a user's API token, or a token of a kind in `also` (by prefix)."""

    def __init__(self, also: Mapping[str, Callable[[str], Any | None]] | None = None) -> None:
        super().__init__()
        self.also = dict(also or {})

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        for prefix, authenticate in self.also.items():
            if token.startswith(prefix):
                return authenticate(token)
        return user_of_token(request, token)
