"""A district figure in a target year (2025, 2030) from the years on record.

Pure module (no Django). The rule (docs/methodology/review.md, "District context in CarbonPeak"):

    L     = the latest year on record not after the target year Y
    V_Y   = V_L                                           if L = Y (the stored figure)
    V_Y   = V_L × (1 + r)^(Y − L),  r = (V_L / V_0)^(1 / (L − base)) − 1     otherwise

that is, the average annual change from the base year to L goes on until Y (compound).
With only the base year on record, the figure is held flat. Energy, comparable GDP and CO2
are each projected on their own, so intensity follows the trend of both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class ProjectionError(ValueError):
    pass


@dataclass(frozen=True)
class Projected:
    year: int
    value: float
    from_year: int  # L
    annual_change_pct: float  # r × 100; 0 when stored or held flat

    @property
    def stored(self) -> bool:
        return self.from_year == self.year


def project(series: Mapping[int, float], base_year: int, year: int) -> Projected:
    """The value in `year` by the rule above; raises ProjectionError without the base year."""
    if base_year not in series:
        raise ProjectionError(f"缺少基年 {base_year} 的数据 / no figure for the base year {base_year}")
    latest = max(y for y in series if y <= year) if year >= base_year else None
    if latest is None:
        raise ProjectionError(f"{year} 早于基年 {base_year} / {year} is before the base year {base_year}")
    value = series[latest]
    if latest == year:
        return Projected(year, value, latest, 0.0)
    base = series[base_year]
    rate = (value / base) ** (1 / (latest - base_year)) - 1 if latest > base_year and base > 0 else 0.0
    return Projected(year, value * (1 + rate) ** (year - latest), latest, rate * 100)
