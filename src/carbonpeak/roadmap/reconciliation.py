"""Why the roadmap's base-year CO2 and the compiled inventory of that year differ, step by step.

Pure module (no Django). Both start from the same activity data (the demo district's one source,
docs/methodology/inventory.md), but they count different things:

* the inventory's headline is **net** CO2e: every gas (CH4 and N2O as CO2e with the inventory's GWPs)
  less the removals of forests and wetlands (碳汇);
* the model counts **CO2 only, before sinks** (energy, industrial processes, waste incineration) and
  values purchased electricity and heat with the factors in force on its `factor_date` (Shanghai's
  current 4.2 t CO2/10⁴ kWh for every year, so that the 2022 change of factor is not read as a cut),
  while each inventory uses the factors of its own year (7.88 in 2020).

So: net + sinks − non-CO2 gases = the inventory's CO2; that CO2 − the model's CO2 = the change of
factors (and the model's small mapping differences, e.g. steam at heat's factor: 0.2 % of steam's CO2),
given here as the remainder so the steps always add up.

The progress scenario starts from the inventory itself: its base-year CO2 is the inventory's CO2 with
purchased electricity and heat rescaled by the electricity factor's change (progress_data.inventory_point).
Given that anchored figure, the factor step ends there and one more step leads to the model: the model's
own reckoning of the same activity (purchased heat at heat's own factor, which fell a little less than
electricity's; steam at heat's factor; fuels grouped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

REMOVALS = "lulucf"  # the inventory category of sinks (accounting.inventory.Category.LULUCF)


@dataclass(frozen=True)
class Step:
    key: str  # net | sinks | non_co2 | inventory_co2 | factors | [anchored | mapping] | model
    value_t: float  # the step's amount (t); for the two ends and the middle, the level itself
    level: bool  # True: a level (net, inventory CO2, model), False: a change added to the level before


@dataclass(frozen=True)
class Reconciliation:
    year: int
    steps: tuple[Step, ...]

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


def reconcile(year: int, inventory_net_t: float, lines: Iterable[Mapping[str, Any]], model_co2_t: float,
              anchored_co2_t: float | None = None) -> Reconciliation:
    """The steps from the inventory's net CO2e to the model's CO2 of the same year; with `anchored_co2_t`
    (the progress scenario's figure of that year) through it."""
    rows = list(lines)
    sinks = -sum(float(r.get("co2e_t") or 0.0) for r in rows if r.get("category") == REMOVALS)
    non_co2 = sum(float(r.get("co2e_t") or 0.0) - float(r.get("co2_t") or 0.0)
                  for r in rows if r.get("category") != REMOVALS)
    inventory_co2 = inventory_net_t + sinks - non_co2
    return Reconciliation(year, (
        Step("net", inventory_net_t, True),
        Step("sinks", sinks, False),
        Step("non_co2", -non_co2, False),
        Step("inventory_co2", inventory_co2, True),
        *((Step("factors", model_co2_t - inventory_co2, False),) if anchored_co2_t is None else (
            Step("factors", anchored_co2_t - inventory_co2, False),
            Step("anchored", anchored_co2_t, True),
            Step("mapping", model_co2_t - anchored_co2_t, False))),
        Step("model", model_co2_t, True),
    ))
