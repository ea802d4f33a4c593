"""What a citizen wrote, made safe to publish: e-mail addresses and phone numbers are masked.

The office reads the text before publishing an answer; masking is the second line, so a contact
written into the message never reaches the public page (issue 20, Rules). Pure module (no Django).
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Any run of 7 or more digits (mobiles, landlines, ID numbers) and mobiles written 138 1234 5678;
# a span of years (2025-2030) stays.
_DIGITS = re.compile(r"(?<!\d)(\+?\d{7,}|1\d{2}[ -]\d{4}[ -]\d{4})(?!\d)")
MASK = "***"


def masked(text: str) -> str:
    return _DIGITS.sub(MASK, _EMAIL.sub(MASK, text))
