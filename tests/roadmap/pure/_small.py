"""A small constructed district for the roadmap tests: round numbers, flat drivers, grid held.

Built from the bundled base file with the sectors replaced, so it goes through the same
loader (units, factor set) as the real data.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from carbonpeak.roadmap.basedata import BaseData, filled_base_file, parse_base_data
from carbonpeak.roadmap.scenario import ResolvedScenario, ScenarioSpec, resolve

ZERO_TRENDS = {
    "growth.gdp.petrochem": 0.0, "growth.gdp.industry_other": 0.0, "growth.gdp.services": 0.0,
    "growth.gdp.agriculture": 0.0, "growth.population": 0.0, "growth.it_load": 0.0, "grid.factor_change": 0.0,
    "intensity.petrochem.annual_change": 0.0, "intensity.industry_other.annual_change": 0.0,
    "intensity.public_buildings.annual_change": 0.0, "intensity.residential.annual_change": 0.0,
    "intensity.transport_other.annual_change": 0.0, "intensity.agriculture.annual_change": 0.0,
    "intensity.industrial_process.annual_change": 0.0,
}


@cache
def raw_base() -> dict[str, Any]:
    # The bundled file with its demo source's figures filled in (facts, sinks, waste, …).
    return filled_base_file()


def small_raw() -> dict[str, Any]:
    data = copy.deepcopy(raw_base())
    energy = {
        "petrochem": {"coal": 100, "refinery_gas": 100, "electricity": 100},
        "industry_other": {"natural_gas": 100, "electricity": 100, "heat": 10},
        "data_centre": {"electricity": 10},
        "public_buildings": {"natural_gas": 10, "electricity": 30},
        "residential": {"natural_gas": 10, "electricity": 20},
        "bus": {"oil": 2, "electricity": 2},
        "transport_other": {"oil": 50, "electricity": 5},
        "agriculture": {"oil": 5},
    }
    for sector in data["sectors"]:
        sector["energy"] = energy[sector["code"]]
        sector["unit"] = "1e4*tce"
        sector["feedstock"] = 50 if sector["code"] == "petrochem" else 0
    for p in data["parameters"]:
        if p["path"] in ZERO_TRENDS:
            p["default"] = ZERO_TRENDS[p["path"]]
    return data


@cache
def small_base() -> BaseData:
    return parse_base_data(small_raw(), "small")


def with_measures(*measure_specs: Any, overrides: dict[str, float] | None = None, base: BaseData | None = None,
                  common: dict[str, float] | None = None) -> tuple[ResolvedScenario, ResolvedScenario]:
    """(scenario, baseline) on the small base: the scenario adds the measures and `overrides`;
    `common` overrides go into the baseline, which the scenario inherits."""
    b = base or small_base()
    specs = {
        "baseline": ScenarioSpec("baseline", "基准", "Baseline", None, common or {}),
        "s": ScenarioSpec("s", "情景", "Scenario", "baseline", overrides or {}, tuple(measure_specs)),
    }
    return resolve(specs, "s", b), resolve(specs, "baseline", b)
