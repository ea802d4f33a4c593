"""Constructed reading series for the VEE tests."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from carbonpeak.monitoring.readings.vee import Checked, VeeSettings, default_settings, validate
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

STEP = 900
START = 1_704_038_400  # 2024-01-01 00:00 +08:00


def stamps(n: int) -> NDArray[np.int64]:
    return START + STEP * np.arange(1, n + 1, dtype=np.int64)


def steady_interval(n: int, level: float = 10.0, seed: int = 1) -> NDArray[np.float64]:
    """Interval energies around `level` with 3 % noise (never two alike)."""
    return level * (1 + 0.03 * np.random.default_rng(seed).standard_normal(n))


def register(energies: NDArray[np.float64], start: float = 1000.0) -> NDArray[np.float64]:
    return start + np.cumsum(energies)


def run(values: NDArray[np.float64], kind: MeterKind, settings: VeeSettings | None = None,
        ts: NDArray[np.int64] | None = None) -> Checked:
    times = stamps(values.size) if ts is None else ts
    return validate(times, values, kind, settings or default_settings())


def flagged(checked: Checked, flag: Flag) -> list[int]:
    return [int(i) for i in np.flatnonzero(checked.flags & flag)]
