"""Spikes against a robust local baseline; on a register, glitches are bridged so energy is conserved."""

from __future__ import annotations

import numpy as np

from carbonpeak.monitoring.readings.vee import default_settings
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

from .vee_support import flagged, register, run, stamps, steady_interval

CUM, INT = MeterKind.CUMULATIVE, MeterKind.INTERVAL


def test_an_interval_spike_is_flagged_and_its_energy_withheld() -> None:
    values = steady_interval(60)
    values[30] *= 8
    checked = run(values, INT)
    assert flagged(checked, Flag.SPIKE) == [30]
    assert np.isnan(checked.energy[30])
    assert checked.values[30] == values[30]


def test_a_dip_to_zero_in_a_steady_load_is_a_spike() -> None:
    values = steady_interval(60)
    values[12] = 0.0
    assert flagged(run(values, INT), Flag.SPIKE) == [12]


def test_noise_steps_and_ramps_are_not_spikes() -> None:
    rng = np.random.default_rng(7)
    shifts = np.repeat([5.0, 50.0, 5.0, 80.0, 20.0], 40)  # shift changes: clean steps
    ramp = np.linspace(5, 120, 50)  # the morning ramp of an office
    values = np.concatenate((shifts, ramp)) * (1 + 0.03 * rng.standard_normal(250))
    assert flagged(run(values, INT), Flag.SPIKE) == []


def test_a_flat_series_does_not_flag_rounding_noise() -> None:
    values = 100.0 + np.tile([0.0, 0.01, -0.01, 0.0], 25)
    assert flagged(run(values, INT), Flag.SPIKE) == []


def test_k_governs_what_is_a_spike() -> None:
    values = steady_interval(60)
    values[30] *= 1.6
    assert flagged(run(values, INT), Flag.SPIKE) == []
    assert flagged(run(values, INT, default_settings(spike_k=2.0)), Flag.SPIKE) == [30]


def test_a_high_register_glitch_is_bridged_and_energy_conserved() -> None:
    values = register(np.full(40, 10.0))
    values[20] = 9e6  # a garbled reading
    checked = run(values, CUM)
    assert flagged(checked, Flag.SPIKE) == [20]
    assert flagged(checked, Flag.NEGATIVE_DELTA) == []
    assert np.isnan(checked.energy[20])
    assert checked.energy[21] == 20.0  # bridged from the last trusted reading
    assert np.nansum(checked.energy) == values[-1] - values[0]


def test_a_dropout_to_zero_is_not_read_as_a_replaced_meter() -> None:
    values = register(np.full(40, 10.0))
    values[15:18] = 0.0  # three readings lost as zeros
    checked = run(values, CUM)
    assert flagged(checked, Flag.SPIKE) == [15, 16, 17]
    assert flagged(checked, Flag.METER_REPLACED) == []
    assert checked.energy[18] == 40.0
    assert np.nansum(checked.energy) == values[-1] - values[0]


def test_a_surge_in_register_energy_is_a_spike_and_energy_is_not_lost() -> None:
    energies = np.full(40, 10.0)
    energies[25] = 200.0  # the register jumps once and carries on
    values = register(energies)
    checked = run(values, CUM)
    assert 25 in flagged(checked, Flag.SPIKE)
    assert np.isnan(checked.energy[25])
    assert np.nansum(checked.energy) == values[-1] - values[0]


def test_a_delta_after_a_gap_is_compared_per_interval_not_as_a_spike() -> None:
    values = register(np.full(40, 10.0))
    keep = np.r_[0:20, 26:40]  # six readings missing: the next delta is seven intervals' energy
    checked = run(values[keep], CUM, ts=stamps(40)[keep])
    assert flagged(checked, Flag.SPIKE) == []
    assert checked.energy[20] == 70.0
