"""Bucket boundaries in local time (UTC+8), interval-ending: a reading at 00:00 closes the day before."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from carbonpeak.monitoring.readings.rollup_math import (
    bucket_starts,
    expected_readings,
    month_bounds,
    sum_by_bucket,
    year_bounds,
)
from carbonpeak.monitoring.vocabulary import Grain

CST = timezone(timedelta(hours=8))


def at(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=CST).timestamp())  # type: ignore[misc]


def start_of(ts: int, grain: Grain) -> int:
    return int(bucket_starts(np.array([ts]), grain)[0])


@pytest.mark.parametrize(
    ("stamp", "grain", "bucket"),
    [
        (at(2024, 5, 2, 0, 0), Grain.DAY, at(2024, 5, 1)),  # local midnight closes the previous day
        (at(2024, 5, 2, 0, 15), Grain.DAY, at(2024, 5, 2)),
        (at(2024, 5, 2, 0, 0, 1), Grain.DAY, at(2024, 5, 2)),
        (at(2024, 5, 2, 8, 0), Grain.DAY, at(2024, 5, 2)),  # 00:00 UTC is mid-morning in Shanghai
        (at(2024, 5, 2, 14, 0), Grain.HOUR, at(2024, 5, 2, 13)),
        (at(2024, 5, 2, 14, 15), Grain.HOUR, at(2024, 5, 2, 14)),
        (at(2024, 3, 1, 0, 0), Grain.DAY, at(2024, 2, 29)),  # leap day
        (at(2024, 3, 1, 0, 0), Grain.MONTH, at(2024, 2, 1)),
        (at(2024, 2, 29, 23, 45), Grain.MONTH, at(2024, 2, 1)),
        (at(2023, 3, 1, 0, 0), Grain.DAY, at(2023, 2, 28)),
        (at(2024, 1, 1, 0, 0), Grain.MONTH, at(2023, 12, 1)),  # a year's last reading
        (at(2024, 1, 1, 0, 0), Grain.HOUR, at(2023, 12, 31, 23)),
        (at(2024, 1, 1, 0, 15), Grain.MONTH, at(2024, 1, 1)),
        (at(2024, 5, 1, 0, 0), Grain.MONTH, at(2024, 4, 1)),
    ],
)
def test_bucket_of_a_reading(stamp: int, grain: Grain, bucket: int) -> None:
    assert start_of(stamp, grain) == bucket


def test_a_day_of_quarter_hours_fills_one_day_bucket() -> None:
    day = at(2024, 2, 29) + 900 * np.arange(1, 97)
    buckets = sum_by_bucket(day, np.ones(96), np.zeros(96, bool), Grain.DAY)
    assert buckets.starts.tolist() == [at(2024, 2, 29)]
    assert buckets.readings.tolist() == [96]
    hours = sum_by_bucket(day, np.ones(96), np.zeros(96, bool), Grain.HOUR)
    assert hours.readings.tolist() == [4] * 24


def test_nan_counts_as_invalid_reading_with_no_energy_and_estimates_are_counted() -> None:
    ts = at(2024, 5, 1) + 900 * np.arange(1, 5)
    buckets = sum_by_bucket(ts, [1.0, np.nan, 2.0, 3.0], [False, False, True, False], Grain.DAY)
    assert buckets.energy.tolist() == [6.0]
    assert (buckets.readings[0], buckets.invalid[0], buckets.estimated[0], buckets.measured[0]) == (4, 1, 1, 3)


def test_unsorted_rows_of_many_meters() -> None:
    ts = np.array([at(2024, 5, 3, 1), at(2024, 5, 2, 1), at(2024, 5, 3, 2), at(2024, 5, 2, 0)])
    buckets = sum_by_bucket(ts, [1.0, 2.0, 4.0, 8.0], np.zeros(4, bool), Grain.DAY)
    assert buckets.starts.tolist() == [at(2024, 5, 1), at(2024, 5, 2), at(2024, 5, 3)]
    assert buckets.energy.tolist() == [8.0, 2.0, 5.0]


def test_month_bounds_are_local_midnights() -> None:
    assert month_bounds(2024, 2) == (at(2024, 2, 1), at(2024, 3, 1))
    assert month_bounds(2023, 12) == (at(2023, 12, 1), at(2024, 1, 1))
    assert year_bounds(2024) == (at(2024, 1, 1), at(2025, 1, 1))
    with pytest.raises(ValueError, match="month"):
        month_bounds(2024, 13)


@pytest.mark.parametrize(("year", "month", "days"), [(2024, 2, 29), (2023, 2, 28), (2024, 4, 30), (2024, 12, 31)])
def test_expected_readings_of_a_month(year: int, month: int, days: int) -> None:
    start, end = month_bounds(year, month)
    assert expected_readings(start, end, 900) == days * 96
    assert expected_readings(start, end, 3600) == days * 24


def test_expected_readings_of_partial_and_empty_spans() -> None:
    start = at(2024, 5, 1)
    assert expected_readings(start, start + 2000, 900) == 2  # 00:15 and 00:30
    assert expected_readings(start + 1, start + 900, 900) == 1
    assert expected_readings(start, start, 900) == 0
    with pytest.raises(ValueError):
        expected_readings(start, start + 900, 0)
