"""What can go wrong on the public site and its office pages, as one family of errors.

Pure module (no Django). Every error names the field and says why in Chinese and English; they are
`common.problems` refusals, so the API answers them in the one error contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonpeak.common import problems


@dataclass(frozen=True)
class PublicInputError(problems.InputRefused):
    field: str
    reason: str  # zh / en

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"

    def problems(self) -> list[problems.Problem]:
        return [problems.Problem(self.field, self.reason)]


class NotPublic(PublicInputError, problems.NotFound):
    """The item does not exist, or the office has not made it public (404: the two are not told apart)."""

    status = 404


def not_public(field: str) -> NotPublic:
    return NotPublic(field, "公众网站上没有这一项 / not found on the public site")
