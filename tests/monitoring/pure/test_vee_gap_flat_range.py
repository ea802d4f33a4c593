"""Gaps, flat lines and declared ranges."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.monitoring.readings.vee import default_settings, validate
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

from .vee_support import flagged, register, run, stamps, steady_interval

CUM, INT = MeterKind.CUMULATIVE, MeterKind.INTERVAL


def test_gap_before_a_reading_after_more_than_one_and_a_half_intervals() -> None:
    steps = np.full(10, 900)
    steps[5] = 1350  # 1.5 × 900 exactly: not yet a gap
    steps[8] = 1351  # a gap
    ts = stamps(1)[0] + np.cumsum(steps)
    checked = run(steady_interval(10), INT, ts=ts)
    assert flagged(checked, Flag.GAP_BEFORE) == [8]
    assert not np.isnan(checked.energy[8])


def test_gap_uses_the_meters_interval() -> None:
    ts = stamps(10) * 4  # hourly meter
    checked = validate(ts - ts[0], steady_interval(10), INT, default_settings(interval_s=3600))
    assert flagged(checked, Flag.GAP_BEFORE) == []


def test_interval_flat_line_needs_enough_identical_non_zero_values() -> None:
    settings = default_settings(flat_line_points=6)
    values = steady_interval(40)
    values[10:16] = 7.25  # six alike
    values[25:30] = 7.25  # five alike: not enough
    checked = run(values, INT, settings)
    assert flagged(checked, Flag.FLAT_LINE) == list(range(10, 16))
    assert checked.energy[12] == 7.25  # flagged, energy kept


def test_a_run_of_zeros_on_an_interval_meter_is_idle_not_stuck() -> None:
    values = steady_interval(40)
    values[5:30] = 0.0
    assert flagged(run(values, INT, default_settings(flat_line_points=6)), Flag.FLAT_LINE) == []


def test_cumulative_flat_line_is_a_register_not_moving() -> None:
    energies = np.full(40, 10.0)
    energies[10:20] = 0.0  # readings 10..19 repeat reading 9: ten zero deltas, eleven alike
    checked = run(register(energies), CUM, default_settings(flat_line_points=8))
    assert flagged(checked, Flag.FLAT_LINE) == list(range(10, 20))
    assert np.all(checked.energy[10:20] == 0.0)
    short = energies.copy()
    short[10:20] = 10.0
    short[10:16] = 0.0  # seven alike
    assert flagged(run(register(short), CUM, default_settings(flat_line_points=8)), Flag.FLAT_LINE) == []


def test_out_of_range_energy_is_flagged_and_withheld() -> None:
    values = steady_interval(40)
    values[3] = -1.0
    values[30] = 13.5
    checked = run(values, INT, default_settings(minimum=0.0, maximum=13.0))
    assert flagged(checked, Flag.OUT_OF_RANGE) == [3, 30]
    assert np.isnan(checked.energy[[3, 30]]).all()


def test_register_range_is_per_interval_so_a_gap_does_not_break_it() -> None:
    values = register(np.full(40, 10.0))
    keep = np.r_[0:20, 23:40]
    settings = default_settings(maximum=12.0)
    checked = run(values[keep], CUM, settings, ts=stamps(40)[keep])
    assert flagged(checked, Flag.OUT_OF_RANGE) == []
    surge = values.copy()
    surge[30:] += 5  # 15 in one interval
    checked = run(surge, CUM, settings)
    assert flagged(checked, Flag.OUT_OF_RANGE) == [30]


@pytest.mark.parametrize(
    ("override", "field"),
    [({"interval_s": 0}, "interval_s"), ({"spike_window": 1}, "spike_window"), ({"negative_delta": "guess"},
     "negative_delta"), ({"minimum": 5.0, "maximum": 1.0}, "minimum"), ({"colour": 1}, "colour")],
)
def test_bad_settings_are_refused_naming_the_field(override: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        default_settings(**override)


def test_defaults_come_from_the_yaml() -> None:
    settings = default_settings()
    assert settings.interval_s == 900
    assert settings.gap_factor == 1.5
    assert settings.negative_delta == "replacement"


def test_unsorted_or_mismatched_input_is_refused() -> None:
    with pytest.raises(ValueError, match="increasing"):
        validate(np.array([900, 900]), np.array([1.0, 2.0]), INT, default_settings())
    with pytest.raises(ValueError):
        validate(np.array([900, 1800]), np.array([1.0]), INT, default_settings())
