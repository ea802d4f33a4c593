"""Hourly, daily and monthly sums of validated energy, in the district's local time (UTC+8).

Pure module (no Django), vectorised with numpy. The bucket convention (docs/methodology/monitoring.md,
"Buckets"): a reading's timestamp is the END of the interval it measures, so the interval
(ts − interval, ts] is counted in the local hour, day or month that contains its last instant.
A reading stamped exactly at local midnight closes the previous day: 2024-03-01 00:00 +08:00
belongs to 29 February. China keeps no daylight-saving time, so UTC+8 is exact all year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from carbonpeak.common.localtime import UTC_OFFSET_S as LOCAL_UTC_OFFSET_S
from carbonpeak.monitoring.readings.series import Bools, Floats, Ints
from carbonpeak.monitoring.vocabulary import Grain

_SECONDS = {Grain.HOUR: 3600, Grain.DAY: 86400}


def bucket_starts(ts: ArrayLike, grain: Grain) -> Ints:
    """UTC epoch of the start of the local hour / day / month holding the end of each interval."""
    # One second before the stamp is the interval's last instant: a stamp at 00:00 closes the day before.
    local = np.asarray(ts, dtype=np.int64) + (LOCAL_UTC_OFFSET_S - 1)
    if grain == Grain.MONTH:
        months = local.astype("datetime64[s]").astype("datetime64[M]")
        return np.asarray(months.astype("datetime64[s]").astype(np.int64) - LOCAL_UTC_OFFSET_S)
    size = _SECONDS[Grain(grain)]
    return np.asarray(local - local % size - LOCAL_UTC_OFFSET_S)


@dataclass(frozen=True)
class Buckets:
    """Per bucket (ascending start): energy sum, readings, estimated readings and invalid (NaN) readings."""

    starts: Ints
    energy: Floats  # NaN energy adds nothing
    readings: Ints  # every row, estimated and invalid included
    estimated: Ints  # rows flagged ESTIMATED
    invalid: Ints  # rows whose energy is NaN (a spike, out of range, a first reading, an unread fall)

    @property
    def measured(self) -> Ints:
        """Readings that were received (not estimated): the numerator of completeness."""
        return np.asarray(self.readings - self.estimated)


def sum_by_bucket(ts: ArrayLike, energy: ArrayLike, estimated_mask: ArrayLike, grain: Grain) -> Buckets:
    """Energy summed by local bucket; the rows need not be sorted and may come from many meters."""
    starts = bucket_starts(ts, grain)
    e = np.asarray(energy, dtype=np.float64)
    est: Bools = np.asarray(estimated_mask, dtype=np.bool_)
    if not starts.shape == e.shape == est.shape:
        raise ValueError(f"ts, energy 与 estimated_mask 长度不一致 / arrays differ in shape: "
                         f"{starts.shape} {e.shape} {est.shape}")
    nan = np.isnan(e)
    keys, inverse = np.unique(starts, return_inverse=True)
    inverse = inverse.reshape(-1)
    size = keys.size
    return Buckets(
        starts=keys.astype(np.int64),
        energy=np.bincount(inverse, weights=np.where(nan, 0.0, e), minlength=size).astype(np.float64),
        readings=np.bincount(inverse, minlength=size).astype(np.int64),
        estimated=np.bincount(inverse, weights=est, minlength=size).astype(np.int64),
        invalid=np.bincount(inverse, weights=nan, minlength=size).astype(np.int64),
    )


def expected_readings(start: int, end: int, interval_s: int) -> int:
    """How many readings a meter on an `interval_s` grid sends with stamps in (start, end]."""
    if interval_s <= 0:
        raise ValueError(f"interval_s: 必须大于零 / must be greater than zero ({interval_s})")
    if end <= start:
        return 0
    return int(end // interval_s - start // interval_s)


def month_bounds(year: int, month: int) -> tuple[int, int]:
    """UTC epoch of the local (UTC+8) start of the month and of the next month: readings in (start, end]."""
    if not 1 <= month <= 12:
        raise ValueError(f"month: 应为 1–12 / must be 1–12 ({month})")
    first = np.datetime64(f"{year:04d}-{month:02d}", "M")
    bounds = np.array([first, first + 1]).astype("datetime64[s]").astype(np.int64) - LOCAL_UTC_OFFSET_S
    return int(bounds[0]), int(bounds[1])


def year_bounds(year: int) -> tuple[int, int]:
    """UTC epoch of the local start of the year and of the next year."""
    return month_bounds(year, 1)[0], month_bounds(year + 1, 1)[0]
