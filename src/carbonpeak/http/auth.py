"""Bearer authentication of the API: the one class for users' tokens and devices' tokens.

A user's API token (`cp_…`, people.ApiToken) acts as its user. A room may accept other tokens beside it,
told apart by their prefix (the monitoring room's unit tokens, `cpu_…`, which answer the UnitToken and may
only send readings): it passes their authenticators in `also`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from carbonpeak.people.models import ApiToken


def user_of_token(request: HttpRequest, token: str) -> Any | None:
    """The active user whose live API token this is, set as the request's user; None otherwise.

    A revoked token, or one past its expiry (people/tokens.py), is refused like an unknown one: the
    caller gets the contract's 401. When the token was last used is noted at most once a minute.
    """
    now = timezone.now()
    found = (ApiToken.objects.select_related("user")
             .filter(digest=ApiToken.digest_of(token), revoked__isnull=True)
             .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now)).first())
    if found is None or not found.user.is_active:
        return None
    if found.last_used is None or (now - found.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used=now)
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
