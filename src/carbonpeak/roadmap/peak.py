"""Peak year, peak level and plateau of an emission path (碳达峰年份、峰值与平台期).

Pure module (no Django). The peak is the highest value within the horizon; when that value
repeats, the last year holding it counts (a path that stays flat to the horizon has not been
seen to fall). A path whose highest value is in the final year has no peak within the horizon.
The plateau is the run of consecutive years around the peak within `band` (a fraction) of it.
"2030年前碳达峰" is read, as in the plan's indicator `carbon_peak_year`, as a peak year no
later than 2030.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DEFAULT_BAND = 0.02
PEAK_BY = 2030


@dataclass(frozen=True)
class PeakInfo:
    year: int | None  # None: still rising at the end of the horizon
    level_t: float  # the highest level within the horizon
    plateau_years: tuple[int, ...]
    before_2030: bool  # peak within the horizon and no later than 2030
    within_horizon: bool
    band: float = DEFAULT_BAND

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year, "level_t": self.level_t, "plateau_years": list(self.plateau_years),
            "before_2030": self.before_2030, "within_horizon": self.within_horizon, "band": self.band,
        }


def _last_argmax(series: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Index of the last occurrence of the maximum along the last axis."""
    flipped = series[..., ::-1]
    return np.asarray(series.shape[-1] - 1 - np.argmax(flipped, axis=-1), dtype=np.int64)


def find_peak(years: npt.ArrayLike, series: npt.ArrayLike, band: float = DEFAULT_BAND, by: int = PEAK_BY
              ) -> PeakInfo:
    """Peak of one path (years ascending, one value per year)."""
    y = np.asarray(years, dtype=np.int64)
    s = np.asarray(series, dtype=np.float64)
    if s.ndim != 1 or s.size != y.size or s.size == 0:
        raise ValueError("years and series must be 1-D and of the same non-zero length")
    k = int(_last_argmax(s))
    level = float(s[k])
    within = k < s.size - 1
    floor = level - abs(level) * band
    lo = k
    while lo > 0 and s[lo - 1] >= floor:
        lo -= 1
    hi = k
    while hi < s.size - 1 and s[hi + 1] >= floor:
        hi += 1
    year = int(y[k]) if within else None
    return PeakInfo(
        year=year,
        level_t=level,
        plateau_years=tuple(int(v) for v in y[lo:hi + 1]),
        before_2030=year is not None and year <= by,
        within_horizon=within,
        band=band,
    )


def peaks(years: npt.ArrayLike, series: npt.ArrayLike) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64],
                                                                npt.NDArray[np.bool_]]:
    """For a batch (B, T): year of the highest value, that value, and whether it is within the horizon."""
    y = np.asarray(years, dtype=np.int64)
    s = np.asarray(series, dtype=np.float64)
    k = _last_argmax(s)
    level = np.take_along_axis(s, k[:, None], axis=1)[:, 0]
    return y[k], level, k < s.shape[1] - 1
