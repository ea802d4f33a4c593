"""What can go wrong in the supervision room, as one family of errors.

Pure module (no Django). Every error names the field and the reason (zh / en); `NotAllowed`
marks a refusal because of who is acting (HTTP 403), the rest are bad input or a wrong state (422).
They are `common.problems` refusals, so the API answers them in the one error contract.
"""

from __future__ import annotations

from carbonpeak.common import problems


class SupervisionError(problems.FieldRefused):
    """Bad input or a wrong state in the supervision room (422)."""


class NotAllowed(SupervisionError, problems.NotAllowed):
    """The acting user may not do this, whatever the input."""

    status = 403
