"""The accounting room's input error, and how it names a row; the issue itself is `common.issues`
(re-exported here for the modules that import it from accounting)."""

from __future__ import annotations

from carbonpeak.common.issues import InputError, InputIssue

__all__ = ["AccountingInputError", "InputIssue", "row_label"]


class AccountingInputError(InputError):
    """Raised with every problem at once; nothing is computed or stored when it is raised."""


def row_label(row: int) -> str:
    return f"第{row}行 / row {row}"
