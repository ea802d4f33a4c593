"""Power usage effectiveness (PUE, 能源利用效率) of data centres, and the plan's limits.

Pure module (no Django). PUE = all energy the data centre uses ÷ the energy of its IT equipment
(金府发〔2023〕1号, footnote ²), here over a month: the sum of the unit's TOTAL meters over the sum
of its IT_LOAD meters. Limits are data (`limits.yaml`): existing data centres ≤ 1.4, new ≤ 1.3
(tasks 30 and 31 of the breakdown table). docs/methodology/monitoring.md ("PUE") has the doubts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.monitoring.readings.rollup_math import sum_by_bucket
from carbonpeak.monitoring.readings.series import Floats, Ints
from carbonpeak.monitoring.vocabulary import DataCentreStage, Grain

LIMITS_FILE = Path(__file__).with_name("limits.yaml")


@dataclass(frozen=True)
class PueLimits:
    limits: dict[DataCentreStage, float]
    source: str  # document and article, for messages and reports
    doubt: str


@cache
def pue_limits() -> PueLimits:
    raw: dict[str, Any] = parse_yaml(LIMITS_FILE.read_text(encoding="utf-8"))
    source = raw["source"]
    return PueLimits(
        limits={DataCentreStage(k): float(v) for k, v in raw["pue_limits"].items()},
        source=f"{source['document']} {source['article']}",
        doubt=" ".join(str(source["doubt"]).split()),
    )


def pue_limit(stage: DataCentreStage | str) -> float:
    """The plan's PUE limit for an existing (1.4) or new (1.3) data centre."""
    return pue_limits().limits[DataCentreStage(stage)]


def monthly_pue(total_energy_kwh: float | None, it_energy_kwh: float | None) -> float | None:
    """Total ÷ IT energy; None when there is no IT energy (0, missing or not finite) or no total."""
    if total_energy_kwh is None or it_energy_kwh is None:
        return None
    if not (math.isfinite(total_energy_kwh) and math.isfinite(it_energy_kwh)) or it_energy_kwh <= 0:
        return None
    return total_energy_kwh / it_energy_kwh


def pue_series(total_energy_kwh: ArrayLike, it_energy_kwh: ArrayLike) -> Floats:
    """`monthly_pue` over arrays of months: NaN where it would be None."""
    total = np.asarray(total_energy_kwh, dtype=np.float64)
    it = np.asarray(it_energy_kwh, dtype=np.float64)
    ok = np.isfinite(total) & np.isfinite(it) & (it > 0)
    return np.asarray(np.where(ok, total / np.where(ok, it, 1.0), np.nan))


def above_limit(pue: ArrayLike, stage: DataCentreStage | str) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """True where a PUE is above the stage's limit ("不高于" allows equality); NaN is never above."""
    values = np.asarray(pue, dtype=np.float64)
    return np.asarray(np.nan_to_num(values, nan=-np.inf) > pue_limit(stage))


@dataclass(frozen=True)
class MatchedPue:
    starts: Ints  # local month starts (UTC epoch)
    total_kwh: Floats
    it_kwh: Floats
    pue: Floats  # NaN where there is no IT energy
    intervals: Ints  # intervals where both meters had validated energy


def matched_monthly_pue(
    total_ts: ArrayLike, total_kwh: ArrayLike, it_ts: ArrayLike, it_kwh: ArrayLike, grain: Grain = Grain.MONTH
) -> MatchedPue:
    """PUE by month over the intervals where BOTH the total and the IT energy are validated.

    A spike or a gap on one meter would otherwise leave energy on one side only and move the
    ratio (a missing IT hour raises PUE). One meter each: sum several meters per side first.
    """
    t_ts, t_e = np.asarray(total_ts, dtype=np.int64), np.asarray(total_kwh, dtype=np.float64)
    i_ts, i_e = np.asarray(it_ts, dtype=np.int64), np.asarray(it_kwh, dtype=np.float64)
    common, t_at, i_at = np.intersect1d(t_ts, i_ts, assume_unique=True, return_indices=True)
    both = np.isfinite(t_e[t_at]) & np.isfinite(i_e[i_at])
    stamps = common[both]
    none = np.zeros(stamps.size, dtype=np.bool_)
    total = sum_by_bucket(stamps, t_e[t_at][both], none, grain)
    it = sum_by_bucket(stamps, i_e[i_at][both], none, grain)
    return MatchedPue(total.starts, total.energy, it.energy, pue_series(total.energy, it.energy), total.readings)
