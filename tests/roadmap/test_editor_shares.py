"""The scenario editor reads a share typed in percent as the fraction the model works in."""

from __future__ import annotations

import pytest

from carbonpeak.roadmap.forms import number_or_text


@pytest.mark.parametrize(("typed", "read"), [("2%", 0.02), ("2 ％", 0.02), ("0.02", 0.02), ("1,000", 1000.0),
                                             ("two", "two")])
def test_percent_is_a_fraction(typed: str, read: float | str) -> None:
    assert number_or_text(typed) == (pytest.approx(read) if isinstance(read, float) else read)
