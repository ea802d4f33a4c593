"""Problems in roadmap input (scenarios, measures, base data), each naming the field (zh / en).

Pure module (no Django). `ScenarioError` carries every issue at once, like the accounting
engine's and the project review's errors, so a form can mark each bad field.
"""

from __future__ import annotations

from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue


class ScenarioError(AccountingInputError):
    """Bad scenario, measure or base-data input; `.issues` lists (where, field, reason) each."""


class Issues:
    """Collects issues while reading one input, then raises them together."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[InputIssue] = []

    def add(self, field: str, reason: str, where: str | None = None) -> None:
        self.items.append(InputIssue(where or self.where, field, reason))

    def raise_if_any(self) -> None:
        if self.items:
            raise ScenarioError(list(self.items))


__all__ = ["InputIssue", "Issues", "ScenarioError"]
