"""Post-evaluation (能源利用状况后评价) of a registered plant: actual energy against what was approved.

Pure module (no Django). A plant deviates in a year when its actual annual energy exceeds
the approved annual energy by more than the margin:

    deviation_pct = (actual / approved − 1) × 100
    alert         = deviation_pct > margin_pct          (at the margin exactly: no alert)

Both in tce (当量值). The margin is set per register entry (10 % by default, the level at
which the 2023 measures are read to ask for a change application; see
docs/methodology/review.md, "The register: post-evaluation").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DEFAULT_MARGIN_PCT = 10.0
# Sums of many meter readings land a hair off round figures; this close to the margin is "at" it.
_REL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Deviation:
    year: int
    approved_tce: float
    actual_tce: float
    margin_pct: float
    partial: bool = False  # the actual is not a whole year's (year to date): an alert is early

    @property
    def deviation_pct(self) -> float:
        return (self.actual_tce / self.approved_tce - 1.0) * 100.0

    @property
    def alert(self) -> bool:
        limit = self.approved_tce * (1 + self.margin_pct / 100)
        return self.actual_tce > limit and not math.isclose(self.actual_tce, limit, rel_tol=_REL_TOLERANCE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "approved_tce": self.approved_tce,
            "actual_tce": self.actual_tce,
            "margin_pct": self.margin_pct,
            "deviation_pct": self.deviation_pct,
            "alert": self.alert,
            "partial": self.partial,
        }


def deviation(year: int, approved_tce: float | None, actual_tce: float, margin_pct: float,
              partial: bool = False) -> Deviation | None:
    """The year's deviation; None when nothing was approved to compare with (an existing plant)."""
    if approved_tce is None or approved_tce <= 0:
        return None
    return Deviation(year, approved_tce, actual_tce, margin_pct, partial)
