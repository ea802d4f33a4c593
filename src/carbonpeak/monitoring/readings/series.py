"""Vectorised helpers on reading series: run lengths, rolling windows, robust local statistics.

Pure module (no Django), numpy only. Used by `vee` (validation and estimation of meter readings).
Everything works on whole arrays, in chunks where a window would otherwise need n × w memory,
so that ~10^7 readings pass in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

# 1.4826 × MAD estimates the standard deviation of normal data (MAD of N(0,1) is 0.6745).
MAD_TO_SIGMA = 1.4826
_CHUNK = 1 << 16  # rows of a rolling window held in memory at once (≈ 6.8 MB for a window of 13)


def runs(mask: Bools) -> tuple[Ints, Ints]:
    """Start (inclusive) and end (exclusive) indices of the runs of True in `mask`."""
    padded = np.concatenate(([0], mask.astype(np.int8), [0]))
    step = np.diff(padded)
    return np.flatnonzero(step == 1).astype(np.int64), np.flatnonzero(step == -1).astype(np.int64)


def cover(n: int, starts: Ints, ends: Ints) -> Bools:
    """A mask of length n that is True on every [start, end) span."""
    marks = np.zeros(n + 1, dtype=np.int64)
    np.add.at(marks, starts, 1)
    np.add.at(marks, ends, -1)
    return np.asarray(np.cumsum(marks[:n]) > 0)


def _sorted_windows(values: Floats, width: int) -> Iterator[tuple[int, Floats]]:
    """Each full window values[j : j + width], sorted, yielded in chunks as (first j, rows)."""
    windows = sliding_window_view(values, width)
    for start in range(0, windows.shape[0], _CHUNK):
        yield start, np.sort(windows[start : start + _CHUNK], axis=1)


def _middle(rows: Floats) -> Floats:
    """Median of each sorted row."""
    w = rows.shape[1]
    if w % 2:
        return np.asarray(rows[:, w // 2])
    return np.asarray((rows[:, w // 2 - 1] + rows[:, w // 2]) / 2)


def side_medians(values: Floats, width: int) -> tuple[Floats, Floats]:
    """Median of the `width` values just before and of the `width` just after each position.

    Near the ends the windows are shorter (whatever values there are); with none, NaN, so that
    any comparison against it is False.
    """
    n = values.size
    before = np.full(n, np.nan)
    after = np.full(n, np.nan)
    if n > width:
        full = np.empty(n - width + 1)
        for start, rows in _sorted_windows(values, width):
            full[start : start + rows.shape[0]] = _middle(rows)
        # before[i] = median(values[i - width : i]) = full[i - width]; after[i] = full[i + 1]
        before[width:] = full[: n - width]
        after[: n - width] = full[1:]
    for i in range(1, min(width, n)):  # short windows at the ends: at most 2 × width positions
        before[i] = np.median(values[:i])
        after[n - 1 - i] = np.median(values[n - i :])
    return before, after


def rolling_median_mad(values: Floats, neighbours: int) -> tuple[Floats, Floats]:
    """Centred rolling median and median absolute deviation over `neighbours` values and itself.

    `neighbours` // 2 values each side; the ends are mirrored (not repeated), so a spike at the
    last position is not copied into its own baseline. A series shorter than the window uses the
    whole series' median and MAD at every position.
    """
    n = values.size
    half = max(neighbours // 2, 1)
    if n == 0:
        return np.empty(0), np.empty(0)
    if n <= half:
        median = float(np.median(values))
        mad = float(np.median(np.abs(values - median)))
        return np.full(n, median), np.full(n, mad)
    medians = np.empty(n)
    mads = np.empty(n)
    for start, rows in _sorted_windows(np.pad(values, half, mode="reflect"), 2 * half + 1):
        med = rows[:, half]
        stop = start + rows.shape[0]
        medians[start:stop] = med
        mads[start:stop] = np.sort(np.abs(rows - med[:, None]), axis=1)[:, half]
    return medians, mads


def robust_outliers(values: Floats, neighbours: int, k: float, floor: float) -> Bools:
    """True where a value lies more than k robust deviations from its local median.

    deviation scale = max(1.4826 × MAD, floor × max(|local median|, typical)), where `typical`
    is the median magnitude of the series' non-zero values: the floor keeps a flat series
    (MAD ≈ 0) from flagging rounding noise, and `typical` keeps an idle stretch (median 0) from
    flagging the first small load after it.
    """
    if values.size == 0:
        return np.zeros(0, dtype=np.bool_)
    median, mad = rolling_median_mad(values, neighbours)
    nonzero = np.abs(values[values != 0])
    typical = float(np.median(nonzero)) if nonzero.size else 0.0
    scale = np.maximum(MAD_TO_SIGMA * mad, floor * np.maximum(np.abs(median), typical))
    return np.asarray(np.abs(values - median) > k * scale)


def previous_index(keep: Bools) -> Ints:
    """For each position, the index of the nearest earlier position where `keep` is True (−1: none)."""
    n = keep.size
    marks = np.where(keep, np.arange(n, dtype=np.int64), -1)
    last = np.maximum.accumulate(marks) if n else marks
    out = np.full(n, -1, dtype=np.int64)
    out[1:] = last[:-1]
    return out
