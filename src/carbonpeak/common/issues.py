"""Problems found in user input, each naming where, the field and the reason (zh / en).

One shape for every room that refuses input field by field (accounting, review, roadmap, the plan file):
the API lists them as `{where, field, reason}`, the CLI prints `where · field: reason`, a form marks the
field. Each room raises its own subclass of `InputError`, so a caller catches only the room it called.
`InputError` is a `common.problems.InputRefused`: the API answers it in the one error contract, the row
taken from a `where` that names a row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carbonpeak.common.problems import InputRefused, Problem, row_of


@dataclass(frozen=True)
class InputIssue:
    where: str  # "第3行 / row 3", a file name, a factor-set id
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where} · {self.field}: {self.reason}"

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "field": self.field, "reason": self.reason}

    def problem(self) -> Problem:
        return Problem(self.field, self.reason, row_of(self.where))


class InputError(InputRefused, ValueError):
    """Every problem of one input at once; nothing is computed or stored when it is raised."""

    def __init__(self, issues: list[InputIssue]):
        self.issues = issues
        ValueError.__init__(self, "\n".join(str(i) for i in issues))

    def problems(self) -> list[Problem]:
        return [i.problem() for i in self.issues]


def row_label(row: int) -> str:
    """How a row of a file is named in an issue's `where`."""
    return f"第{row}行 / row {row}"


def reasons_by_field(issues: Iterable[InputIssue]) -> dict[str, list[str]]:
    """The reasons grouped by field, in the order found: what a form shows under each field."""
    out: dict[str, list[str]] = {}
    for issue in issues:
        out.setdefault(issue.field, []).append(issue.reason)
    return out
