"""Short gaps are filled by linear estimation; on a register the total energy is unchanged."""

from __future__ import annotations

import numpy as np

from carbonpeak.monitoring.readings.vee import default_settings, estimate_gaps, merge_estimate
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

from .vee_support import STEP, register, run, stamps, steady_interval

CUM, INT = MeterKind.CUMULATIVE, MeterKind.INTERVAL
SETTINGS = default_settings()


def test_register_gap_is_interpolated_on_the_grid_and_energy_conserved() -> None:
    energies = np.linspace(5, 15, 30)
    values = register(energies)
    keep = np.r_[0:10, 14:30]  # four missing
    checked = run(values[keep], CUM, ts=stamps(30)[keep])
    estimate = estimate_gaps(checked, CUM, SETTINGS)
    assert np.array_equal(estimate.timestamps, stamps(30)[10:14])
    assert np.all(estimate.flags == Flag.ESTIMATED)
    assert np.allclose(estimate.values, np.linspace(values[9], values[14], 6)[1:5])
    merged = merge_estimate(checked, estimate)
    assert np.array_equal(merged.timestamps, stamps(30))
    assert np.nansum(merged.energy) == np.nansum(checked.energy)
    assert np.allclose(merged.energy[10:15], (values[14] - values[9]) / 5)
    assert np.array_equal(estimate.adjusted_timestamps, stamps(30)[[14]])


def test_interval_gap_adds_interpolated_energy() -> None:
    values = np.arange(1.0, 21.0)
    keep = np.r_[0:5, 8:20]
    checked = run(values[keep], INT, ts=stamps(20)[keep])
    estimate = estimate_gaps(checked, INT, SETTINGS)
    assert np.allclose(estimate.values, [6.0, 7.0, 8.0])
    assert np.allclose(estimate.energy, [6.0, 7.0, 8.0])
    assert estimate.adjusted_timestamps.size == 0


def test_gaps_longer_than_the_limit_stay_missing() -> None:
    values = steady_interval(40)
    keep = np.r_[0:10, 18:40]  # eight missing = 2 h: filled; nine would not be
    checked = run(values[keep], INT, ts=stamps(40)[keep])
    assert estimate_gaps(checked, INT, SETTINGS).timestamps.size == 8
    keep = np.r_[0:10, 19:40]
    checked = run(values[keep], INT, ts=stamps(40)[keep])
    assert estimate_gaps(checked, INT, SETTINGS).timestamps.size == 0


def test_no_estimate_across_a_replaced_meter_or_next_to_a_spike() -> None:
    values = np.concatenate((register(np.full(20, 10.0)), np.arange(1, 21) * 10.0))
    keep = np.r_[0:18, 21:40]  # the meter was replaced inside the gap
    checked = run(values[keep], CUM, ts=stamps(40)[keep])
    assert checked.flags[18] & Flag.METER_REPLACED
    assert estimate_gaps(checked, CUM, SETTINGS).timestamps.size == 0
    spiky = steady_interval(40)
    spiky[9] = 500.0
    keep = np.r_[0:10, 13:40]
    checked = run(spiky[keep], INT, ts=stamps(40)[keep])
    assert checked.flags[9] & Flag.SPIKE
    assert estimate_gaps(checked, INT, SETTINGS).timestamps.size == 0


def test_nothing_to_estimate_without_gaps() -> None:
    checked = run(steady_interval(10), INT)
    estimate = estimate_gaps(checked, INT, SETTINGS)
    assert estimate.timestamps.size == 0
    assert merge_estimate(checked, estimate).timestamps.size == 10


def test_estimates_follow_an_unaligned_meter() -> None:
    ts = stamps(10) + 17
    keep = np.r_[0:4, 6:10]
    checked = run(steady_interval(10)[keep], INT, ts=ts[keep])
    estimate = estimate_gaps(checked, INT, SETTINGS)
    assert np.array_equal(estimate.timestamps, ts[4:6])
    assert np.all(np.diff(estimate.timestamps) == STEP)
