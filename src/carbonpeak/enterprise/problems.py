"""What can go wrong in the enterprise room, as one family of refusals.

Pure module (no Django). Input refused field by field is an `EnterpriseInputError` (a
`common.issues.InputError`: file rows name their row); a step the workflow refuses is a
`FilingStateError` (409) or `FilingNotAllowed` (403). All are `common.problems` refusals, so the API
answers them in the one error contract.
"""

from __future__ import annotations

from carbonpeak.common import problems
from carbonpeak.common.issues import InputError, InputIssue


class EnterpriseInputError(InputError):
    """Output or a filing's figures refused; nothing was stored."""

    @classmethod
    def of(cls, field: str, reason: str, where: str = "") -> EnterpriseInputError:
        return cls([InputIssue(where, field, reason)])


class FilingStateError(problems.WrongState):
    """The filing's status does not allow the step (or its deviations are not yet explained)."""


class FilingNotAllowed(problems.NotAllowed):
    """The acting user may not take this step on this filing."""
