"""Peak detection on constructed series: rising, falling, plateau, no peak within the horizon."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.roadmap.peak import find_peak, peaks

YEARS = list(range(2020, 2036))


def test_rising_series_has_no_peak_within_the_horizon() -> None:
    p = find_peak(YEARS, [100 + i for i in range(16)])
    assert p.year is None
    assert not p.within_horizon
    assert not p.before_2030
    assert p.level_t == 115


def test_falling_series_peaks_in_the_first_year() -> None:
    p = find_peak(YEARS, [100 - i for i in range(16)])
    assert p.year == 2020
    assert p.within_horizon and p.before_2030


def test_rise_then_fall() -> None:
    series = [100, 104, 108, 111, 113, 114, 113.5, 112, 110, 105, 100, 95, 90, 85, 80, 75]
    p = find_peak(YEARS, series)
    assert p.year == 2025
    assert p.level_t == 114
    assert p.before_2030


def test_plateau_is_the_run_of_years_within_the_band() -> None:
    series = [90, 95, 99, 100, 99.5, 99.2, 98.5, 97, 95, 90, 85, 80, 75, 70, 65, 60]
    p = find_peak(YEARS, series, band=0.02)
    assert p.year == 2023
    assert p.plateau_years == (2022, 2023, 2024, 2025, 2026)
    assert find_peak(YEARS, series, band=0.005).plateau_years == (2023, 2024)


def test_flat_to_the_end_has_not_peaked_and_ties_take_the_last_year() -> None:
    assert find_peak(YEARS, [100.0] * 16).year is None
    p = find_peak(YEARS, [90, 100, 95, 100, 90] + [80] * 11)
    assert p.year == 2023


def test_2030_counts_as_before_2030_and_2031_does_not() -> None:
    up_to = [100 + min(i, 10) - max(0, i - 10) * 2 for i in range(16)]  # peak at index 10 = 2030
    assert find_peak(YEARS, up_to).year == 2030
    assert find_peak(YEARS, up_to).before_2030
    later = [100 + min(i, 11) - max(0, i - 11) * 2 for i in range(16)]
    assert find_peak(YEARS, later).year == 2031
    assert not find_peak(YEARS, later).before_2030


def test_batch_peaks_match_single_peaks() -> None:
    rng = np.random.default_rng(3)
    series = np.cumsum(rng.normal(0, 1, (50, 16)), axis=1)
    years, levels, within = peaks(YEARS, series)
    for i in range(50):
        one = find_peak(YEARS, series[i])
        assert levels[i] == one.level_t
        assert within[i] == one.within_horizon
        if one.within_horizon:
            assert years[i] == one.year


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        find_peak(YEARS, [1.0, 2.0])
