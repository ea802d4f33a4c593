"""Problems found in user input, each naming where, the field and the reason (zh / en)."""

from __future__ import annotations

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


class AccountingInputError(ValueError):
    """Raised with every problem at once; nothing is computed or stored when it is raised."""

    def __init__(self, issues: list[InputIssue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def row_label(row: int) -> str:
    return f"第{row}行 / row {row}"
