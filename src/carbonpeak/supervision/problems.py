"""What can go wrong in the supervision room, as one family of errors.

Pure module (no Django). Every error names the field and the reason (zh / en); `NotAllowed`
marks a refusal because of who is acting (HTTP 403), the rest are bad input or a wrong state.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupervisionError(Exception):
    field: str
    reason: str  # zh / en

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class NotAllowed(SupervisionError):
    """The acting user may not do this, whatever the input."""
