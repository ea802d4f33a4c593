"""Numbers and periods as people type them, read the same way in every room."""

from __future__ import annotations

from datetime import date

import pytest

from carbonpeak.common.numbers import parse_number
from carbonpeak.common.periods import Period, parse_period


@pytest.mark.parametrize(("text", "value"), [("1234.5", 1234.5), (" 1,234.5 ", 1234.5), ("1.2e4", 12000.0),
                                             ("-3", -3.0), ("12,345,678", 12345678.0)])
def test_numbers_people_write(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1,5", "12,34", "", "abc", ",100"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(("text", "start", "label"), [
    ("2023", date(2023, 1, 1), "2023"), ("2023年", date(2023, 1, 1), "2023"),
    ("2023-Q2", date(2023, 4, 1), "2023-Q2"), ("2023q4", date(2023, 10, 1), "2023-Q4"),
    ("2023-5", date(2023, 5, 1), "2023-05"), ("2024-02-29", date(2024, 2, 29), "2024-02-29"),
])
def test_periods_people_write(text: str, start: date, label: str) -> None:
    assert parse_period(text) == Period(start, label)


@pytest.mark.parametrize("text", ["0001", "2023-13", "2023-02-30", "2023-Q5", "last year", "2201"])
def test_what_is_not_a_period_is_refused_in_both_languages(text: str) -> None:
    with pytest.raises(ValueError, match="无法识别的期间 / not a period"):
        parse_period(text)
