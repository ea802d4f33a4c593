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


# Units of measure as readers name them: pint's name of a unit → (Chinese, English). A factor's unit is
# stored as the pint expression it is checked with (`t_CO2/(1e4*kWh)`); a page shows these words.
_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "t_CO2": ("吨二氧化碳", "t CO₂"), "kg_CO2": ("千克二氧化碳", "kg CO₂"),
    "t_C": ("吨碳", "t C"), "kg_C": ("千克碳", "kg C"),
    "tce": ("吨标准煤", "tce"), "kgce": ("千克标准煤", "kgce"),
    "metric_ton": ("吨", "t"), "kilogram": ("千克", "kg"),
    "m3": ("立方米", "m³"), "meter": ("米", "m"), "kilometer": ("公里", "km"), "hectare": ("公顷", "ha"),
    "kilowatt_hour": ("千瓦时", "kWh"), "megawatt_hour": ("兆瓦时", "MWh"), "gigawatt_hour": ("吉瓦时", "GWh"),
    "kilowatt": ("千瓦", "kW"), "megawatt": ("兆瓦", "MW"),
    "megajoule": ("兆焦", "MJ"), "gigajoule": ("吉焦", "GJ"), "terajoule": ("太焦", "TJ"),
    "year": ("年", "a"), "CNY": ("元", "CNY"), "percent": ("%", "%"),
}
# A scale written into a unit (`1e4*kWh`) as Chinese and English readers write it: 万千瓦时, 10⁴ kWh.
_SCALES: dict[float, tuple[str, str]] = {1e4: ("万", "10⁴ "), 1e8: ("亿", "10⁸ ")}
_POWERS = {2: "²", 3: "³"}


def unit_words(expression: str, english: bool = False) -> str | None:
    """A unit expression as the reader's language writes it: ``t_CO2/(1e4*kWh)`` is 吨二氧化碳/万千瓦时 or
    t CO₂/10⁴ kWh, ``t_C/TJ`` 吨碳/太焦. "" for a dimensionless quantity (``1``); None where a unit or a
    scale has no words here (the caller shows the expression as written)."""
    try:
        parsed = registry().parse_expression(expression)
    except Exception:  # pint raises several unrelated kinds for text it cannot read
        return None
    magnitude = float(getattr(parsed, "magnitude", parsed))
    units: dict[str, float] = dict(getattr(parsed, "_units", {}))
    if any(name not in _UNIT_WORDS or abs(power) not in (1, 2, 3) for name, power in units.items()):
        return None
    language = 1 if english else 0
    over = [(_UNIT_WORDS[n][language], int(-p)) for n, p in units.items() if p < 0]
    under = [(_UNIT_WORDS[n][language], int(p)) for n, p in units.items() if p > 0]
    if not over and not under:
        return "" if magnitude == 1 else None
    # The scale goes where it was written: on the first unit divided by (t CO₂ per 10⁴ kWh), else on the top.
    if magnitude != 1:
        for scale, prefixes in _SCALES.items():
            if over and abs(magnitude * scale - 1) < 1e-9:
                over[0] = (prefixes[language] + over[0][0], over[0][1])
                break
            if under and abs(magnitude / scale - 1) < 1e-9:
                under[0] = (prefixes[language] + under[0][0], under[0][1])
                break
        else:
            return None
    top = "·".join(word + _POWERS.get(power, "") for word, power in under) or "1"
    return "/".join([top, *(word + _POWERS.get(power, "") for word, power in over)])
