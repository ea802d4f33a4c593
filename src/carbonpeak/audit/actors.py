"""Who acted: the one way every room names the author of a change (变更留痕的操作人).

A change record keeps the user (when there is one) and a label that stays readable after the user is
gone. The label says who and through what: a signed-in user by user name (the API adds ``api:``, so a
scripted change is told from a click); a command, the periodic jobs' runner among them, by its name and
the operating-system user who ran it. A device's readings are put down to its token, by name, in their
ingest batch.

Pure module (no Django): users and requests are read by duck typing.
"""

from __future__ import annotations

import os
from typing import Any, Protocol


class _User(Protocol):
    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...


# Who a change is put down to when nobody is signed in (an automatic step inside a service).
SYSTEM = "system"


def of_user(user: _User | None) -> str:
    """A signed-in user by user name; anonymous callers and no user at all as the system."""
    return user.get_username() if user is not None and user.is_authenticated else SYSTEM


def of_request(request: Any) -> str:
    """The user behind a page request."""
    return of_user(request.user)


def of_api_request(request: Any) -> str:
    """The user behind an API call: ``api:<user name>``."""
    return f"api:{of_user(request.user)}"


def of_command(command: str) -> str:
    """A command-line run: ``cli:<command> (<operating-system user>)``."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
    return f"cli:{command} ({user})"

