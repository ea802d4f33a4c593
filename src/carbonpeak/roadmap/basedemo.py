"""The base file's district figures taken from the demo source (基年数据取自演示区数据源).

Pure module (no Django). A base file (roadmap/data/base_*.yaml) that names `demo_source:
jinshan-demo` gets, from data/demo/jinshan-demo.yaml, every figure it does not state itself:

* facts: land area, population and GDP of the base year;
* sectors: energy by fuel in tce (当量值) — the base year's demo activity accounted with the
  accounting engine and summed by each stream's `model_sector` and the fuel whose
  `energy_types` list its energy type; feedstock (原料用能) apart; plus the district's own
  generation in the base year, shared out in proportion to each sector's purchases (the model
  nets it off again, so the power it buys equals the inventory's purchased electricity);
* fuels: the CO2 per tce of each burnt fuel in the base year's mix (oil = diesel, gasoline,
  fuel oil and LPG as the demo district burns them), so the model's fuel CO2 equals the
  inventory's combustion CO2;
* industrial process CO2 (the inventory's ippu.processes line), waste (the same per-resident
  figures the inventory's incineration line is computed from), existing solar generation,
  forest cover and wetland area, and the 2020 bus fleet's new-energy share.

docs/methodology/inventory.md ("The demo district") and roadmap.md ("Base data") show the mapping.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from typing import Any

from carbonpeak.accounting import demo_source
from carbonpeak.accounting.factor_sets import FactorSet

DEMO_DIR = demo_source.SOURCE_FILE.parent


def _status(item: Mapping[str, Any]) -> str:
    return "illustrative" if item.get("illustrative", True) else "published"


def _fill(target: dict[str, Any], fragment: Mapping[str, Any]) -> None:
    """Add what `target` lacks from `fragment`, recursively; `target`'s own values win."""
    for key, value in fragment.items():
        if key not in target:
            target[key] = copy.deepcopy(value)
        elif isinstance(target[key], dict) and isinstance(value, Mapping):
            _fill(target[key], value)


def _figures(spec: Mapping[str, Any], year: int) -> dict[str, Any]:
    """Everything but the sectors and fuels, in the base file's shape."""
    d = spec["district"]
    forest_ha = demo_source.land_areas(spec, year)["forest"]
    wetland_ha = demo_source.land_areas(spec, year)["wetland"]
    process = next(e for e in demo_source.entry_rows(spec, year) if e["line"] == "ippu.processes")
    pv = d["solar_pv_capacity"]
    gdp = d["gdp"]
    return {
        "facts": {
            "land_area": {"value": d["land_area"]["value"], "unit": d["land_area"]["unit"],
                          "status": _status(d["land_area"]), "source": d["land_area"]["source"]},
            "population": {"value": demo_source.population(spec, year), "unit": "1",
                           "status": _status(d["population"]), "source": d["population"]["source"]},
            "gdp": {"value": demo_source.gdp_10k_cny(spec, year), "unit": "1e4*CNY", "status": "assumed",
                    "source": f"{gdp['source']}. {gdp.get('note', '')}".strip()},
        },
        "industrial_process": {"value": process["co2_t"], "unit": "t_CO2", "status": "illustrative",
                               "source": f"demo inventory line ippu.processes, {year} ({spec['source']})"},
        "waste": {
            "per_capita": {"value": d["waste_per_capita"]["value"], "unit": d["waste_per_capita"]["unit"],
                           "status": _status(d["waste_per_capita"]), "source": d["waste_per_capita"]["source"]},
            "recycling_rate_2020": {"value": float(d["waste_recovery_rate"]["values"][year]) / 100, "unit": "1",
                                    "status": _status(d["waste_recovery_rate"]),
                                    "source": d["waste_recovery_rate"]["source"]},
            "fossil_co2_per_t_residual": {"value": d["waste_fossil_co2"]["value"],
                                          "unit": d["waste_fossil_co2"]["unit"],
                                          "status": _status(d["waste_fossil_co2"]),
                                          "source": d["waste_fossil_co2"]["source"]},
        },
        "generation_existing": {"solar": {
            "capacity": {"value": float(pv["values"][year]), "unit": "MW"},
            "full_load_hours": {"value": float(pv["full_load_hours"]), "unit": "h"},
            "status": _status(pv), "source": pv["source"],
        }},
        "sinks": {
            "forest_cover_2020": {"value": forest_ha / demo_source.land_area_ha(spec), "unit": "1",
                                  "status": _status(d["forest"]),
                                  "source": f"forest {forest_ha} ha ÷ land area; {d['forest']['source']}"},
            "wetland_area_2020": {"value": wetland_ha, "unit": "ha", "status": _status(d["wetland"]),
                                  "source": d["wetland"]["source"]},
        },
        "context": {
            "bus_nev_share_2020": {"value": float(d["bus_nev_share"]["values"][year]) / 100, "unit": "1",
                                   "status": _status(d["bus_nev_share"]), "source": d["bus_nev_share"]["source"]},
        },
    }


def _own_generation_kwh(base: Mapping[str, Any]) -> float:
    total = 0.0
    for item in dict(base.get("generation_existing") or {}).values():
        capacity, hours = item.get("capacity") or {}, item.get("full_load_hours") or {}
        if capacity.get("unit") == "MW" and hours.get("unit") == "h":
            total += float(capacity["value"]) * 1000 * float(hours["value"])
    return total


def with_demo(data: Any, factor_set: FactorSet, on: date) -> tuple[Any, list[tuple[str, str]]]:
    """`data` with its demo source's figures filled in, and the problems found (field, message).

    Data without a `demo_source` come back unchanged."""
    if not isinstance(data, Mapping) or not data.get("demo_source"):
        return data, []
    name = str(data["demo_source"])
    path = DEMO_DIR / f"{name}.yaml"
    if not path.is_file():
        return data, [("demo_source", f"未找到演示数据 / no demo source '{name}' in data/demo")]
    spec = demo_source.load_source(path)
    year = int(data.get("base_year", spec["anchor_year"]))
    out = copy.deepcopy(dict(data))
    _fill(out, _figures(spec, year))
    fuels = {str(f.get("code")): [str(t) for t in f.get("energy_types") or [f.get("factor_subject")]]
             for f in out.get("fuels") or []}
    found = demo_source.base_year_energy(spec, year, fuels, factor_set, on)
    problems = [(f"{name}.streams", f"没有对应的基年部门或能源 / no base-file sector or fuel for {pair}")
                for pair in found.unmapped]
    codes = {str(s.get("code")) for s in out.get("sectors") or []}
    problems += [(f"{name}.streams", f"未知部门 / unknown model_sector '{code}'")
                 for code in sorted(set(found.energy_tce) - codes)]
    electricity = next((f["code"] for f in out.get("fuels") or [] if f.get("factor_subject") == "electricity"), None)
    # Own generation used in the district, shared out in proportion to purchases.
    uplift = 1 + _own_generation_kwh(out) / found.electricity_kwh if found.electricity_kwh > 0 else 1.0
    for sector in out.get("sectors") or []:
        if "energy" in sector:
            continue  # stated in the base file itself
        energy = dict(found.energy_tce.get(str(sector.get("code")), {}))
        if electricity in energy:
            energy[str(electricity)] *= uplift
        sector["energy"] = energy
        sector["unit"] = "tce"
        sector.setdefault("feedstock", found.feedstock_tce.get(str(sector.get("code")), 0.0))
    for fuel in out.get("fuels") or []:
        code = str(fuel.get("code"))
        if "emission_factor" in fuel or code not in found.fuel_tce or code == electricity or len(fuels[code]) < 2:
            continue  # a fuel of one energy type keeps the factor set's own factor (the same number)
        if fuel.get("factor_subject") in ("heat", "steam"):
            continue  # bought-in heat keeps the factor set's factor for heat (steam differs by 0.2 %)
        fuel["emission_factor"] = {
            "value": found.fuel_co2_t[code] / found.fuel_tce[code], "unit": "t_CO2/tce",
            "source": f"{year} mix of {', '.join(fuels[code])} in {name} (CO2 ÷ tce, accounting engine)",
        }
    return out, problems
