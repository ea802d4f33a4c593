"""The limit on citizens' messages per client address, counted in the database (every server process alike).

A fixed window: at most `FEEDBACK_LIMIT` messages per address in `FEEDBACK_WINDOW_SECONDS`. The count is
one row per address and window (`FeedbackCount`), moved on by one atomic statement (an upsert returning
the new count, on SQLite and PostgreSQL alike), so the limit holds across gunicorn's worker processes and
across servers sharing the database; it was a local-memory cache entry before, which each worker counted
on its own.

Why not django-ratelimit: it counts in Django's cache, so it needs a cache shared by the processes with an
atomic increment — Redis or memcached, a service this one-command product does not run (Django's database
cache increments by a read and a write, which two workers can interleave). The counting itself is this
one statement.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from carbonpeak.people.lockout import client_address
from carbonpeak.public.models import FeedbackCount

FEEDBACK_LIMIT = settings.CARBONPEAK_FEEDBACK_LIMIT
FEEDBACK_WINDOW_SECONDS = settings.CARBONPEAK_FEEDBACK_WINDOW_SECONDS
TABLE = FeedbackCount._meta.db_table


def address_key(request: HttpRequest) -> str:
    """The address as the table keeps it: keyed with the secret key, so the table holds no readable address
    (an unkeyed hash of an IPv4 address is undone by trying all 2³² of them)."""
    address = client_address(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def window_start(now: float | None = None) -> int:
    seconds = max(FEEDBACK_WINDOW_SECONDS, 1)
    return int((time.time() if now is None else now) // seconds) * seconds


def count(request: HttpRequest, now: float | None = None) -> int:
    """Count one message from the request's address in the current window; the window's count so far."""
    start = window_start(now)
    with connection.cursor() as cur:
        cur.execute(f'DELETE FROM {TABLE} WHERE "window_start" < %s', [start])  # ended windows
        cur.execute(
            f'INSERT INTO {TABLE} ("address", "window_start", "count") VALUES (%s, %s, 1) '
            f'ON CONFLICT ("address", "window_start") DO UPDATE SET "count" = {TABLE}."count" + 1 '
            f'RETURNING "count"', [address_key(request), start])
        row = cur.fetchone()
    return int(row[0])


def allow(request: HttpRequest) -> bool:
    """Count one message from the request's address; False once the window's limit is passed."""
    return count(request) <= FEEDBACK_LIMIT
