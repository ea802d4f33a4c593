"""The accounting room's input error. The issue itself, and how a row is named, are `common.issues`."""

from __future__ import annotations

from carbonpeak.common.issues import InputError


class AccountingInputError(InputError):
    """Raised with every problem at once; nothing is computed or stored when it is raised."""
