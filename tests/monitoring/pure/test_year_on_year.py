"""Year on year (同比) compares the ended months with data in both years, never a part year with a whole one."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.figures.year_on_year import (
    ComparedMonths,
    NoComparison,
    change,
    compared_months,
    month_runs,
    months_text,
)

FULL_YEAR: list[float | None] = [100.0] * 12


def _year(months: dict[int, float]) -> list[float | None]:
    return [months.get(m) for m in range(1, 13)]


def test_a_part_year_is_compared_with_the_same_months_of_a_whole_year() -> None:
    # Metering began in September: this year has September to November, November still under way.
    this_year = _year({9: 90.0, 10: 95.0, 11: 30.0})
    got = compared_months(range(1, 12), this_year, FULL_YEAR, running=11)
    assert got == ComparedMonths((9, 10), 11, None)
    assert got.runs() == [(9, 10)]
    compared_this = sum(this_year[m - 1] or 0.0 for m in got.months)
    compared_last = sum(FULL_YEAR[m - 1] or 0.0 for m in got.months)
    assert change(compared_this, compared_last) == pytest.approx(185 / 200 - 1)  # −7.5 %, not −89 % on the year


def test_the_running_month_is_left_out_even_with_data_in_both_years() -> None:
    got = compared_months(range(1, 11), _year({m: 1.0 for m in range(1, 11)}), FULL_YEAR, running=10)
    assert got.months == tuple(range(1, 10)) and got.running_left_out == 10 and got.reason is None
    # A running month outside the common months is not reported as left out.
    assert compared_months([3], _year({3: 1.0}), FULL_YEAR, running=5).running_left_out is None


def test_no_common_month_gives_no_figure_and_says_why() -> None:
    only_november = _year({11: 30.0})
    assert compared_months(range(1, 12), only_november, FULL_YEAR, running=11) == ComparedMonths(
        (), 11, NoComparison.ONLY_RUNNING_MONTH)
    assert compared_months(range(1, 13), FULL_YEAR, [None] * 12) == ComparedMonths(
        (), None, NoComparison.NO_COMMON_MONTH)
    assert compared_months([2], _year({1: 1.0, 2: 1.0}), _year({1: 1.0})).reason is NoComparison.NO_COMMON_MONTH
    assert change(0.0, 0.0) is None


def test_a_zero_month_is_data_a_missing_one_is_not() -> None:
    assert compared_months([1, 2], _year({1: 0.0, 2: 5.0}), _year({1: 3.0})).months == (1,)


def test_the_months_read_as_people_write_them() -> None:
    assert month_runs([1, 2, 3, 5, 11, 12]) == [(1, 3), (5, 5), (11, 12)]
    assert months_text([11], english=False) == "11月"
    assert months_text([1, 2, 3, 5], english=False) == "1—3月、5月"
    assert months_text([11], english=True) == "month 11"
    assert months_text([1, 2, 3, 5], english=True) == "months 1–3, 5"
