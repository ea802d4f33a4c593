"""统一社会信用代码 (unified social credit code) check, GB 32100-2015.

Pure module. 18 characters from a 31-character alphabet (digits and capitals without
I, O, S, V, Z); the last is a check character: C18 = 31 − (Σ Ci·Wi mod 31), with 31 → 0.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """None if `code` is a well-formed USCC, else the reason in Chinese and English."""
    if len(code) != 18:
        return f"应为 18 位，实为 {len(code)} 位 / must be 18 characters"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return f"含非法字符 {''.join(bad)} / invalid characters"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"校验位应为 {expected} / check character should be {expected}"
    return None
