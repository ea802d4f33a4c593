"""Problems found in user input, each naming where, the field and the reason (zh / en).

One shape for every room that refuses input field by field (accounting, review, roadmap, the plan file):
the API lists them as `{where, field, reason}`, the CLI prints `where · field: reason`, a form marks the
field. Each room raises its own subclass of `InputError`, so a caller catches only the room it called.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class InputIssue:
    where: str  # "第3行 / row 3", a file name, a factor-set id
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where} · {self.field}: {self.reason}"

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "field": self.field, "reason": self.reason}


class InputError(ValueError):
    """Every problem of one input at once; nothing is computed or stored when it is raised."""

    def __init__(self, issues: list[InputIssue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def row_label(row: int) -> str:
    """How a row of a file is named in an issue's `where`."""
    return f"第{row}行 / row {row}"


def reasons_by_field(issues: Iterable[InputIssue]) -> dict[str, list[str]]:
    """The reasons grouped by field, in the order found: what a form shows under each field."""
    out: dict[str, list[str]] = {}
    for issue in issues:
        out.setdefault(issue.field, []).append(issue.reason)
    return out
