"""Properties of VEE on registers that must hold for any consumption: energy is neither lost nor made up."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.monitoring.readings.vee import default_settings, estimate_gaps, merge_estimate, validate
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

from .vee_support import stamps

CUM = MeterKind.CUMULATIVE
SETTINGS = default_settings()
energies = st.lists(st.floats(0.0, 100.0), min_size=30, max_size=300)


def conserved(values: np.ndarray, flags: np.ndarray, energy: np.ndarray) -> bool:
    """Validated energy = register rise from the first to the last trusted reading."""
    last = int(np.flatnonzero((flags & Flag.SPIKE) == 0)[-1])
    return bool(np.isclose(np.nansum(energy), values[last] - values[0], rtol=1e-9, atol=1e-6))


@settings(max_examples=80, deadline=None)
@given(energies)
def test_a_rising_register_keeps_all_its_energy(e: list[float]) -> None:
    values = 1000.0 + np.cumsum(e)
    checked = validate(stamps(values.size), values, CUM, SETTINGS)
    assert not (checked.flags & Flag.NEGATIVE_DELTA).any()
    assert conserved(values, checked.flags, checked.energy)


@settings(max_examples=80, deadline=None)
@given(energies, st.data())
def test_register_glitches_are_bridged_without_losing_energy(e: list[float], data: st.DataObject) -> None:
    values = 1000.0 + np.cumsum(np.asarray(e) + 1.0)
    spots = data.draw(st.lists(st.integers(10, values.size - 11), max_size=values.size // 20, unique=True))
    spots = sorted(spots)
    spots = [s for i, s in enumerate(spots) if i == 0 or s - spots[i - 1] >= 10]
    for spot in spots:
        run = data.draw(st.integers(1, 3))
        garble = data.draw(st.sampled_from([0.0, 10.0]))
        values[spot : spot + run] = values[spot : spot + run] * garble
    checked = validate(stamps(values.size), values, CUM, SETTINGS)
    assert not (checked.flags & Flag.NEGATIVE_DELTA).any()
    for spot in spots:
        assert checked.flags[spot] & Flag.SPIKE
    assert conserved(values, checked.flags, checked.energy)


@settings(max_examples=80, deadline=None)
@given(energies, st.lists(st.integers(1, 12), max_size=6), st.data())
def test_estimates_only_redistribute_a_registers_energy(e: list[float], gaps: list[int], data: st.DataObject) -> None:
    values = 1000.0 + np.cumsum(np.asarray(e) + 1.0)
    keep = np.ones(values.size, dtype=bool)
    for length in gaps:
        start = data.draw(st.integers(1, values.size - length - 1))
        keep[start : start + length] = False
    checked = validate(stamps(values.size)[keep], values[keep], CUM, SETTINGS)
    estimate = estimate_gaps(checked, CUM, SETTINGS)
    merged = merge_estimate(checked, estimate)
    assert np.isclose(np.nansum(merged.energy), np.nansum(checked.energy))
    assert np.all(np.diff(merged.timestamps) > 0)
    assert np.all(np.isin(estimate.timestamps, stamps(values.size)))  # on the grid, where readings are missing
    assert not np.isin(estimate.timestamps, checked.timestamps).any()
