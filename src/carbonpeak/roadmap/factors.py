"""Emission factors of the roadmap model, taken from an accounting factor set (排放因子).

Pure module (no Django). The roadmap restates no factor: it looks each one up in a factor set
of the accounting room (`accounting/factors/*.yaml|csv`, via `accounting.factor_sets`), on one
date, and converts it with pint to what the model multiplies by:

    EF_fuel   = NCV × carbon content × oxidation × 44/12 ÷ coal coefficient   (tCO2/tce)
    EF_heat   = purchased-heat factor ÷ heat coal coefficient                  (tCO2/tce)
    grid      = purchased-power factor                                         (tCO2/kWh)
    kWh → tce = electricity coal coefficient (当量值, 0.1229 kgce/kWh)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pint

from carbonpeak.accounting.factor_sets import Factor, FactorSet, Parameter, bundled_factor_sets
from carbonpeak.accounting.factor_sets import resolve as resolve_factor_set
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.measures import registry
from carbonpeak.roadmap.issues import Issues, ScenarioError


class FuelKind:
    COMBUSTION = "combustion"
    ELECTRICITY = "electricity"
    HEAT = "heat"


@dataclass(frozen=True)
class FactorValues:
    """Factors from the accounting factor set, per tce (fuels, heat) or per kWh (grid)."""

    set_label: str
    ef_t_per_tce: Mapping[str, float]  # combustion fuels and purchased heat
    electricity_tce_per_kwh: float
    grid_t_per_kwh: float
    cited: tuple[str, ...]


def _q(text: str) -> pint.Quantity[Any]:
    parsed: pint.Quantity[Any] = registry().parse_expression(text)
    return parsed


@cache
def _factor_set(set_id: str) -> FactorSet:
    return resolve_factor_set(set_id, bundled_factor_sets())


def factor_values(set_id: str, on: date, fuels: Sequence[tuple[str, str, str]]) -> FactorValues:
    """Per-tce emission factors of each fuel and the grid factor, from an accounting factor set.

    `fuels` are (code, accounting subject, FuelKind) triples."""
    try:
        fset = _factor_set(set_id)
    except AccountingInputError as exc:
        raise ScenarioError(exc.issues) from exc
    issues = Issues(f"factor set {set_id}")
    cited: dict[str, str] = {}

    def get(subject: str, parameter: Parameter) -> Factor | None:
        found = fset.lookup(subject, parameter, on)
        if found is None:
            issues.add(f"{subject}.{parameter}", f"因子集缺少该因子 / factor missing on {on.isoformat()}")
        else:
            cited[f"{subject}.{parameter}"] = f"{found.row.standard} {found.row.table}".strip()
        return found

    ef: dict[str, float] = {}
    tce_per_kwh = grid = 0.0
    for code, s, kind in fuels:
        coal = get(s, Parameter.COAL_COEFFICIENT)
        if kind == FuelKind.COMBUSTION:
            parts = [get(s, p) for p in (Parameter.NCV, Parameter.CARBON_CONTENT, Parameter.OXIDATION)]
            if coal and all(parts):
                ncv, cc, ox = (p.quantity for p in parts if p)
                value = ncv * cc * ox * _q("44/12 t_CO2/t_C") / coal.quantity
                ef[code] = float(value.to("t_CO2/tce").magnitude)
        elif kind == FuelKind.HEAT:
            factor = get(s, Parameter.EMISSION_FACTOR)
            if coal and factor:
                ef[code] = float((factor.quantity / coal.quantity).to("t_CO2/tce").magnitude)
        else:
            factor = get(s, Parameter.EMISSION_FACTOR)
            if coal and factor:
                tce_per_kwh = float(coal.quantity.to("tce/kWh").magnitude)
                grid = float(factor.quantity.to("t_CO2/kWh").magnitude)
    issues.raise_if_any()
    return FactorValues(
        set_label=fset.label(),
        ef_t_per_tce=ef,
        electricity_tce_per_kwh=tce_per_kwh,
        grid_t_per_kwh=grid,
        cited=tuple(f"{k}: {v}" for k, v in sorted(cited.items())),
    )
