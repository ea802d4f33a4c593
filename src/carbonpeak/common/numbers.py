"""Numbers as people type them in forms and files (数值).

Pure module (no Django). One reading of a typed number for every room: a form field, a CSV cell, a
meter reading, an indicator value.
"""

from __future__ import annotations

import re


def parse_number(text: str) -> float:
    """A number as people write it: 1234.5, 1,234.5 (thousands separators) or 1.2e4.

    A comma anywhere else ("1,5") is refused rather than guessed at.
    """
    cleaned = text.strip()
    if "," in cleaned:
        if not _THOUSANDS.match(cleaned):
            raise ValueError(cleaned)
        cleaned = cleaned.replace(",", "")
    return float(cleaned)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
