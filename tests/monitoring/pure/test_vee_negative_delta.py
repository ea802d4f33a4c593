"""A cumulative register going down: rollover, meter replacement or just a flag, as the policy says."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.monitoring.readings.vee import NegativeDeltaPolicy, default_settings, settings_for_meter
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

from .vee_support import flagged, register, run

CUM = MeterKind.CUMULATIVE


def test_energy_of_a_register_is_its_delta_and_the_first_is_unknown() -> None:
    checked = run(register(np.full(30, 10.0)), CUM)
    assert np.isnan(checked.energy[0])
    assert np.allclose(checked.energy[1:], 10.0)
    assert not checked.flags.any()


def test_replacement_counts_the_new_meter_from_zero() -> None:
    values = np.concatenate((register(np.full(20, 10.0)), np.arange(1, 21) * 10.0 - 5))  # new meter reads 5, 15…
    checked = run(values, CUM, default_settings(negative_delta="replacement"))
    assert flagged(checked, Flag.NEGATIVE_DELTA) == [20]
    assert flagged(checked, Flag.METER_REPLACED) == [20]
    assert checked.energy[20] == 5.0
    assert np.allclose(checked.energy[21:], 10.0)
    assert checked.values[20] == 5.0  # the raw value is never changed


def test_rollover_wraps_past_the_register_maximum() -> None:
    top = 99_999.0
    values = np.array([99_950.0, 99_960, 99_970, 99_980, 99_990, 1.0, 11, 21, 31, 41, 51])
    checked = run(values, CUM, settings_for_meter(900, register_max=top))
    assert flagged(checked, Flag.ROLLOVER) == [5]
    assert flagged(checked, Flag.NEGATIVE_DELTA) == [5]
    assert checked.energy[5] == pytest.approx(top - 99_990 + 1)
    assert not checked.flags[6:].any()


def test_rollover_without_a_maximum_is_only_flagged() -> None:
    values = np.array([950.0, 960, 970, 980, 990, 1, 11, 21, 31, 41, 51])
    checked = run(values, CUM, default_settings(negative_delta=NegativeDeltaPolicy.ROLLOVER))
    assert flagged(checked, Flag.NEGATIVE_DELTA) == [5]
    assert not checked.flags[5] & (Flag.ROLLOVER | Flag.METER_REPLACED)
    assert np.isnan(checked.energy[5])


def test_flag_policy_leaves_the_energy_unknown() -> None:
    values = np.array([950.0, 960, 970, 980, 990, 1, 11, 21, 31, 41, 51])
    checked = run(values, CUM, default_settings(negative_delta="flag"))
    assert flagged(checked, Flag.NEGATIVE_DELTA) == [5]
    assert np.isnan(checked.energy[5])
    assert np.allclose(checked.energy[6:], 10.0)


def test_a_rising_register_has_no_negative_delta() -> None:
    checked = run(register(np.linspace(1, 30, 40)), CUM)
    assert flagged(checked, Flag.NEGATIVE_DELTA) == []


def test_interval_meters_are_never_read_as_registers() -> None:
    values = np.array([10.0, 11, 9, 10, 12, 8, 10, 11, 9, 10])
    checked = run(values, MeterKind.INTERVAL)
    assert flagged(checked, Flag.NEGATIVE_DELTA) == []
    assert np.array_equal(checked.energy, values)
