"""What the server log says about a refused or missing page.

Django logs every 4xx answer on the `django.request` logger; for a 403 raised as `PermissionDenied` it
attaches the exception, so each refusal wrote a full traceback. A 403 or 404 is an answer, not a fault:
`QuietClientErrors` keeps the one warning line (status, path) and drops the traceback. Server errors
(5xx) keep theirs. Put on the `django.request` logger by `LOGGING` in settings.py.
"""

from __future__ import annotations

import logging

QUIET_STATUSES = frozenset({403, 404})


class QuietClientErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in QUIET_STATUSES:
            record.exc_info = None
            record.exc_text = None
        return True
