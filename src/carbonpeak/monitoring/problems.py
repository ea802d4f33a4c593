"""A monitoring input refused: every problem at once, each naming its field (and row, for files).

`MonitoringInputError` is a `common.problems.InputRefused`: the API answers it in the one error contract.
"""

from __future__ import annotations

from typing import NamedTuple

from carbonpeak.common.problems import InputRefused, Problem


class Issue(NamedTuple):
    field: str
    reason: str  # Chinese / English
    row: int = 0  # the file's row; 0 for a form or an API body

    def __str__(self) -> str:
        where = f"第{self.row}行 / row {self.row} · " if self.row else ""
        return f"{where}{self.field}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        zh, _, en = self.reason.partition(" / ")
        return {"row": self.row, "field": self.field, "reason": zh.strip(), "reason_en": (en or zh).strip()}


class MonitoringInputError(InputRefused, ValueError):
    """Nothing was stored; `issues` says why, field by field."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        ValueError.__init__(self, "\n".join(str(i) for i in issues))

    def problems(self) -> list[Problem]:
        return [Problem(i.field, i.reason, i.row or None) for i in self.issues]
