"""Sessions in the database whose renewal is written at most once a minute (SESSION_ENGINE).

The idle timeout slides (each request renews the session, settings.SESSION_SAVE_EVERY_REQUEST), and Django's
database sessions write the session row on every request to move its expiry on. On SQLite that is a write
lock taken by every page view of every signed-in user, and the lock waits were the pages' tail latency under
load (docs/performance.md). This store skips the write when nothing in the session changed and the stored
expiry is less than `RENEW_AFTER` behind the new one: the row's expiry then lags the last request by at most
a minute, so an idle session ends 29–30 minutes after its last request instead of exactly 30 (the cookie's
max-age is still renewed on each response; the database row decides).

Everything else is Django's database backend unchanged, and so are its security properties: the session
is a row on the server, logging out deletes it (in every server process at once, unlike a signed cookie,
which stays valid until it expires), signing in issues a new key, and a password change ends the other
sessions through the session's password hash, checked on each request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

# How far the stored expiry may lag before a request that changed nothing writes it again.
RENEW_AFTER = dt.timedelta(seconds=60)


class SessionStore(DatabaseStore):
    _stored_expiry: dt.datetime | None = None

    def _get_session_from_db(self) -> Any:
        stored = super()._get_session_from_db()  # type: ignore[misc]  # Django's, not in the stubs
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if not must_create and self.session_key is not None and not self.modified:
            self._get_session()  # type: ignore[attr-defined]  # loaded now if no one read it yet (this also reads the stored expiry)
            stored = self._stored_expiry
            if (stored is not None and self.session_key is not None and not self.modified
                    and self.get_expiry_date() - stored < RENEW_AFTER):
                return
        super().save(must_create=must_create)
        self._stored_expiry = self.get_expiry_date()
