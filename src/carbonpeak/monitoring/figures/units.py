"""Units of the monitoring pages in the reader's words (计量单位的呈现).

Pure module (no Django). The room stores units as meters send them and as the accounting engine names
them (`tce`, `tCO₂`, `kWh`, `m3`); a Chinese page writes 吨标准煤, 吨二氧化碳, 千瓦时, 立方米
(`common.measures.unit_words`), an English page tce, t CO₂, kWh, m³. A unit with no words stays as written.

Electricity is metered in kWh, and a data centre's month or a register reaches ten digits
(1,210,785,148 kWh): such figures are written in 万千瓦时 (Chinese statistics' unit) or MWh (English).
"""

from __future__ import annotations

from carbonpeak.common.measures import unit_words

# Units as this room writes them that are not pint's names, or have no words in `common.measures`.
ALIASES = {"tCO₂": "t_CO2", "tCO2": "t_CO2", "t CO₂": "t_CO2", "kgCO₂": "kg_CO2"}
OWN_WORDS: dict[str, tuple[str, str]] = {"h": ("小时", "h"), "Nm3": ("标准立方米", "Nm³")}

KWH = "kWh"
# From this size on a kWh figure is written in the larger unit (below it, 0.0123万千瓦时 would read worse).
LARGE_KWH = 1e4


def unit_text(unit: str, english: bool) -> str:
    """`unit` in the reader's words: "tce" → 吨标准煤 / tce, "tCO₂" → 吨二氧化碳 / t CO₂, "kW/h"-like
    compounds as `unit_words` reads them; "" stays ""; anything unknown as written."""
    if not unit:
        return ""
    own = OWN_WORDS.get(unit)
    if own is not None:
        return own[1 if english else 0]
    words = unit_words(ALIASES.get(unit, unit), english)
    return unit if words is None or words == "" else words


def large_kwh(english: bool) -> tuple[float, str]:
    """The divisor and unit of large kWh figures: 10⁴ and 万千瓦时 in Chinese, 10³ and MWh in English."""
    return (1e3, "MWh") if english else (1e4, "万千瓦时")


def scaled_quantity(value: float | None, unit: str, english: bool) -> tuple[float | None, str]:
    """A metered quantity and its unit as a table writes it: a large kWh figure in 万千瓦时 / MWh, every other
    figure as measured, its unit in the reader's words. The number is only rescaled, never rounded here."""
    if unit == KWH and value is not None and abs(value) >= LARGE_KWH:
        divisor, large = large_kwh(english)
        return value / divisor, large
    return value, unit_text(unit, english)
