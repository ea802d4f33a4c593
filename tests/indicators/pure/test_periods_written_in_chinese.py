"""A period typed as Chinese writes it (the indicator forms' label reads 2025年、2025年第二季度、2025年6月) is read
as the same period as its ISO spelling, and stored under the one label."""

from __future__ import annotations

from datetime import date

import pytest

from carbonpeak.common.periods import parse_period


@pytest.mark.parametrize(("text", "start", "label"), [
    ("2025年", date(2025, 1, 1), "2025"),
    ("2025年度", date(2025, 1, 1), "2025"),
    ("2025年第二季度", date(2025, 4, 1), "2025-Q2"),
    ("2025年二季度", date(2025, 4, 1), "2025-Q2"),
    ("2025年第4季度", date(2025, 10, 1), "2025-Q4"),
    ("2025年Q1", date(2025, 1, 1), "2025-Q1"),
    ("2025年6月", date(2025, 6, 1), "2025-06"),
    ("2025年06月", date(2025, 6, 1), "2025-06"),
    ("2025年12月份", date(2025, 12, 1), "2025-12"),
    ("2025年6月1日", date(2025, 6, 1), "2025-06-01"),
    ("２０２５年６月", date(2025, 6, 1), "2025-06"),  # full-width figures, as a Chinese IME may type them
    (" 2025 年 6 月 ", date(2025, 6, 1), "2025-06"),
    ("2025 Q2", date(2025, 4, 1), "2025-Q2"),
])
def test_chinese_spellings_are_the_same_periods(text: str, start: date, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.label) == (start, label)


@pytest.mark.parametrize("text", ["2025年第五季度", "2025年13月", "2025年2月30日", "2025年第二季", "二〇二五年",
                                  "2025年度第二", "2025度"])
def test_what_is_not_a_period_is_still_refused(text: str) -> None:
    with pytest.raises(ValueError, match="无法识别的期间 / not a period"):
        parse_period(text)
