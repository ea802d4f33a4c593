"""What can go wrong on the public site and its office pages, as one family of errors.

Pure module (no Django). Every error names the field and says why in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicInputError(Exception):
    field: str
    reason: str  # zh / en

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"
