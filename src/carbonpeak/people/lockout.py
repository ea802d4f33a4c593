"""Login lockout (登录失败处理): who is locked, the page a locked-out login gets, and the office's unlock.

django-axes counts the failures (one row per user name × client address × browser) and refuses a login
while the failures for its user name, or from its client address, reach the limit within the lockout
time. This module reads those rows as the office sees them: one line per locked user name and one per
locked address, with the time the lock ends by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


@dataclass(frozen=True)
class Lock:
    """One locked user name or client address."""

    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_failure: dt.datetime
    until: dt.datetime | None  # None: until the office unlocks it


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind our proxy the address the proxy appended last.

    Never the first X-Forwarded-For entry, which the client writes itself and could vary at will to
    escape the per-address lockout.
    """
    if settings.CARBONPEAK_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = str(forwarded).split(",")[-1].strip()
        if last:
            return last
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def lockout_minutes() -> int | None:
    cooloff = settings.AXES_COOLOFF_TIME
    return None if cooloff is None else max(1, int(cooloff.total_seconds() // 60))


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The login page again, saying the login is locked and for how long (429 Too Many Requests)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {"locked_out": True, "lockout_minutes": lockout_minutes(), "username": str(username)[:150],
               "next": request.POST.get("next", "")}
    return render(request, "people/login.html", context, status=429)


def current_locks(now: dt.datetime | None = None) -> tuple[list[Lock], list[Lock]]:
    """The user names and the client addresses locked now, most recent failure first."""
    now = now or timezone.now()
    cooloff: dt.timedelta | None = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.all()
    if cooloff is not None:
        attempts = attempts.filter(attempt_time__gte=now - cooloff)
    limit = int(settings.AXES_FAILURE_LIMIT)

    def locks(field: str) -> list[Lock]:
        rows = (attempts.exclude(**{f"{field}__isnull": True}).values(field)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=limit).order_by("-last"))
        return [Lock(kind=field, value=str(row[field]), failures=int(row["failures"]), last_failure=row["last"],
                     until=None if cooloff is None else row["last"] + cooloff) for row in rows]

    return locks("username"), locks("ip_address")


def unlock(kind: str, value: str) -> int:
    """Clear the failures of one user name or one address; the number of failure rows removed."""
    if kind == "username":
        return int(reset(username=value))
    if kind == "ip_address":
        return int(reset(ip=value))
    raise ValueError(kind)
