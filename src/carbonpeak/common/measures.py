"""Units that plan targets and indicators are expressed in.

Pure module (no Django). Each unit code maps to its Chinese and English display and to
a pint expression, so later capabilities convert observations with one registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pint


@dataclass(frozen=True)
class UnitInfo:
    code: str
    zh: str
    en: str
    pint_expr: str


UNITS: dict[str, UnitInfo] = {
    u.code: u
    for u in (
        UnitInfo("percent", "%", "%", "percent"),
        UnitInfo("MW", "兆瓦", "MW", "megawatt"),
        UnitInfo("count", "个", "count", "count"),
        UnitInfo("km", "公里", "km", "kilometer"),
        UnitInfo("m2", "平方米", "m²", "meter ** 2"),
        UnitInfo("ratio", "", "", "dimensionless"),
        UnitInfo("year", "年", "year", "dimensionless"),
        UnitInfo("tce_per_10k_cny", "吨标准煤/万元", "tce/10⁴ CNY", "tce / (1e4 * CNY)"),
    )
}


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The one pint registry of the product, with the Chinese energy-statistics units.

    tce (吨标准煤) is 29.3076 GJ by definition of the standard-coal equivalent
    (GB/T 2589-2020, 3.8: 1 kgce = 29 307.6 kJ). CNY is a base dimension of its own.
    Factor units such as ``GJ/(1e4*m3)`` carry a scale: read them with ``parse_expression``.
    """
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry()
    ureg.define("tce = 29.3076 * gigajoule")
    ureg.define("kgce = 1e-3 * tce")
    ureg.define("CNY = [currency] = yuan")
    ureg.define("count = [] ")
    ureg.define("m3 = meter ** 3")
    # Carbon and CO2 are kept as separate dimensions so that a carbon content can never be
    # added to an emission by mistake: the only bridge is the molar ratio in accounting.engine.
    ureg.define("t_C = [carbon_mass]")
    ureg.define("kg_C = 1e-3 * t_C")
    ureg.define("t_CO2 = [co2_mass]")
    ureg.define("kg_CO2 = 1e-3 * t_CO2")
    return ureg


def quantity(value: float, unit_code: str) -> pint.Quantity[Any]:
    return registry().Quantity(value, UNITS[unit_code].pint_expr)
