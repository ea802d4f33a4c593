"""What can go wrong on the public site and its office pages, as one family of errors.

Pure module (no Django). Every error names the field and says why in Chinese and English; they are
`common.problems` refusals, so the API answers them in the one error contract.
"""

from __future__ import annotations

from carbonpeak.common import problems


class PublicInputError(problems.FieldRefused):
    """Bad input on the public site or its office pages (422)."""


class NotPublic(PublicInputError, problems.NotFound):
    """The item does not exist, or the office has not made it public (404: the two are not told apart)."""

    status = 404


def not_public(field: str) -> NotPublic:
    return NotPublic(field, "公众网站上没有这一项 / not found on the public site")
