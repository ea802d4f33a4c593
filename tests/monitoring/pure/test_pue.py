"""Data-centre PUE against the Jinshan plan's limits: existing ≤ 1.4, new ≤ 1.3."""

from __future__ import annotations

import math

import numpy as np
import pytest

from carbonpeak.monitoring.figures.pue import (
    above_limit,
    matched_monthly_pue,
    monthly_pue,
    pue_limit,
    pue_limits,
    pue_series,
)
from carbonpeak.monitoring.readings.rollup_math import month_bounds
from carbonpeak.monitoring.vocabulary import DataCentreStage


def test_limits_come_from_the_plan() -> None:
    assert pue_limit(DataCentreStage.EXISTING) == 1.4
    assert pue_limit("new") == 1.3
    assert "金府发〔2023〕1号" in pue_limits().source


@pytest.mark.parametrize(
    ("total", "it", "expected"),
    [(1350.0, 1000.0, 1.35), (1000.0, 0.0, None), (1000.0, None, None), (None, 10.0, None),
     (1000.0, math.nan, None), (1000.0, -5.0, None)],
)
def test_monthly_pue(total: float | None, it: float | None, expected: float | None) -> None:
    assert monthly_pue(total, it) == expected


def test_vectorised_pue_and_the_limit_is_allowed() -> None:
    values = pue_series([1400.0, 1401.0, 1300.0, 5.0], [1000.0, 1000.0, 1000.0, 0.0])
    assert np.allclose(values[:3], [1.4, 1.401, 1.3]) and np.isnan(values[3])
    assert above_limit(values, "existing").tolist() == [False, True, False, False]
    assert above_limit(values, DataCentreStage.NEW).tolist() == [True, True, False, False]


def test_matched_pue_ignores_intervals_missing_on_either_meter() -> None:
    start, _ = month_bounds(2024, 7)
    ts = start + 900 * np.arange(1, 11)
    total = np.full(10, 14.0)
    it = np.full(10, 10.0)
    it[3] = np.nan  # a spike withheld on the IT meter
    result = matched_monthly_pue(ts, total, np.delete(ts, 5), np.delete(it, 5))  # and a gap
    assert result.starts.tolist() == [start]
    assert result.intervals.tolist() == [8]
    assert result.pue[0] == pytest.approx(1.4)
    naive = monthly_pue(float(np.nansum(total)), float(np.nansum(np.delete(it, 5))))
    assert naive is not None and naive > 1.5  # what the unmatched sums would have claimed
