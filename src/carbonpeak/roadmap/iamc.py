"""Scenario results in the IAMC format (model, scenario, region, variable, unit, years).

Pure module (no Django). Variable names follow the IAMC / AR6 scenario-database template; units
are ones `iam-units` (and so `pyam`) converts: Mt CO2/yr, EJ/yr. Emissions use the IAMC split:
direct fuel combustion under Energy|Demand|<sector>, purchased electricity and heat (Shanghai's
indirect factors, consumption basis) under Energy|Supply|Electricity and |Heat, sinks as a
negative Emissions|CO2|AFOLU. So Emissions|CO2 is *net*; the gross CO2 the peak is found on is
Emissions|CO2 − Emissions|CO2|AFOLU. Results from illustrative base data say so in the xlsx
`meta` sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np
from openpyxl import Workbook

from carbonpeak.common.measures import registry
from carbonpeak.common.spreadsheet import append_row
from carbonpeak.roadmap.analysis import ScenarioResult
from carbonpeak.roadmap.model import FloatArray

MT = 1e-6  # tCO2 -> Mt CO2
EJ_PER_TCE = float((registry().parse_expression("tce") / registry().parse_expression("EJ")).to("dimensionless"))
EJ_PER_KWH = 3.6e-12
SECTOR_VARIABLES = {
    "Industry": "Industry",
    "Commercial": "Residential and Commercial",
    "Residential": "Residential and Commercial",
    "Transportation": "Transportation",
    "AFOFI": "AFOFI",
}
FINAL_ENERGY_SECTORS = {"Industry": "Industry", "Commercial": "Residential and Commercial",
                        "Residential": "Residential and Commercial", "Transportation": "Transportation",
                        "AFOFI": "Other Sector"}
GENERATION_VARIABLES = {"solar": "Solar", "wind": "Wind", "biomass": "Biomass", "other": "Other"}
KEYS = ("model", "scenario", "region", "variable", "unit")
Row = dict[str | int, Any]  # the KEYS, then year (int) -> value


def _add(acc: dict[str, FloatArray], key: str, values: FloatArray) -> None:
    acc[key] = acc[key] + values if key in acc else values.copy()


def _variables(r: ScenarioResult) -> list[tuple[str, str, FloatArray]]:
    base_sectors = {s.code: s.iamc for s in r.base_data.sectors}
    emissions: dict[str, FloatArray] = {}
    for sector, values in r.co2_t_direct_by_sector.items():
        _add(emissions, f"Emissions|CO2|Energy|Demand|{SECTOR_VARIABLES[base_sectors[sector]]}", values * MT)
    demand = np.sum(list(r.co2_t_direct_by_sector.values()), axis=0)
    energy = demand + r.co2_t_purchased["electricity"] + r.co2_t_purchased["heat"]
    process = r.co2_t_by_sector["industrial_process"]
    out: list[tuple[str, str, FloatArray]] = [
        ("Emissions|CO2", "Mt CO2/yr", r.net_co2_t * MT),
        ("Emissions|CO2|Energy and Industrial Processes", "Mt CO2/yr", (energy + process) * MT),
        ("Emissions|CO2|Energy", "Mt CO2/yr", energy * MT),
        ("Emissions|CO2|Energy|Demand", "Mt CO2/yr", demand * MT),
        *((k, "Mt CO2/yr", v) for k, v in sorted(emissions.items())),
        ("Emissions|CO2|Energy|Supply|Electricity", "Mt CO2/yr", r.co2_t_purchased["electricity"] * MT),
        ("Emissions|CO2|Energy|Supply|Heat", "Mt CO2/yr", r.co2_t_purchased["heat"] * MT),
        ("Emissions|CO2|Industrial Processes", "Mt CO2/yr", process * MT),
        ("Emissions|CO2|Waste", "Mt CO2/yr", r.co2_t_by_sector["waste"] * MT),
        ("Emissions|CO2|AFOLU", "Mt CO2/yr", -r.sinks_t * MT),
        ("Final Energy", "EJ/yr", r.energy_tce * EJ_PER_TCE),
        ("Final Energy|Non-Energy Use", "EJ/yr", r.feedstock_tce * EJ_PER_TCE),
    ]
    by_sector: dict[str, FloatArray] = {}
    for sector, values in r.energy_tce_by_sector.items():
        _add(by_sector, f"Final Energy|{FINAL_ENERGY_SECTORS[base_sectors[sector]]}", values * EJ_PER_TCE)
    by_fuel: dict[str, FloatArray] = {}
    for fuel in r.base_data.fuels:
        _add(by_fuel, f"Final Energy|{fuel.iamc}", r.energy_tce_by_fuel[fuel.code] * EJ_PER_TCE)
    out.extend((k, "EJ/yr", v) for k, v in sorted({**by_sector, **by_fuel}.items()))
    gen: dict[str, FloatArray] = {}
    for source, kwh in r.generation_kwh.items():
        _add(gen, f"Secondary Energy|Electricity|{GENERATION_VARIABLES[source]}", kwh * EJ_PER_KWH)
    out.extend((k, "EJ/yr", v) for k, v in sorted(gen.items()))
    out.append(("GDP|MER", "billion CNY_2020/yr", r.gdp_10k_cny * 1e-5))
    out.append(("Population", "million", r.population * 1e-6))
    return out


def iamc_rows(results: Mapping[str, ScenarioResult], model: str = "CarbonPeak", region: str = "Jinshan"
              ) -> list[Row]:
    """One row per scenario and variable: model, scenario, region, variable, unit, then year: value."""
    rows: list[Row] = []
    for sid, r in results.items():
        for variable, unit, values in _variables(r):
            row: Row = {"model": model, "scenario": sid, "region": region, "variable": variable,
                                   "unit": unit}
            row.update({int(y): float(v) for y, v in zip(r.years, values, strict=True)})
            rows.append(row)
    return rows


def _years(rows: Iterable[Row]) -> list[int]:
    return sorted({k for row in rows for k in row if isinstance(k, int)})


def write_iamc_csv(rows: list[Row], path_or_stream: str | Path | IO[str]) -> None:
    """IAMC wide CSV: model, scenario, region, variable, unit, then one column per year."""
    years = _years(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*(k.capitalize() for k in KEYS), *years])
    for row in rows:
        writer.writerow([row[k] for k in KEYS] + [repr(float(row[y])) if y in row else "" for y in years])
    if isinstance(path_or_stream, str | Path):
        Path(path_or_stream).write_text(buffer.getvalue(), encoding="utf-8")
    else:
        path_or_stream.write(buffer.getvalue())


def write_iamc_xlsx(rows: list[Row], path_or_stream: str | Path | IO[bytes],
                    meta: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """IAMC workbook: sheet "data" (as the CSV) and, when given, sheet "meta" (model, scenario, …)."""
    years = _years(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    append_row(sheet, [*(k.capitalize() for k in KEYS), *years])
    for row in rows:
        append_row(sheet, [row[k] for k in KEYS] + [float(row[y]) if y in row else None for y in years])
    if meta:
        columns = sorted({k for m in meta.values() for k in m})
        ms = book.create_sheet("meta")
        append_row(ms, ["model", "scenario", *columns])
        models = sorted({row["model"] for row in rows})
        for model in models:
            for sid, values in meta.items():
                append_row(ms, [model, sid, *(values.get(c) for c in columns)])
    book.save(path_or_stream)


def iamc_meta(results: Mapping[str, ScenarioResult]) -> dict[str, dict[str, Any]]:
    """Per-scenario facts for the xlsx meta sheet: peak, illustrative flag, factor set."""
    return {
        sid: {
            "peak_year": r.peak.year,
            "peak_co2_Mt": r.peak.level_t * MT,
            "illustrative": r.illustrative,
            "factor_set": r.factor_set,
        }
        for sid, r in results.items()
    }
