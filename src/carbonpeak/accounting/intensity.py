"""Energy and carbon intensity per 10^4 CNY of GDP (or value added), and its change.

Pure module (no Django). The national convention (NBS bulletins; 单位GDP能耗降低率):

    intensity_t   = E_t / GDP_t                                  (tce or tCO2 per 10^4 CNY)
    change_t (%)  = [(E_t / GDP_t) / (E_0 / GDP_0) − 1] × 100

with GDP_t and GDP_0 both at the constant prices of the base year ("comparable prices").
Current-price GDP is turned into comparable prices by chaining the real growth rates the
statistics bureau publishes:  GDP*_t = GDP_0 × Π_{y=1..t} (1 + g_y).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pint

from carbonpeak.common.measures import registry

PER_10K_CNY = "1e4*CNY"


class IntensityError(ValueError):
    pass


def _in(value: pint.Quantity[Any], unit: str, name: str) -> float:
    try:
        return float(
            value.to(registry().parse_expression(unit).units).magnitude / registry().parse_expression(unit).magnitude
        )
    except pint.DimensionalityError as exc:
        raise IntensityError(f"{name}: 单位应可换算为 {unit} / must convert to {unit} ({value.units})") from exc


@dataclass(frozen=True)
class Intensity:
    value: float  # per 10^4 CNY
    unit: str  # "tce/10^4 CNY" or "t_CO2/10^4 CNY"

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}


def intensity(amount: pint.Quantity[Any], gdp: pint.Quantity[Any]) -> Intensity:
    """Energy (any energy unit, reported in tce) or CO2 (t_CO2) per 10^4 CNY."""
    gdp_wan = _in(gdp, PER_10K_CNY, "gdp")
    if gdp_wan <= 0:
        raise IntensityError("gdp: 必须大于零 / must be positive")
    if amount.check("[co2_mass]"):
        return Intensity(_in(amount, "t_CO2", "amount") / gdp_wan, "t_CO2/10^4 CNY")
    return Intensity(_in(amount, "tce", "amount") / gdp_wan, "tce/10^4 CNY")


def change_rate(current: Intensity, base: Intensity) -> float:
    """Change of intensity versus the base year, in percent (negative = a fall)."""
    if current.unit != base.unit:
        raise IntensityError(f"单位不一致 / units differ: {current.unit} vs {base.unit}")
    if base.value <= 0:
        raise IntensityError("base: 基年强度必须大于零 / base-year intensity must be positive")
    return (current.value / base.value - 1.0) * 100.0


def comparable_gdp(base_year: int, base_gdp: float, real_growth: Mapping[int, float]) -> dict[int, float]:
    """GDP of each year at base-year prices from the base year's GDP and real growth rates.

    `real_growth` maps year → growth in percent over the year before (e.g. {2021: 8.1}); the
    years must follow the base year without a gap.
    """
    early = sorted(y for y in real_growth if y <= base_year)
    if early:
        raise IntensityError(
            f"real_growth: {early[0]} 不在基年 {base_year} 之后 / is not after the base year {base_year}"
        )
    out = {base_year: base_gdp}
    value = base_gdp
    for year in range(base_year + 1, max(real_growth, default=base_year) + 1):
        if year not in real_growth:
            raise IntensityError(f"real_growth: 缺少 {year} 年增速 / growth rate for {year} missing")
        value *= 1.0 + real_growth[year] / 100.0
        out[year] = value
    return out
