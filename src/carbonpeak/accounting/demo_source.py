"""The demo district's one source (演示区数据源): data/demo/jinshan-demo.yaml.

Pure module (no Django). Every room's demo figures are generated here from that one file, so
the accounting demo (activity data, inventory entries, land, GDP), the demo indicator series
and the roadmap's base year cannot disagree:

    amount(stream, y) = base × (1 + growth/100)^(y − anchor)        (or the stream's `steps`)
    incineration CO2(y) = population(y) × waste per resident × (1 − recovery(y)) × fossil CO2/t

The roadmap side (`roadmap_base`) accounts the base year's activity with the accounting engine
and the roadmap's factor set, and sums it by the roadmap's sectors and fuels.
docs/methodology/inventory.md ("The demo district") gives the sources and the mapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.engine import AccountingResult, account
from carbonpeak.accounting.factor_sets import FactorSet
from carbonpeak.common.measures import registry
from carbonpeak.common.yaml_files import parse_yaml

SOURCE_FILE = Path(__file__).resolve().parents[1] / "data" / "demo" / "jinshan-demo.yaml"
DAYS_PER_YEAR = 365.25


@cache
def load_source(path: Path = SOURCE_FILE) -> dict[str, Any]:
    """The demo source as read from its YAML file (cached; treat it as read-only)."""
    data: dict[str, Any] = parse_yaml(path.read_text(encoding="utf-8"))
    return data


def grown(base: float, growth_percent: float, years_since: int) -> float:
    return float(base * (1 + growth_percent / 100) ** years_since)


def stream_amount(spec: Mapping[str, Any], stream: Mapping[str, Any], year: int) -> float:
    """A stream's amount in `year`; before the anchor year a growth stream is extrapolated back
    (used for the calibration year) and a `steps` stream is zero."""
    offset = year - int(spec["anchor_year"])
    if "steps" in stream:
        steps = stream["steps"]
        return float(steps[offset]) if 0 <= offset < len(steps) else 0.0
    return grown(float(stream["base"]), float(stream["growth"]), offset)


def activity_records(spec: Mapping[str, Any], years: Sequence[int], period: str | None = None) -> list[dict[str, Any]]:
    """Accounting activity records of the demo streams for `years` (amounts rounded to 0.001).

    `period` overrides the records' period label (one year only): the same amounts then take the
    factors in force on that day, which is how the roadmap's factor basis is compared."""
    out = []
    for stream in spec["streams"]:
        for year in years:
            amount = stream_amount(spec, stream, year)
            if amount <= 0:
                continue
            out.append({
                "entity": stream["entity"],
                "period": period or str(year),
                "energy_type": stream["energy_type"],
                "quantity": round(amount, 3),
                "unit": stream["unit"],
                "use": stream.get("use", "fuel"),
                "sector": stream["sector"],
                "green_power": stream.get("green_power", False),
                "renewable": stream.get("renewable", False),
            })
    return out


def energy_accounts(spec: Mapping[str, Any], year: int, factor_set: FactorSet,
                    on: date | None = None) -> AccountingResult:
    """The year's demo activity accounted with `factor_set`, at the factors in force on `on`
    (default: those of the year itself, as the inventory compiles it)."""
    period = on.isoformat() if on is not None else None
    return account(activity_from_records(activity_records(spec, [year], period)), factor_set)


def _per_year(item: Mapping[str, Any], year: int) -> float:
    return float(item["values"][year])


def population(spec: Mapping[str, Any], year: int) -> float:
    return _per_year(spec["district"]["population"], year)


def land_area_ha(spec: Mapping[str, Any]) -> float:
    item = spec["district"]["land_area"]
    return float((registry().Quantity(float(item["value"]), str(item["unit"]))).to("ha").magnitude)


def land_areas(spec: Mapping[str, Any], year: int) -> dict[str, float]:
    """Forest and wetland area in ha (to 0.1 ha, as stored)."""
    anchor = int(spec["anchor_year"])
    return {land: round(grown(float(spec["district"][land]["area_ha"]), float(spec["district"][land]["growth"]),
                              year - anchor), 1)
            for land in ("forest", "wetland")}


def waste_per_capita_t(spec: Mapping[str, Any]) -> float:
    """Waste per resident in t a year."""
    item = spec["district"]["waste_per_capita"]
    per_day = registry().Quantity(float(item["value"]), str(item["unit"]))
    return float((per_day * registry().Quantity(DAYS_PER_YEAR, "day")).to("t").magnitude)


def incineration_co2_t(spec: Mapping[str, Any], year: int) -> float:
    """Fossil CO2 of the residual household waste burnt in `year` (t)."""
    district = spec["district"]
    recovery = _per_year(district["waste_recovery_rate"], year) / 100
    return population(spec, year) * waste_per_capita_t(spec) * (1 - recovery) * float(
        district["waste_fossil_co2"]["value"])


def entry_rows(spec: Mapping[str, Any], year: int) -> list[dict[str, Any]]:
    """The inventory's entered lines for `year`: per gas in t, or a notation key."""
    offset = year - int(spec["anchor_year"])
    rows = []
    for entry in spec["entries"]:
        g = float(entry.get("growth", 0.0))
        rows.append({
            "line": entry["line"],
            "co2_t": round(grown(float(entry.get("co2_t", 0.0)), g, offset), 1),
            "ch4_t": round(grown(float(entry.get("ch4_t", 0.0)), g, offset), 2),
            "n2o_t": round(grown(float(entry.get("n2o_t", 0.0)), g, offset), 2),
            "notation": entry.get("notation", ""),
            "quality": entry.get("quality", ""),
            "note": entry.get("note", ""),
        })
    burnt = spec["incineration"]
    rows.append({"line": burnt["line"], "co2_t": round(incineration_co2_t(spec, year), 1), "ch4_t": 0.0,
                 "n2o_t": 0.0, "notation": "", "quality": burnt.get("quality", ""), "note": burnt.get("note", "")})
    return rows


def gdp_rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in spec["district"]["gdp"]["years"]]


def gdp_10k_cny(spec: Mapping[str, Any], year: int) -> float:
    return float(next(row["value_10k_cny"] for row in gdp_rows(spec) if row["year"] == year))


def _indicator_values(spec: Mapping[str, Any], item: Mapping[str, Any]) -> dict[int, float]:
    anchor = int(spec["anchor_year"])
    kind = item.get("as", "level")
    if kind == "share_of_land":
        land = land_area_ha(spec)
        return {y: round(100 * grown(float(item["area_ha"]), float(item["growth"]), y - anchor) / land, 1)
                for y in spec["years"]}
    values = {int(y): float(v) for y, v in item["values"].items()}
    if kind == "addition":
        return {y: v - values[anchor] for y, v in values.items() if y > anchor}
    return values


def indicator_records(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Observation rows of every demo indicator series: the indicator-only series and those of
    the district's figures that name an indicator. `official` marks a series that stands for the
    office's official statistics where the plan derives the indicator."""
    out = []
    source = spec["indicator_source"]
    for code, series in spec["indicators"].items():
        reference = series.get("reference", {})
        for year, value in series["values"].items():
            out.append({"indicator": code, "period": str(year), "value": value, "unit": series["unit"],
                        "reference_value": reference.get(year), "source": source,
                        "official": bool(series.get("official", False))})
    for item in spec["district"].values():
        if isinstance(item, Mapping) and item.get("indicator"):
            unit = "%" if item.get("as") == "share_of_land" else item["unit"]
            for year, value in sorted(_indicator_values(spec, item).items()):
                out.append({"indicator": item["indicator"], "period": str(year), "value": value, "unit": unit,
                            "reference_value": None, "source": source, "official": False})
    return out


# --- the roadmap's base year -------------------------------------------------------------------


@dataclass(frozen=True)
class BaseYearEnergy:
    """The base year's demo activity in the roadmap's terms (tce, 当量值)."""

    energy_tce: dict[str, dict[str, float]]  # roadmap sector -> roadmap fuel -> tce (grid purchases only)
    feedstock_tce: dict[str, float]  # roadmap sector -> 原料用能
    fuel_co2_t: dict[str, float]  # roadmap fuel -> CO2 of burning it (direct) or buying it (heat)
    fuel_tce: dict[str, float]
    electricity_kwh: float  # bought from the grid
    unmapped: tuple[str, ...]  # "model_sector/energy_type" pairs the base file does not cover


def base_year_energy(spec: Mapping[str, Any], year: int, fuels: Mapping[str, Sequence[str]],
                     factor_set: FactorSet, on: date) -> BaseYearEnergy:
    """Sum the year's activity by (model sector, model fuel); `fuels` maps each roadmap fuel to the
    accounting energy types it covers. Factors are those in force on `on` (the roadmap's date)."""
    fuel_of = {etype: fuel for fuel, etypes in fuels.items() for etype in etypes}
    result = energy_accounts(spec, year, factor_set, on)
    table = result.table
    # Records come out in the order activity_records wrote them: the streams with an amount.
    streams = [s for s in spec["streams"] if stream_amount(spec, s, year) > 0]
    energy: dict[str, dict[str, float]] = {}
    feedstock: dict[str, float] = {}
    co2: dict[str, float] = {}
    tce: dict[str, float] = {}
    unmapped: list[str] = []
    kwh = 0.0
    if len(streams) != len(table.rows) or not np.all(np.diff(table.rows) > 0):
        raise ValueError("demo records and streams are out of step")  # a programming error, not input
    per_tce = result.per_record["energy_tce"]
    per_co2 = result.per_record["co2_t"]
    for i, stream in enumerate(streams):
        sector = str(stream["model_sector"])
        etype = table.energy_types[int(table.energy_type[i])]
        if bool(table.feedstock[i]):
            feedstock[sector] = feedstock.get(sector, 0.0) + float(per_tce[i])
            continue
        fuel = fuel_of.get(etype)
        if fuel is None:
            unmapped.append(f"{sector}/{etype}")
            continue
        if etype == "electricity":
            kwh += float(result.basis_quantity[i])
        cell = energy.setdefault(sector, {})
        cell[fuel] = cell.get(fuel, 0.0) + float(per_tce[i])
        tce[fuel] = tce.get(fuel, 0.0) + float(per_tce[i])
        co2[fuel] = co2.get(fuel, 0.0) + float(per_co2[i])
    return BaseYearEnergy(energy, feedstock, co2, tce, kwh, tuple(unmapped))
